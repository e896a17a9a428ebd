import {
  approveReview,
  createDraft,
  type DraftContent,
  documentTodos,
  draftInputSchema,
  type ExchangeActor,
  issuerCodeOf,
  participatesIn,
  returnForRevision,
  signOff,
  submitForReview,
} from '@govshare/domain/exchange';
import { describe, expect, it } from 'vitest';

const OFFICE = '611000001';
const FINANCE = '611000108';
const at = new Date('2026-03-10T09:00:00+08:00');
const drafter: ExchangeActor = { subject: 'office-drafter', unit: OFFICE, roles: ['drafter'] };
const reviewer = (subject: string, unit = OFFICE): ExchangeActor => ({ subject, unit, roles: ['reviewer'] });
const content = (changes: Record<string, unknown> = {}): DraftContent =>
  draftInputSchema.parse({
    type: '通知',
    title: '关于开展电子公文交换试运行的通知',
    issuingUnits: [OFFICE, FINANCE],
    mainRecipients: ['611002000'],
    body: '各县区人民政府：\n现就有关事项通知如下。',
    ...changes,
  });

describe('the 机关代字 of a number', () => {
  it('is the lead unit’s short name and a suffix by type', () => {
    expect(issuerCodeOf('商政办', '通知')).toBe('商政办发');
    expect(issuerCodeOf('商政办', '意见')).toBe('商政办发');
    expect(issuerCodeOf('商政办', '函')).toBe('商政办函');
    expect(issuerCodeOf('商政办', '纪要')).toBe('商政办纪');
    expect(issuerCodeOf('商政', '命令')).toBe('商政令');
  });
});

describe('to-do items', () => {
  const draft = createDraft({ id: 'd1', content: content(), actor: drafter, now: at }).document;
  const steps = ['office-reviewer', { countersign: ['r2', 'r3', 'finance-rev'] }];

  it('are the open step’s pending reviewers, then the units yet to sign, then nothing', () => {
    expect(documentTodos(draft)).toEqual([]);
    let doc = submitForReview({ document: draft, steps, actor: drafter, now: at }).document;
    expect(documentTodos(doc)).toEqual([{ kind: 'review', subject: 'office-reviewer', round: 1, step: 0 }]);
    doc = approveReview({ document: doc, actor: reviewer('office-reviewer'), now: at }).document;
    doc = approveReview({ document: doc, actor: reviewer('r2'), now: at }).document;
    expect(documentTodos(doc).map((t) => (t.kind === 'review' ? t.subject : t.unit))).toEqual([
      'r3',
      'finance-rev',
    ]);
    const returned = returnForRevision({
      document: doc,
      actor: reviewer('r3'),
      comments: '改',
      now: at,
    }).document;
    expect(documentTodos(returned)).toEqual([]);
    doc = approveReview({ document: doc, actor: reviewer('r3'), now: at }).document;
    doc = approveReview({ document: doc, actor: reviewer('finance-rev', FINANCE), now: at }).document;
    expect(documentTodos(doc)).toEqual([
      { kind: 'sign', unit: OFFICE },
      { kind: 'sign', unit: FINANCE },
    ]);
    doc = signOff({
      document: doc,
      actor: { subject: 's', unit: FINANCE, roles: ['signer'] },
      now: at,
    }).document;
    expect(documentTodos(doc)).toEqual([{ kind: 'sign', unit: OFFICE }]);
  });
});

describe('who takes part in a document', () => {
  const draft = createDraft({ id: 'd2', content: content(), actor: drafter, now: at }).document;
  const inReview = submitForReview({
    document: draft,
    steps: [{ countersign: ['office-reviewer', 'county-leader'] }],
    actor: drafter,
    now: at,
  }).document;

  it('members of its issuing units, its reviewers, administrators and auditors; no one else', () => {
    const as = (subject: string, unit: string, roles: ExchangeActor['roles'] = []) =>
      participatesIn(inReview, { subject, unit, roles });
    expect(as('office-drafter', OFFICE)).toBe(true);
    expect(as('finance-clerk', FINANCE)).toBe(true);
    expect(as('county-leader', '611002001')).toBe(true);
    expect(as('egov-admin', '611000204', ['platform-admin'])).toBe(true);
    expect(as('auditor', '611000118', ['auditor'])).toBe(true);
    expect(as('county-clerk', '611002001', ['clerk'])).toBe(false);
  });

  it('lets a handler draft only a reply', () => {
    const handler: ExchangeActor = { subject: 'h', unit: OFFICE, roles: ['handler'] };
    expect(() =>
      createDraft({ id: 'd3', content: content({ issuingUnits: [OFFICE] }), actor: handler, now: at }),
    ).toThrow('Only a drafter');
    const reply = content({
      issuingUnits: [OFFICE],
      inReplyTo: { documentId: 'orig', number: '商政发〔2026〕1号' },
    });
    expect(
      createDraft({ id: 'd4', content: reply, actor: handler, now: at }).document.content.inReplyTo,
    ).toEqual({
      documentId: 'orig',
      number: '商政发〔2026〕1号',
    });
  });
});
