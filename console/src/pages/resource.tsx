import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { answerOf } from '../api.ts';
import { hasAny } from '../areas.ts';
import { cstDateTime } from '../format.ts';
import { useMe, useSession } from '../session.tsx';
import { zh } from '../strings.ts';
import { UnitName } from '../units.tsx';

/** One resource: what it is, its data items, its versions and its DCAT-AP identifier. */
export function ResourcePage() {
  const { client } = useSession();
  const me = useMe();
  const navigate = useNavigate();
  const code = useParams().code ?? '';
  const resource = useQuery({
    queryKey: ['resource', code],
    queryFn: () => answerOf(client.GET('/v1/catalogue/resources/{code}', { params: { path: { code } } })),
  });
  const versions = useQuery({
    queryKey: ['resource-versions', code],
    queryFn: () =>
      answerOf(client.GET('/v1/catalogue/resources/{code}/versions', { params: { path: { code } } })),
  });
  if (resource.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={resource.error.message} />;
  if (!resource.data) return <Spin />;
  const r = resource.data;
  // The dataset's IRI in the DCAT-AP feeds (packages/domain/src/catalogue/dcat.ts) is this resource's address.
  const dcatIri = `${window.location.origin}/v1/catalogue/resources/${code}`;
  // What the API would let this user do with it (blueprint roles; the API checks again).
  const roles = me.data?.roles ?? [];
  const ownUnit = me.data?.unit.code === r.providerUnit;
  const mayRequest =
    !ownUnit &&
    r.shareType !== 'not-shared' &&
    hasAny(roles, ['data-consumer', 'catalogue-editor', 'data-approver', 'platform-admin']);
  const mayUpload = ownUnit && hasAny(roles, ['catalogue-editor']);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} data-testid="resource-name">
        {r.name} {r.stale ? <Tag color="red">{zh.catalogue.stale}</Tag> : null}
      </Typography.Title>
      {mayRequest || mayUpload ? (
        <Space>
          {mayRequest ? (
            <Button type="primary" onClick={() => navigate(`/sharing/request?resource=${code}`)}>
              {zh.resource.requestAccess}
            </Button>
          ) : null}
          {mayUpload ? (
            <Button onClick={() => navigate(`/sharing/upload?resource=${code}`)}>
              {zh.resource.uploadDataset}
            </Button>
          ) : null}
        </Space>
      ) : null}
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label={zh.catalogue.columns.code}>{r.code}</Descriptions.Item>
        <Descriptions.Item label={zh.resource.provider}>
          <UnitName code={r.providerUnit} />
        </Descriptions.Item>
        <Descriptions.Item label={zh.catalogue.columns.category}>
          {zh.catalogue.category[r.category]}
        </Descriptions.Item>
        <Descriptions.Item label={zh.catalogue.columns.shareType}>
          {zh.catalogue.shareType[r.shareType]}
        </Descriptions.Item>
        <Descriptions.Item label={zh.catalogue.columns.format}>
          {zh.catalogue.format[r.format]}
        </Descriptions.Item>
        <Descriptions.Item label={zh.catalogue.columns.updateCycle}>
          {zh.catalogue.updateCycle[r.updateCycle]}
        </Descriptions.Item>
        <Descriptions.Item label={zh.resource.shareMethod}>
          {r.shareMethod ? zh.catalogue.shareMethod[r.shareMethod] : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={zh.resource.openToPublic}>
          {r.openToPublic ? zh.resource.yes : zh.resource.no}
        </Descriptions.Item>
        {r.shareCondition ? (
          <Descriptions.Item label={zh.resource.shareCondition} span={2}>
            {r.shareCondition}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={zh.resource.abstract} span={2}>
          {r.abstract}
        </Descriptions.Item>
        <Descriptions.Item label={zh.resource.tags} span={2}>
          {r.tags.map((tag) => (
            <Tag key={tag}>{tag}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={zh.resource.dcat} span={2}>
          <Typography.Text copyable data-testid="dcat-iri">
            {dcatIri}
          </Typography.Text>
          {r.openToPublic ? (
            <>
              {' · '}
              <a href="/v1/catalogue/dcat/public" target="_blank" rel="noreferrer">
                {zh.resource.dcatFeed}
              </a>
            </>
          ) : null}
        </Descriptions.Item>
      </Descriptions>
      <Card title={zh.resource.items} size="small">
        <Table
          data-testid="resource-items"
          rowKey="name"
          size="small"
          dataSource={r.items}
          pagination={r.items.length > 20 ? { pageSize: 20 } : false}
          columns={[
            { title: zh.resource.item.title, dataIndex: 'title' },
            {
              title: zh.resource.item.name,
              dataIndex: 'name',
              render: (name: string) => <code>{name}</code>,
            },
            { title: zh.resource.item.type, dataIndex: 'type' },
            {
              title: zh.resource.item.required,
              render: (_, item) => (item.required ? zh.resource.yes : zh.resource.no),
            },
            {
              title: zh.resource.item.sensitive,
              render: (_, item) =>
                item.sensitive ? <Tag color="orange">{zh.resource.yes}</Tag> : zh.resource.no,
            },
          ]}
        />
      </Card>
      <Card title={zh.resource.versions} size="small">
        <Table
          data-testid="resource-versions"
          rowKey="version"
          size="small"
          loading={versions.isLoading}
          dataSource={versions.data?.items ?? []}
          pagination={false}
          columns={[
            { title: zh.resource.version.version, dataIndex: 'version' },
            { title: zh.resource.version.status, render: (_, v) => zh.resource.status[v.status] },
            { title: zh.resource.version.publishedAt, render: (_, v) => cstDateTime(v.publishedAt) },
            { title: zh.resource.version.updatedAt, render: (_, v) => cstDateTime(v.updatedAt) },
          ]}
        />
      </Card>
    </Space>
  );
}
