import { UploadOutlined } from '@ant-design/icons';
import type { components } from '@govshare/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Progress,
  Select,
  Space,
  Spin,
  Table,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { codeSegment, cstDateTime } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { sharing } from '../../strings/sharing.ts';
import { zh } from '../../strings.ts';
import { putFile } from '../../uploads.ts';
import { useProblemForm } from './shared.tsx';

const t = sharing.upload;
const FIELDS = ['format', 'encoding'];
const POLL_MS = 500;
const REJECTS_PAGE = 20;
const CONTENT_TYPES = { csv: 'text/csv', jsonl: 'application/x-ndjson' } as const;
type Format = keyof typeof CONTENT_TYPES;
type Encoding = 'utf-8' | 'gbk' | 'gb18030';
type UploadView = components['schemas']['DatasetUpload'] & {
  rejections?: { line: number; reason: string }[];
};

const finished = (upload: UploadView | undefined) =>
  upload?.status === 'loaded' || upload?.status === 'rejected';
const formatOf = (name: string): Format => (/\.(jsonl|ndjson)$/i.test(name) ? 'jsonl' : 'csv');

/** The file's lines, counted as it streams by (never held whole): the bar's total of rows. */
async function countLines(file: Blob): Promise<number> {
  let lines = 0;
  let last = 10;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const byte of value) if (byte === 10) lines++;
    last = value.at(-1) ?? last;
  }
  return lines + (last === 10 ? 0 : 1);
}

/** An upload's progress and, once finished, its report: rows loaded and rejected, each reject by line. */
function UploadReport({
  code,
  uploadId,
  expectedRows,
}: {
  code: string;
  uploadId: string;
  expectedRows?: number;
}) {
  const { client } = useSession();
  const report = useQuery({
    queryKey: ['dataset-upload', code, uploadId],
    queryFn: async () =>
      (await answerOf(
        client.GET('/v1/catalogue/resources/{code}/datasets/uploads/{uploadId}', {
          params: { path: { code, uploadId } },
        }),
      )) as UploadView,
    refetchInterval: (query) => (finished(query.state.data) ? false : POLL_MS),
  });
  if (report.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={report.error.message} />;
  const upload = report.data;
  if (!upload) return <Spin />;
  const done = finished(upload);
  const total = Math.max(upload.rowsRead, expectedRows ?? 0, 1);
  const listed = upload.rejections ?? [];
  return (
    <Card title={`${t.rows} · ${t.status[upload.status] ?? upload.status}`} data-testid="upload-report">
      <Progress
        aria-label={t.rows}
        percent={done ? 100 : Math.min(99, Math.floor((upload.rowsRead / total) * 100))}
        status={upload.status === 'rejected' ? 'exception' : done ? 'success' : 'active'}
      />
      <Typography.Paragraph data-testid="upload-counts">
        {t.counts(upload.rowsRead, upload.rowsLoaded, upload.rowsRejected)}
      </Typography.Paragraph>
      {upload.fileRejection ? (
        <Alert type="error" showIcon title={t.fileRejection(upload.fileRejection)} />
      ) : null}
      {done && upload.rowsRejected > 0 ? (
        <>
          <Typography.Title level={5}>{t.rejections}</Typography.Title>
          {/* The API lists the first rejects of a report (at most 1,000), in one answer: paged here. */}
          <Table
            data-testid="upload-rejections"
            size="small"
            rowKey="line"
            dataSource={listed}
            pagination={
              listed.length > REJECTS_PAGE ? { pageSize: REJECTS_PAGE, showSizeChanger: false } : false
            }
            columns={[
              { title: t.line, dataIndex: 'line', width: 100 },
              { title: t.why, dataIndex: 'reason' },
            ]}
          />
          {listed.length < upload.rowsRejected ? (
            <Typography.Text type="secondary">
              {t.unlisted(upload.rowsRejected - listed.length)}
            </Typography.Text>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}

/** The resource's current version and every upload of it (the provider's view of GET …/datasets). */
function UploadHistory({ code }: { code: string }) {
  const { client } = useSession();
  const datasets = useQuery({
    queryKey: ['datasets', code],
    queryFn: () =>
      answerOf(client.GET('/v1/catalogue/resources/{code}/datasets', { params: { path: { code } } })),
  });
  const current = datasets.data?.current;
  return (
    <Card title={t.history} size="small">
      <Typography.Paragraph>
        {current ? t.current(current.rows, cstDateTime(current.loadedAt)) : t.noCurrent}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        loading={datasets.isLoading}
        dataSource={datasets.data?.uploads ?? []}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t.createdAt, width: 150, render: (_, u) => cstDateTime(u.createdAt) },
          { title: t.createdBy, dataIndex: 'createdBy', width: 150 },
          { title: t.format, width: 100, render: (_, u) => t.formats[u.format] },
          { title: sharing.columns.status, width: 130, render: (_, u) => t.status[u.status] },
          {
            title: sharing.upload.rows,
            render: (_, u) => t.counts(u.rowsRead, u.rowsLoaded, u.rowsRejected),
          },
          {
            title: sharing.columns.actions,
            width: 100,
            render: (_, u) => <Link to={`?resource=${code}&upload=${u.id}`}>{t.open}</Link>,
          },
        ]}
      />
    </Card>
  );
}

/**
 * 上传数据集 (`/sharing/upload?resource=301201-000001`), for the provider's catalogue editors: the
 * upload is started, the file PUT to its presigned URL with a bar of the bytes, completed, and the
 * ingestion followed until its report (the CLI's `govshare upload`, in the browser).
 */
export function UploadPage() {
  const { client } = useSession();
  const queries = useQueryClient();
  const [params, setParams] = useSearchParams();
  const code = codeSegment(params.get('resource') ?? '');
  const uploadId = params.get('upload') ?? undefined;
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [fileMissing, setFileMissing] = useState(false);
  const [sent, setSent] = useState<{ bytes: number; of: number }>();
  const [expectedRows, setExpectedRows] = useState<number>();
  const { form, showProblem, clear, banner } = useProblemForm(FIELDS, t.failed);
  const resource = useQuery({
    queryKey: ['resource', code],
    enabled: code !== '',
    queryFn: () => answerOf(client.GET('/v1/catalogue/resources/{code}', { params: { path: { code } } })),
  });
  const start = useMutation({
    mutationFn: async ({ file, format, encoding }: { file: File; format: Format; encoding: Encoding }) => {
      setSent({ bytes: 0, of: file.size });
      // A CSV's first line is its header, not a row.
      void countLines(file).then((lines) => setExpectedRows(format === 'csv' ? lines - 1 : lines));
      const started = await answerOf(
        client.POST('/v1/catalogue/resources/{code}/datasets/uploads', {
          params: { path: { code }, header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: { format, encoding },
        }),
      );
      const id = started.upload.id;
      await putFile(started.uploadUrl, file, CONTENT_TYPES[format], (bytes) =>
        setSent({ bytes, of: file.size }),
      );
      await answerOf(
        client.POST('/v1/catalogue/resources/{code}/datasets/uploads/{uploadId}/complete', {
          params: { path: { code, uploadId: id } },
        }),
      );
      return id;
    },
    onMutate: clear,
    onSuccess: (id) => {
      void queries.invalidateQueries({ queryKey: ['datasets', code] });
      setParams(new URLSearchParams({ resource: code, upload: id }));
    },
    onError: showProblem,
  });
  if (resource.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={resource.error.message} />;
  if (!resource.data) return <Spin />;
  const r = resource.data;
  const file = files[0]?.originFileObj;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 960 }}>
      <Typography.Title level={3}>{t.title(r.name)}</Typography.Title>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={zh.catalogue.columns.code}>
          <Link to={`/catalogue/resources/${code}`}>{r.code}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={zh.resource.items}>
          {r.items.map((item) => item.name).join(', ')}
        </Descriptions.Item>
      </Descriptions>
      <Card>
        <Form
          form={form}
          name="dataset-upload"
          layout="vertical"
          initialValues={{ format: 'csv', encoding: 'utf-8' }}
          onFinish={(values: { format: Format; encoding: Encoding }) => {
            setFileMissing(!file);
            if (file) start.mutate({ file, ...values });
          }}
        >
          {banner}
          <Form.Item
            label={t.file}
            validateStatus={fileMissing ? 'error' : undefined}
            help={fileMissing ? t.noFile : undefined}
          >
            <Upload
              accept=".csv,.jsonl,.ndjson,text/csv"
              maxCount={1}
              fileList={files}
              beforeUpload={() => false}
              onChange={({ fileList }) => {
                setFiles(fileList.slice(-1));
                const name = fileList.at(-1)?.name;
                if (name) form.setFieldsValue({ format: formatOf(name) });
                setFileMissing(false);
              }}
            >
              <Button icon={<UploadOutlined />}>{t.choose}</Button>
            </Upload>
          </Form.Item>
          <Space size="large">
            <Form.Item name="format" label={t.format}>
              <Select
                style={{ width: 160 }}
                options={Object.entries(t.formats).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            <Form.Item name="encoding" label={t.encoding}>
              <Select
                style={{ width: 160 }}
                options={Object.entries(t.encodings).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
          </Space>
          {sent ? (
            <Form.Item label={t.bytes}>
              <Progress
                aria-label={t.bytes}
                data-testid="upload-bytes"
                percent={sent.of === 0 ? 100 : Math.floor((sent.bytes / sent.of) * 100)}
                // Not antd's green "success" text at 100%: it misses WCAG AA's contrast on white.
                status="normal"
                format={() =>
                  `${sent.bytes.toLocaleString('zh-CN')} / ${sent.of.toLocaleString('zh-CN')} 字节`
                }
              />
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" loading={start.isPending}>
            {t.submit}
          </Button>
        </Form>
      </Card>
      {uploadId ? (
        <UploadReport
          key={uploadId}
          code={code}
          uploadId={uploadId}
          {...(expectedRows !== undefined ? { expectedRows } : {})}
        />
      ) : null}
      <UploadHistory code={code} />
    </Space>
  );
}
