import { draftInputSchema } from '@govshare/domain/exchange';
import type { Principal, Unit } from '@govshare/domain/identity';
import { UnprocessableError } from '@govshare/domain/kernel';
import type { AttachmentContent } from '@govshare/functions/exchange/attachment-store.ts';
import {
  checkDraft,
  checkReviewers,
  type DraftCheckDeps,
} from '@govshare/functions/exchange/draft-checks.ts';
import type { UnitDirectory } from '@govshare/functions/identity/index.ts';
import { describe, expect, it } from 'vitest';

const unit = (code: string, changes: Partial<Unit> = {}): Unit => ({
  code,
  name: `单位${code}`,
  shortName: '单位',
  level: 'city',
  kind: 'department',
  ...changes,
});
const units = new Map(
  [
    unit('611000001'),
    unit('611002000', { level: 'county', kind: 'government' }),
    unit('611000999', { dissolved: true }),
  ].map((u) => [u.code, u]),
);
const principals = new Map<string, Principal>(
  [
    { id: 'rev', roles: ['reviewer'] },
    { id: 'off', roles: ['reviewer'], disabled: true },
    { id: 'clerk', roles: ['clerk'] },
  ].map((p) => [p.id, { name: '某甲', unitCode: '611000001', kind: 'person', ...p } as Principal]),
);
const directory: UnitDirectory = {
  unit: async (code) => units.get(code),
  childrenOf: async () => [],
  membersOf: async () => [],
  principal: async (id) => principals.get(id),
  units: async (codes) =>
    new Map(codes.flatMap((code) => units.get(code) ?? []).map((found) => [found.code, found])),
};
const sha = 'a'.repeat(64);
const deps: DraftCheckDeps = {
  directory,
  recipientLists: {
    get: async (owner, id) =>
      owner === '611000001' && id === 'ours'
        ? { id, unit: owner, name: '常用', units: [], createdBy: 'x', createdAt: '' }
        : undefined,
    create: async () => {},
    listOf: async () => ({ items: [] }),
  },
  attachments: {
    contents: async (owner, hashes) =>
      new Map(
        owner === '611000001' && hashes.includes(sha)
          ? [[sha, { sha256: sha, size: 10 } as AttachmentContent]]
          : [],
      ),
    create: async () => {},
    get: async () => undefined,
    complete: async () => {},
    reject: async () => {},
  },
};
const content = (changes: Record<string, unknown>) =>
  draftInputSchema.parse({
    type: '通知',
    title: '关于试运行的通知',
    issuingUnits: ['611000001'],
    mainRecipients: ['611002000'],
    body: '正文',
    ...changes,
  });
const pathsOf = async (run: () => Promise<void>) => {
  try {
    await run();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(UnprocessableError);
    return (error as UnprocessableError).issues.map((issue) => issue.path);
  }
};

describe('checkDraft', () => {
  it('accepts known units, the county of a group, the unit’s own list and its uploaded attachment', async () => {
    const ok = content({
      mainRecipients: ['611002000', { group: 'townships-of', county: '611002' }, { list: 'ours' }],
      attachments: [{ name: '附件.pdf', sha256: sha, size: 10 }],
    });
    expect(await pathsOf(() => checkDraft(ok, '611000001', deps))).toEqual([]);
  });

  it('names every unknown, dissolved or foreign thing', async () => {
    const bad = content({
      mainRecipients: ['611002000', '611000999', { group: 'townships-of', county: '611021' }],
      copyRecipients: [{ list: 'theirs' }, { group: 'departments-of', unit: '611000888' }],
      attachments: [
        { name: '尺寸不符.pdf', sha256: sha, size: 11 },
        { name: '未上传.pdf', sha256: 'b'.repeat(64), size: 10 },
      ],
    });
    expect(await pathsOf(() => checkDraft(bad, '611000001', deps))).toEqual([
      'body.attachments.0',
      'body.attachments.1',
      'body.copyRecipients.0',
      'body.copyRecipients.1',
      'body.mainRecipients.1',
      'body.mainRecipients.2',
    ]);
    const ownList = content({ mainRecipients: [{ list: 'ours' }] });
    expect(await pathsOf(() => checkDraft(ownList, '611002000', deps))).toEqual(['body.mainRecipients.0']);
  });
});

describe('checkReviewers', () => {
  it('wants enabled users who may review', async () => {
    expect(await pathsOf(() => checkReviewers(['rev'], directory))).toEqual([]);
    expect(
      await pathsOf(() => checkReviewers(['ghost', { countersign: ['rev', 'off', 'clerk'] }], directory)),
    ).toEqual(['body.steps.0', 'body.steps.1.countersign.1', 'body.steps.1.countersign.2']);
  });
});
