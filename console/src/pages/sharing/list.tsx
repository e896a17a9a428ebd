import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Space, Table, type TableColumnsType } from 'antd';
import { NavLink } from 'react-router';
import { CursorPager, type CursorPages } from '../../paging.tsx';
import { sharing as t } from '../../strings/sharing.ts';
import { zh } from '../../strings.ts';

/** One page of a list as the API answers it, in a table with its pager; a refusal above it. */
export function CursorTable<T extends { id: string }>({
  testId,
  list,
  pages,
  columns,
}: {
  testId: string;
  list: UseQueryResult<{ items: T[]; nextCursor?: string }>;
  pages: CursorPages;
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
        footer={() => (
          <CursorPager pages={pages} nextCursor={list.data?.nextCursor}>
            <span>{t.page(pages.index + 1)}</span>
          </CursorPager>
        )}
      />
    </>
  );
}

const SECTIONS = [
  { key: '/sharing', label: t.nav.requests },
  { key: '/sharing/grants', label: t.nav.grants },
  { key: '/sharing/queries', label: t.nav.queries, roles: ['data-approver'] },
] as const;

/** The sharing area's own sections, as links like the other areas' (usage records only for approvers). */
export function SharingNav({ roles }: { roles: readonly string[] }) {
  const sections = SECTIONS.filter(
    (section) => !('roles' in section) || section.roles.some((role) => roles.includes(role)),
  );
  return (
    <nav aria-label={zh.areas.sharing} style={{ marginBottom: 8 }}>
      <Space size="large">
        {sections.map((section) => (
          <NavLink
            key={section.key}
            to={section.key}
            end
            style={({ isActive }) => (isActive ? { fontWeight: 600 } : undefined)}
          >
            {section.label}
          </NavLink>
        ))}
      </Space>
    </nav>
  );
}
