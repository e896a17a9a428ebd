import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Menu, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { zh } from '../../strings.ts';

const t = zh.sharing;

/**
 * A list read a page at a time through the API's cursor: the cursors of the pages before this one
 * are kept, so 上一页 asks for that page again and nothing beyond one page is ever held. `scope`
 * names the list (its filters): another scope starts again at its first page.
 */
export function useCursorPages(scope: string) {
  const [state, setState] = useState<{ scope: string; cursors: string[] }>({ scope, cursors: [] });
  const cursors = state.scope === scope ? state.cursors : [];
  return {
    cursor: cursors.at(-1),
    page: cursors.length + 1,
    first: () => setState({ scope, cursors: [] }),
    previous: () => setState({ scope, cursors: cursors.slice(0, -1) }),
    next: (cursor: string) => setState({ scope, cursors: [...cursors, cursor] }),
  };
}

export function Pager({
  pages,
  nextCursor,
}: {
  pages: ReturnType<typeof useCursorPages>;
  nextCursor: string | undefined;
}) {
  return (
    <Space>
      <span>{t.paging.page(pages.page)}</span>
      <Button disabled={pages.page === 1} onClick={pages.first}>
        {t.paging.first}
      </Button>
      <Button disabled={pages.page === 1} onClick={pages.previous}>
        {t.paging.previous}
      </Button>
      <Button disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>
        {t.paging.next}
      </Button>
    </Space>
  );
}

/** One page of a list as the API answers it, in a table with its pager; a refusal above it. */
export function CursorTable<T extends { id: string }>({
  testId,
  list,
  pages,
  columns,
}: {
  testId: string;
  list: UseQueryResult<{ items: T[]; nextCursor?: string }>;
  pages: ReturnType<typeof useCursorPages>;
  columns: TableColumnsType<T>;
}) {
  return (
    <>
      {list.error ? (
        <Alert type="error" showIcon title={zh.loadFailed} description={list.error.message} />
      ) : null}
      <Table<T>
        data-testid={testId}
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 1100 }}
        columns={columns}
        footer={() => <Pager pages={pages} nextCursor={list.data?.nextCursor} />}
      />
    </>
  );
}

const SECTIONS = [
  { key: '/sharing', label: t.nav.requests },
  { key: '/sharing/grants', label: t.nav.grants },
  { key: '/sharing/queries', label: t.nav.queries, roles: ['data-approver'] },
] as const;

/** The sharing area's own sections, as links (the provider's usage records only for its approvers). */
export function SharingNav({ roles }: { roles: readonly string[] }) {
  const { pathname } = useLocation();
  const sections = SECTIONS.filter(
    (section) => !('roles' in section) || section.roles.some((role) => roles.includes(role)),
  );
  return (
    <nav aria-label={zh.areas.sharing}>
      <Menu
        mode="horizontal"
        selectedKeys={[pathname]}
        style={{ marginBottom: 16 }}
        items={sections.map((section) => ({
          key: section.key,
          label: <Link to={section.key}>{section.label}</Link>,
        }))}
      />
    </nav>
  );
}
