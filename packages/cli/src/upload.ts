import { createReadStream } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { codeToPathSegment } from '@govshare/domain/catalogue';
import type { DatasetFormat, RejectedRow, Upload } from '@govshare/domain/sharing';
import { Presets, SingleBar } from 'cli-progress';
import type { CommandContext } from './commands.ts';
import { answerOf } from './commands.ts';
import { RefusedError } from './errors.ts';
import { checkDatasetFile, formatOf, parseEncoding } from './file-check.ts';
import { print } from './output.ts';

/** An upload with its report: the rejected rows by line (up to REJECTED_ROWS_LISTED), once finished. */
export type UploadReport = Upload & { rejections?: RejectedRow[] };

const CONTENT_TYPES: Readonly<Record<DatasetFormat, string>> = {
  csv: 'text/csv',
  jsonl: 'application/x-ndjson',
};
const POLL_MS = 500;
const finished = (upload: Upload) => upload.status === 'loaded' || upload.status === 'rejected';

const bar = (ctx: CommandContext, format: string) =>
  new SingleBar(
    { format, stream: ctx.io.stderr as NodeJS.WriteStream, hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );

/**
 * 上传数据集: the file is checked here first (exists, decodes in its declared encoding), then the
 * upload is started, the file PUT to its presigned URL (bar of bytes), completed, and the ingestion
 * polled (bar of rows read, with loaded / rejected) until the row report, which is printed.
 */
export async function uploadDataset(
  ctx: CommandContext,
  path: string,
  options: Record<string, unknown>,
): Promise<void> {
  const encoding = parseEncoding(options.encoding as string);
  const format = formatOf(path, options.format as string | undefined);
  const file = await checkDatasetFile(path, encoding, format);
  await ctx.login();
  const code = codeToPathSegment(options.resource as string);

  const started = await answerOf(
    ctx.api,
    ctx.client.POST('/v1/catalogue/resources/{code}/datasets/uploads', {
      params: { path: { code }, header: { 'Idempotency-Key': crypto.randomUUID() } },
      body: { format, encoding },
    }),
  );
  const uploadId = started.upload.id;
  const people = !ctx.json;

  const bytes = bar(ctx, '上传 [{bar}] {percentage}% | {value}/{total} 字节');
  if (people) bytes.start(file.bytes, 0);
  await putFile(started.uploadUrl, file.path, file.bytes, CONTENT_TYPES[format], (sent) => {
    if (people) bytes.update(sent);
  });
  if (people) bytes.stop();

  await answerOf(
    ctx.api,
    ctx.client.POST('/v1/catalogue/resources/{code}/datasets/uploads/{uploadId}/complete', {
      params: { path: { code, uploadId } },
    }),
  );

  const rows = bar(ctx, '入库 [{bar}] {value}/{total} 行 | 已载入 {loaded} | 已拒绝 {rejected}');
  if (people) rows.start(Math.max(file.rowsEstimate, 1), 0, { loaded: 0, rejected: 0 });
  const deadline = Date.now() + (options.timeout as number) * 1000;
  let report: UploadReport;
  for (;;) {
    report = await answerOf(
      ctx.api,
      ctx.client.GET('/v1/catalogue/resources/{code}/datasets/uploads/{uploadId}', {
        params: { path: { code, uploadId } },
      }),
    );
    if (people) {
      // The total was counted by line: a quoted field spanning lines makes it an estimate.
      if (report.rowsRead > rows.getTotal()) rows.setTotal(report.rowsRead);
      if (finished(report)) rows.setTotal(Math.max(report.rowsRead, 1));
      rows.update(report.rowsRead, { loaded: report.rowsLoaded, rejected: report.rowsRejected });
    }
    if (finished(report)) break;
    if (Date.now() > deadline) {
      if (people) rows.stop();
      throw new RefusedError({
        title: '入库未在等待时间内完成',
        detail: `上传 ${uploadId} 仍在进行（${report.status}）：稍后用 GET /v1/catalogue/resources/${code}/datasets/uploads/${uploadId} 查看报告`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  if (people) rows.stop();

  print(ctx.io, ctx.json, report, renderReport);
  if (report.status === 'rejected') {
    // The report is printed; the exit code says the file was refused as a whole.
    throw new RefusedError({ title: '文件被拒绝', detail: report.fileRejection ?? '整个文件未被载入' }, '');
  }
}

export function renderReport(report: UploadReport): string {
  const lines = [
    `上传 ${report.id}（资源 ${report.resourceCode}）：${report.status === 'loaded' ? '已入库' : '被拒绝'}`,
    `读取 ${report.rowsRead} 行，载入 ${report.rowsLoaded} 行，拒绝 ${report.rowsRejected} 行`,
  ];
  if (report.fileRejection) lines.push(`整个文件被拒绝：${report.fileRejection}`);
  const listed = report.rejections ?? [];
  for (const row of listed) lines.push(`  第 ${row.line} 行：${row.reason}`);
  if (listed.length < report.rowsRejected)
    lines.push(`  （另有 ${report.rowsRejected - listed.length} 行被拒绝，未逐行列出）`);
  return lines.join('\n');
}

/**
 * The file to its presigned URL, streamed with its Content-Length (S3 refuses a chunked PUT), counting
 * the bytes as they go. The URL is S3's, not a route of the API: the one request not made by the client.
 */
function putFile(
  url: string,
  path: string,
  length: number,
  contentType: string,
  onProgress: (sent: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      { method: 'PUT', headers: { 'content-length': length, 'content-type': contentType } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve();
          reject(
            new RefusedError({
              title: '文件上传被存储拒绝',
              status,
              detail: Buffer.concat(chunks).toString('utf8').slice(0, 300),
            }),
          );
        });
      },
    );
    req.on('error', (error) => reject(new RefusedError({ title: '文件上传失败', detail: error.message })));
    let sent = 0;
    const stream = createReadStream(path);
    stream.on('data', (chunk) => {
      sent += chunk.length;
      onProgress(sent);
    });
    stream.on('error', (error) => {
      req.destroy(error);
      reject(new RefusedError({ title: '读取文件失败', detail: error.message }));
    });
    stream.pipe(req);
  });
}
