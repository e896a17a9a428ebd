import { diffContents, draftInputSchema } from '@govshare/domain/exchange';
import { describe, expect, it } from 'vitest';

const content = (changes: Record<string, unknown> = {}) =>
  draftInputSchema.parse({
    type: '通知',
    title: '关于开展试运行的通知',
    issuingUnits: ['611000001'],
    mainRecipients: ['611002000'],
    body: '第一行\n第二行\n第三行',
    ...changes,
  });

describe('diffContents', () => {
  it('names each changed field with its values, and the body line by line', () => {
    const diff = diffContents(
      content(),
      content({
        title: '关于开展试运行的补充通知',
        urgency: '特急',
        body: '第一行\n第二行（修改）\n第三行\n第四行',
      }),
    );
    expect(diff.fields).toEqual([
      { field: 'title', from: '关于开展试运行的通知', to: '关于开展试运行的补充通知' },
      { field: 'urgency', to: '特急' },
    ]);
    expect(diff.body).toEqual({
      linesAdded: 3,
      linesRemoved: 2,
      runs: [
        { kind: 'unchanged', lines: ['第一行'], fromLine: 1, toLine: 1 },
        { kind: 'removed', lines: ['第二行', '第三行'], fromLine: 2 },
        { kind: 'added', lines: ['第二行（修改）', '第三行', '第四行'], toLine: 2 },
      ],
    });
  });

  it('finds nothing between equal revisions, whatever the order of their recipients’ keys', () => {
    const a = content({ mainRecipients: [{ group: 'townships-of', county: '611002' }] });
    const b = content({ mainRecipients: [{ county: '611002', group: 'townships-of' }] });
    const diff = diffContents(a, b);
    expect(diff.fields).toEqual([]);
    expect(diff.body.runs).toEqual([
      { kind: 'unchanged', lines: ['第一行', '第二行', '第三行'], fromLine: 1, toLine: 1 },
    ]);
  });
});
