import type { AuditEvent } from '@govshare/domain/audit';
import type { DocumentTransition } from '@govshare/domain/exchange';
import type { Unit } from '@govshare/domain/identity';
import { ConflictError } from '@govshare/domain/kernel';
import type { StoredDocument } from '@govshare/functions/exchange/document-store.ts';
import { type OfficialDraftRequest, officialDraftId } from '@govshare/functions/exchange/index.ts';
import {
  createOfficialDraftsConsumer,
  DRAFTED_ACTION,
} from '@govshare/functions/exchange/official-drafts.ts';
import type { DirectoryEntry } from '@govshare/functions/platform/auth.ts';
import { createLogger } from '@govshare/functions/platform/logger.ts';
import { encodeQueueBody } from '@govshare/functions/platform/queue-body.ts';
import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const EGOV = '611000204';
const HRSS = '611000109';
const units = new Set([EGOV, HRSS, '611000108']);
const people = new Map<string, DirectoryEntry>([
  [
    'egov-reviewer',
    { id: 'egov-reviewer', unitCode: EGOV, roles: ['egov-reviewer', 'drafter'], kind: 'person' },
  ],
  ['finance-drafter', { id: 'finance-drafter', unitCode: '611000108', roles: ['drafter'], kind: 'person' }],
  ['egov-auditor', { id: 'egov-auditor', unitCode: EGOV, roles: ['auditor'], kind: 'person' }],
  ['gone', { id: 'gone', unitCode: EGOV, roles: ['drafter'], kind: 'person', disabled: true }],
]);

const source = (ref: string) => ({ context: 'review', ref });
const request = (ref: string, changes: Partial<OfficialDraftRequest> = {}): OfficialDraftRequest => ({
  source: source(ref),
  documentId: officialDraftId(source(ref)),
  drafter: 'egov-reviewer',
  content: {
    type: '批复',
    title: '关于某项目的批复',
    issuingUnits: [EGOV],
    mainRecipients: [HRSS],
    body: '商洛市人力资源和社会保障局：\n此复。',
  },
  requestedAt: '2026-11-20T09:00:00.000Z',
  ...changes,
});

function harness(options: { raceOnSave?: boolean } = {}) {
  const stored = new Map<string, StoredDocument>();
  const audit: AuditEvent[] = [];
  const saves: DocumentTransition[] = [];
  const handle = createOfficialDraftsConsumer({
    documents: {
      get: async (id) => stored.get(id),
      async saveTransition(_before, transition) {
        saves.push(transition);
        const document = {
          ...transition.document,
          historyHead: { seq: 1, hash: 'h' },
        } as unknown as StoredDocument;
        if (options.raceOnSave) {
          stored.set(document.id, document);
          throw new ConflictError('exists');
        }
        stored.set(document.id, document);
        return document;
      },
    },
    principals: { principalFor: async (subject) => people.get(subject) },
    draftChecks: {
      directory: {
        unit: async (code) =>
          units.has(code) ? ({ code, name: code, level: 'city', kind: 'department' } as Unit) : undefined,
        childrenOf: async () => [],
        membersOf: async () => [],
        principal: async () => undefined,
        units: async () => new Map(),
      },
      recipientLists: { get: async () => undefined } as never,
      attachments: { contents: async () => new Map() } as never,
    },
    audit: { record: async (event: AuditEvent) => void audit.push(event) } as never,
    now: () => new Date('2026-11-20T09:00:01.000Z'),
    logger: createLogger('exchange-drafts'),
  });
  const run = async (...bodies: unknown[]) =>
    handle(
      {
        Records: bodies.map((body, i) => ({ messageId: `m${i}`, body: encodeQueueBody(body) })),
      } as unknown as SQSEvent,
      {} as Context,
    );
  return { stored, audit, saves, run };
}

const failed = (response: { batchItemFailures: { itemIdentifier: string }[] }) =>
  response.batchItemFailures.map((f) => f.itemIdentifier).sort();

describe('the exchange-drafts consumer', () => {
  it('drafts a request once, under its id, in the drafter’s name, with its source on the audit trail', async () => {
    const { stored, audit, run } = harness();
    const first = request('P-1/v1');
    expect(failed(await run(first, first))).toEqual([]);
    expect(stored.size).toBe(1);
    expect(stored.get(first.documentId)).toMatchObject({
      drafter: 'egov-reviewer',
      drafterUnit: EGOV,
      state: 'draft',
    });
    expect(failed(await run(first))).toEqual([]);
    expect(stored.size).toBe(1);
    const drafted = audit.filter((e) => e.action === DRAFTED_ACTION);
    expect(drafted.length).toBeGreaterThanOrEqual(1);
    expect(drafted[0]?.items).toEqual(
      expect.arrayContaining(['source-context:review', 'source-ref:P-1/v1', 'state:draft']),
    );
  });

  it('fails, per message, a drafter who is unknown, disabled, of another unit or no drafter; drops a forged id', async () => {
    const { stored, run } = harness();
    const response = await run(
      request('P-2/v1', { drafter: 'nobody' }),
      request('P-3/v1', { drafter: 'gone' }),
      request('P-4/v1', { drafter: 'finance-drafter' }),
      request('P-5/v1', { drafter: 'egov-auditor' }),
      request('P-6/v1', { documentId: officialDraftId(source('someone-else')) }),
      request('P-7/v1'),
      'not a request',
    );
    expect(failed(response)).toEqual(['m0', 'm1', 'm2', 'm3', 'm6']);
    expect([...stored.keys()]).toEqual([officialDraftId(source('P-7/v1'))]);
  });

  it('fails a draft naming an unknown unit, and a classified one (audited as refused, nothing stored)', async () => {
    const { stored, audit, run } = harness();
    const base = request('P-8/v1');
    const response = await run(
      { ...base, content: { ...base.content, mainRecipients: ['611000999'] } },
      request('P-9/v1', { content: { ...base.content, title: '关于机密★档案系统项目的批复' } }),
      // (A batch of failures only is thrown whole; one success keeps the answer per message.)
      request('P-11/v1'),
    );
    expect(failed(response)).toEqual(['m0', 'm1']);
    expect([...stored.keys()]).toEqual([officialDraftId(source('P-11/v1'))]);
    expect(audit.map((e) => [e.action, e.outcome]).sort()).toEqual(
      [
        ['exchange.document.draft', 'refused'],
        [DRAFTED_ACTION, 'ok'],
      ].sort(),
    );
    expect(JSON.stringify(audit)).not.toContain('档案系统');
  });

  it('succeeds when the same request, delivered twice at once, was written by the other delivery', async () => {
    const { run, stored } = harness({ raceOnSave: true });
    expect(failed(await run(request('P-10/v1')))).toEqual([]);
    expect(stored.size).toBe(1);
  });
});
