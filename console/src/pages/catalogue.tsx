import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Form, Input, Row, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { answerOf, ProblemError } from '../api.ts';
import { codeSegment, cstDay } from '../format.ts';
import { CursorPager, useCursorPages } from '../paging.tsx';
import { fieldErrorsOf } from '../problem.ts';
import { useMe, useSession } from '../session.tsx';
import { zh } from '../strings.ts';
import { UnitName } from '../units.tsx';

const PAGE_SIZE = 20;
/** The facets the search answers, with the query parameter each filters by. */
const FACETS = [
  { facet: 'category', param: 'category', labels: zh.catalogue.category },
  { facet: 'shareType', param: 'shareType', labels: zh.catalogue.shareType },
  { facet: 'providerUnit', param: 'provider', labels: undefined },
  { facet: 'format', param: 'format', labels: zh.catalogue.format },
  { facet: 'updateCycle', param: 'updateCycle', labels: zh.catalogue.updateCycle },
] as const;
type FacetParam = (typeof FACETS)[number]['param'];
const FORM_FIELDS = ['q', ...FACETS.map(({ param }) => param)];

/**
 * 数据陈旧: my unit's resources whose data is older than their update cycle allows, for its
 * catalogue editors to refresh (GET /v1/catalogue/stale?provider=<my unit>).
 */
function MyStaleResources({ unit }: { unit: string }) {
  const { client } = useSession();
  const stale = useQuery({
    queryKey: ['catalogue-stale', unit],
    queryFn: () => answerOf(client.GET('/v1/catalogue/stale', { params: { query: { provider: unit } } })),
  });
  const items = stale.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="my-stale"
      style={{ marginBottom: 16 }}
      title={zh.catalogue.myStale(items.length)}
      description={
        <Space wrap>
          {items.map((item) => (
            <Link key={item.code} to={`/catalogue/resources/${codeSegment(item.code)}`}>
              {`${item.name}（${zh.catalogue.updateCycle[item.updateCycle] ?? item.updateCycle}，${zh.catalogue.staleSince(cstDay(item.staleSince))}）`}
            </Link>
          ))}
        </Space>
      }
    />
  );
}

/** 数据目录: full-text search with facets, a page at a time through the API's cursor. */
export function CataloguePage() {
  const { client } = useSession();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(
    FACETS.flatMap(({ param }) => (params.get(param) ? [[param, params.get(param) as string]] : [])),
  ) as Partial<Record<FacetParam, string>>;
  const q = params.get('q') ?? '';
  const pages = useCursorPages(params.toString());
  const cursor = pages.cursor;
  const search = useQuery({
    queryKey: ['catalogue-search', q, filters, cursor],
    placeholderData: keepPreviousData,
    queryFn: () =>
      answerOf(
        client.GET('/v1/catalogue/search', {
          params: {
            query: { ...(q ? { q } : {}), ...filters, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) },
          },
        }),
      ),
  });
  const change = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  const facets = search.data?.facets;
  // A refused search (e.g. a query over 200 characters) says what is wrong beside the search box.
  const [form] = Form.useForm();
  const problem = search.error instanceof ProblemError ? search.error.problem : undefined;
  const { fields, general } = useMemo(() => fieldErrorsOf(problem, FORM_FIELDS), [problem]);
  useEffect(() => {
    form.setFields([{ name: 'q', errors: [] }, ...fields]);
  }, [form, fields]);
  return (
    <>
      <Typography.Title level={3}>{zh.areas.catalogue}</Typography.Title>
      {me.data?.roles.includes('catalogue-editor') ? <MyStaleResources unit={me.data.unit.code} /> : null}
      <Form form={form} initialValues={{ q }} style={{ maxWidth: 560, marginBottom: 16 }}>
        <Form.Item name="q" style={{ marginBottom: 0 }}>
          <Input.Search
            role="searchbox"
            aria-label={zh.catalogue.search}
            placeholder={zh.catalogue.search}
            allowClear
            enterButton
            onSearch={(value) => change('q', value.trim() || undefined)}
          />
        </Form.Item>
      </Form>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            {FACETS.map(({ facet, param, labels }) => {
              const counts = facets?.[facet] ?? {};
              const chosen = filters[param];
              return (
                <Card
                  key={facet}
                  size="small"
                  title={zh.catalogue.facets[facet]}
                  data-testid={`facet-${facet}`}
                >
                  {Object.entries(counts).map(([value, count]) => (
                    <Tag.CheckableTag
                      key={value}
                      // WCAG 2.2's target size: 24 px high, apart from the next row.
                      style={{ minHeight: 24, lineHeight: '22px', marginBottom: 4 }}
                      checked={chosen === value}
                      onChange={(checked) => change(param, checked ? value : undefined)}
                    >
                      {labels ? (labels[value] ?? value) : <UnitName code={value} />} ({count})
                    </Tag.CheckableTag>
                  ))}
                </Card>
              );
            })}
          </Space>
        </Col>
        <Col xs={24} md={18}>
          {search.error && (!problem || general.length > 0) ? (
            <Alert
              type="error"
              showIcon
              title={zh.loadFailed}
              description={general.join('；') || search.error.message}
            />
          ) : null}
          <Table
            data-testid="catalogue-results"
            rowKey="code"
            loading={search.isFetching}
            dataSource={search.data?.hits ?? []}
            pagination={false}
            columns={[
              {
                title: zh.catalogue.columns.name,
                render: (_, hit) => (
                  <Space orientation="vertical" size={0}>
                    <Link to={`/catalogue/resources/${codeSegment(hit.code)}`}>{hit.name}</Link>
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
                      {hit.abstract}
                    </Typography.Text>
                  </Space>
                ),
              },
              { title: zh.catalogue.columns.code, dataIndex: 'code', width: 130 },
              {
                title: zh.catalogue.columns.provider,
                width: 180,
                render: (_, hit) => <UnitName code={hit.providerUnit} />,
              },
              {
                title: zh.catalogue.columns.shareType,
                width: 120,
                render: (_, hit) => zh.catalogue.shareType[hit.shareType],
              },
              {
                title: zh.catalogue.columns.publishedAt,
                width: 140,
                render: (_, hit) => cstDay(hit.publishedAt),
              },
            ]}
            footer={() => (
              <CursorPager pages={pages} nextCursor={search.data?.cursor}>
                <span>{zh.catalogue.total(search.data?.total ?? 0)}</span>
              </CursorPager>
            )}
          />
        </Col>
      </Row>
    </>
  );
}
