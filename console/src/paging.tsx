import { Button, Space } from 'antd';
import { type ReactNode, useState } from 'react';
import { zh } from './strings.ts';

/**
 * The API pages every list with an opaque cursor (`nextCursor`). A list page keeps the cursors of
 * the pages before the one shown, so it can go back; a change of `resetKey` (the filters) starts
 * again at the first page.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; cursors: string[] }>({ key: resetKey, cursors: [] });
  const cursors = state.key === resetKey ? state.cursors : [];
  const set = (next: string[]) => setState({ key: resetKey, cursors: next });
  return {
    /** The cursor of the page to ask for; undefined for the first. */
    cursor: cursors.at(-1),
    /** 0 on the first page. */
    index: cursors.length,
    first: () => set([]),
    previous: () => set(cursors.slice(0, -1)),
    next: (cursor: string) => set([...cursors, cursor]),
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/** 回到第一页 / 上一页 / 下一页 under a list, with what the page wants beside them (e.g. a total). */
export function CursorPager({
  pages,
  nextCursor,
  children,
}: {
  pages: CursorPages;
  nextCursor: string | undefined;
  children?: ReactNode;
}) {
  return (
    <Space wrap>
      {children}
      <Button disabled={pages.index === 0} onClick={pages.first}>
        {zh.paging.firstPage}
      </Button>
      <Button disabled={pages.index === 0} onClick={pages.previous}>
        {zh.paging.previousPage}
      </Button>
      <Button disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>
        {zh.paging.nextPage}
      </Button>
    </Space>
  );
}
