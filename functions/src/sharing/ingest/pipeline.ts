import type { DataItemDefinition } from '@govshare/domain/catalogue';
import {
  checkCsvRow,
  checkHeader,
  checkJsonRow,
  type DatasetEncoding,
  type DatasetFormat,
  REJECTED_ROWS_LISTED,
  type RejectedRow,
  type RowCheck,
  type RowValue,
  type UploadProgress,
} from '@govshare/domain/sharing';
import { decodeText, type FileRecord, FileRejection, readRecords } from './records.ts';

export interface LoadedRow {
  line: number;
  row: Record<string, RowValue>;
}

/** Stores one batch of good rows (at most `batchSize`); must be idempotent per line. */
export interface RowWriter {
  write(rows: LoadedRow[]): Promise<void>;
}

export interface IngestOptions {
  source: AsyncIterable<Uint8Array>;
  format: DatasetFormat;
  encoding: DatasetEncoding;
  items: readonly DataItemDefinition[];
  /** Birth dates in citizen IDs must lie before it. */
  today: Date;
  writer: RowWriter;
  /** Rows per write: BatchWriteItem takes 25. */
  batchSize?: number;
  /** Writes in flight at once; more waits (backpressure on the file stream). */
  concurrency?: number;
  onProgress?: (progress: UploadProgress) => Promise<void>;
  progressEveryRows?: number;
}

export interface IngestReport extends UploadProgress {
  status: 'loaded' | 'rejected';
  fileRejection?: string;
  /** The first REJECTED_ROWS_LISTED rejected rows; rowsRejected counts all. */
  rejections: RejectedRow[];
}

/**
 * Streams a file through decode → parse → validate → batched writes, holding at most
 * `concurrency × batchSize` rows in memory whatever the file's size.
 */
export async function ingest(options: IngestOptions): Promise<IngestReport> {
  const { items, today, writer, format } = options;
  const batchSize = options.batchSize ?? 25;
  const concurrency = options.concurrency ?? 4;
  const progressEvery = options.progressEveryRows ?? 10_000;
  const progress: UploadProgress = { rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 };
  const rejections: RejectedRow[] = [];
  const inFlight = new Set<Promise<void>>();
  let writeError: unknown;
  let batch: LoadedRow[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const write = writer
      .write(rows)
      .then(() => {
        progress.rowsLoaded += rows.length;
      })
      .catch((error: unknown) => {
        writeError ??= error;
      })
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (writeError) throw writeError;
  };
  const drain = async () => {
    await Promise.all(inFlight);
    if (writeError) throw writeError;
  };
  const reject = (line: number, reason: string) => {
    progress.rowsRejected++;
    if (rejections.length < REJECTED_ROWS_LISTED) rejections.push({ line, reason: reason.slice(0, 200) });
  };
  const report = (fileRejection?: string): IngestReport => ({
    ...progress,
    status: fileRejection ? 'rejected' : 'loaded',
    ...(fileRejection ? { fileRejection } : {}),
    rejections,
  });

  const end = { endsWithNewline: true };
  const records = readRecords(decodeText(options.source, options.encoding), format, end);
  let columns: (DataItemDefinition | undefined)[] | undefined;
  // One record is held back so the last one is known as last: a cut-off last line means a truncated file.
  let held: FileRecord | undefined;

  const handle = async (record: FileRecord, isLast: boolean) => {
    if (format === 'csv' && !columns) {
      if (record.kind !== 'fields') throw new FileRejection('The file has no header line');
      const header = checkHeader(record.fields, items);
      if (!header.ok) throw new FileRejection(header.reason);
      columns = header.columns;
      return;
    }
    if (
      isLast &&
      !end.endsWithNewline &&
      record.kind === 'fields' &&
      record.fields.length < (columns?.length ?? 0)
    ) {
      throw new FileRejection(
        `The last line (${record.line}) has ${record.fields.length} of ${columns?.length} fields and no line end: the file is truncated`,
      );
    }
    progress.rowsRead++;
    let check: RowCheck;
    if (record.kind === 'unreadable') check = { ok: false, reason: record.reason };
    else if (record.kind === 'json') check = checkJsonRow(record.value, items, today);
    else check = checkCsvRow(record.fields, columns ?? [], items, today);
    if (check.ok) {
      batch.push({ line: record.line, row: check.row });
      if (batch.length >= batchSize) await flush();
    } else {
      reject(record.line, check.reason);
    }
    if (options.onProgress && progress.rowsRead % progressEvery === 0)
      await options.onProgress({ ...progress });
  };

  try {
    for await (const record of records) {
      if (held) await handle(held, false);
      held = record;
    }
    if (held) await handle(held, true);
    if (format === 'csv' && !columns) throw new FileRejection('The file is empty: no header line');
    await flush();
    await drain();
  } catch (error) {
    if (!(error instanceof FileRejection)) {
      await Promise.allSettled(inFlight);
      throw error;
    }
    await drain();
    return report(error.message);
  }
  return report();
}
