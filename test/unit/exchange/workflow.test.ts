import {
  approveReview,
  archive,
  ClassifiedDocumentError,
  createDraft,
  type DocumentTransition,
  type DraftContent,
  dispatch,
  draftInputSchema,
  type ExchangeActor,
  parseDocumentNumber,
  returnForRevision,
  reviseDraft,
  signOff,
  submitForReview,
  unitsAwaitingSignature,
  withdraw,
} from '@govshare/domain/exchange';
import { ForbiddenError, InvalidTransitionError, ValidationError } from '@govshare/domain/kernel';
import { describe, expect, it } from 'vitest';

const CITY_OFFICE = '611000000';
const FINANCE = '611000105';
const at = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00+08:00`);

const drafter: ExchangeActor = { subject: 'zhang-clerk', unit: CITY_OFFICE, roles: ['drafter'] };
const person = (subject: string, unit = CITY_OFFICE, roles: ExchangeActor['roles'] = ['reviewer']) => ({
  subject,
  unit,
  roles,
});
const officeHead = person('office-head');
const [legal, egov, finance] = [person('legal-rev'), person('egov-rev'), person('finance-rev', FINANCE)];
const citySigner = person('vice-mayor', CITY_OFFICE, ['signer']);
const financeSigner = person('finance-director', FINANCE, ['signer']);
const clerk = person('office-clerk', CITY_OFFICE, ['clerk']);

const content = (changes: Record<string, unknown> = {}): DraftContent =>
  draftInputSchema.parse({
    type: '通知',
    title: '商洛市人民政府办公室 商洛市财政局关于规范电子政务项目资金管理的通知',
    issuingUnits: [CITY_OFFICE, FINANCE],
    mainRecipients: [{ group: 'departments-of', unit: CITY_OFFICE }],
    body: '各县区人民政府，市政府各工作部门：\n为防止重复建设，现就电子政务项目资金管理通知如下。',
    ...changes,
  });

const steps = ['office-head', { countersign: ['legal-rev', 'egov-rev', 'finance-rev'] }];

function throwsWith<T extends Error>(run: () => unknown, type: new (...args: never[]) => T): T {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error('expected a refusal');
}

describe('a joint notice from draft to archive', () => {
  it('goes through a countersign return, a revision, a second round and both signatures', () => {
    const history: DocumentTransition['events'] = [];
    const keep = (transition: DocumentTransition) => {
      history.push(...transition.events);
      return transition.document;
    };
    let doc = keep(createDraft({ id: 'doc-1', content: content(), actor: drafter, now: at('09:00') }));
    expect([doc.state, doc.revision, doc.version]).toEqual(['draft', 1, 1]);

    doc = keep(submitForReview({ document: doc, steps, actor: drafter, now: at('09:05') }));
    expect(doc.state).toBe('in-review');
    doc = keep(approveReview({ document: doc, actor: officeHead, opinion: '拟同意', now: at('09:30') }));
    expect(doc.currentStep).toBe(1);
    doc = keep(approveReview({ document: doc, actor: legal, opinion: '无法律问题', now: at('10:00') }));
    // The finance reviewer returns it: the still pending e-gov co-signer is cancelled, not left pending.
    doc = keep(
      returnForRevision({ document: doc, actor: finance, comments: '资金来源表述不准确', now: at('10:30') }),
    );
    expect(doc.state).toBe('returned');
    const round1 = doc.reviews.filter((entry) => entry.round === 1);
    expect(round1.map((entry) => [entry.reviewer, entry.outcome])).toEqual([
      ['office-head', 'approved'],
      ['legal-rev', 'approved'],
      ['egov-rev', 'cancelled'],
      ['finance-rev', 'returned'],
    ]);
    expect(doc.reviews.some((entry) => entry.outcome === 'pending')).toBe(false);
    // A late decision of the cancelled co-signer is refused, naming the state.
    const late = throwsWith(
      () => approveReview({ document: doc, actor: egov, now: at('10:40') }),
      InvalidTransitionError,
    );
    expect(late.message).toContain('is returned');

    // Back to the drafter only.
    throwsWith(
      () => reviseDraft({ document: doc, content: content(), actor: officeHead, now: at('11:00') }),
      ForbiddenError,
    );
    const revised = content({ body: '各县区人民政府，市政府各工作部门：\n资金来源为市级财政预算。' });
    doc = keep(reviseDraft({ document: doc, content: revised, actor: drafter, now: at('11:00') }));
    expect([doc.state, doc.revision]).toEqual(['draft', 2]);
    expect(doc.revisions.map((r) => [r.revision, r.by])).toEqual([
      [1, 'zhang-clerk'],
      [2, 'zhang-clerk'],
    ]);
    expect(doc.content.body).toBe(revised.body);

    doc = keep(submitForReview({ document: doc, steps, actor: drafter, now: at('11:05') }));
    expect(doc.round).toBe(2);
    doc = keep(approveReview({ document: doc, actor: officeHead, now: at('11:10') }));
    for (const reviewer of [finance, egov, legal]) {
      doc = keep(approveReview({ document: doc, actor: reviewer, opinion: '同意', now: at('11:20') }));
    }
    expect(doc.state).toBe('approved');
    expect(doc.reviews.filter((entry) => entry.round === 2)).toHaveLength(4);

    // Joint document: each issuing unit's signer; the last signature takes the number.
    doc = keep(signOff({ document: doc, actor: financeSigner, now: at('15:00') }));
    expect([doc.state, unitsAwaitingSignature(doc)]).toEqual(['approved', [CITY_OFFICE]]);
    throwsWith(
      () => signOff({ document: doc, actor: financeSigner, now: at('15:01') }),
      InvalidTransitionError,
    );
    throwsWith(() => signOff({ document: doc, actor: citySigner, now: at('16:00') }), ValidationError);
    const number = parseDocumentNumber('商政办发〔2026〕12号');
    doc = keep(signOff({ document: doc, actor: citySigner, now: new Date('2026-03-10T16:30:00Z'), number }));
    // 00:30 on 11 March in Beijing: that is the 成文日期.
    expect([doc.state, doc.number?.normalised, doc.writtenOn]).toEqual([
      'signed',
      '商政办发〔2026〕12号',
      '2026-03-11',
    ]);

    doc = keep(dispatch({ document: doc, actor: clerk, sealedSha256: 'b'.repeat(64), now: at('17:00') }));
    doc = keep(archive({ document: doc, actor: clerk, now: at('18:00') }));
    expect(doc.state).toBe('archived');

    // One version per transition: created, then 14 changes.
    expect(doc.version).toBe(15);
    expect(history.map((e) => e.type)).toEqual([
      'drafted',
      'submitted',
      'review-approved',
      'review-step-completed',
      'review-approved',
      'review-returned',
      'review-cancelled',
      'revised',
      'submitted',
      'review-approved',
      'review-step-completed',
      'review-approved',
      'review-approved',
      'review-approved',
      'review-completed',
      'signed-off',
      'signed-off',
      'numbered',
      'dispatched',
      'archived',
    ]);
    expect(history.find((e) => e.type === 'review-cancelled')?.details).toEqual({
      round: 1,
      step: 2,
      reviewer: 'egov-rev',
    });
    // Archived: nothing moves it.
    const archived = doc;
    const refusal = throwsWith(
      () => withdraw({ document: archived, actor: drafter, reason: '错发', now: at('19:00') }),
      InvalidTransitionError,
    );
    expect(refusal.message).toBe('Document doc-1 is archived: it cannot be withdrawn');
  });
});

describe('refusals', () => {
  const draft = createDraft({ id: 'doc-2', content: content(), actor: drafter, now: at('09:00') }).document;
  const inReview = submitForReview({ document: draft, steps, actor: drafter, now: at('09:05') }).document;

  it('a classified draft is refused at creation and at revision', () => {
    const secret = content({ body: `机密★1年\n${content().body}` });
    throwsWith(
      () => createDraft({ id: 'doc-3', content: secret, actor: drafter, now: at('09:00') }),
      ClassifiedDocumentError,
    );
    throwsWith(
      () => reviseDraft({ document: draft, content: secret, actor: drafter, now: at('09:00') }),
      ClassifiedDocumentError,
    );
  });

  it('only drafters of an issuing unit draft', () => {
    throwsWith(
      () => createDraft({ id: 'd', content: content(), actor: officeHead, now: at('09:00') }),
      ForbiddenError,
    );
    const other = { ...drafter, unit: '611002000' };
    const issue = throwsWith(
      () => createDraft({ id: 'd', content: content(), actor: other, now: at('09:00') }),
      ValidationError,
    );
    expect(issue.issues[0]?.path).toBe('body.issuingUnits');
  });

  it('a reviewer outside the open step, a drafter reviewing, a second decision', () => {
    throwsWith(() => approveReview({ document: inReview, actor: legal, now: at('09:10') }), ForbiddenError);
    const own = throwsWith(
      () => submitForReview({ document: draft, steps: ['zhang-clerk'], actor: drafter, now: at('09:05') }),
      ValidationError,
    );
    expect(own.issues[0]?.path).toBe('body.steps.0');
    const twoSteps = submitForReview({
      document: draft,
      steps: [{ countersign: ['legal-rev', 'egov-rev'] }],
      actor: drafter,
      now: at('09:05'),
    }).document;
    const once = approveReview({ document: twoSteps, actor: legal, now: at('09:10') }).document;
    const again = throwsWith(
      () => approveReview({ document: once, actor: legal, now: at('09:11') }),
      InvalidTransitionError,
    );
    expect(again.message).toContain('already approved');
  });

  it('invalid transitions name the current state', () => {
    const signing = throwsWith(
      () => signOff({ document: inReview, actor: citySigner, now: at('10:00') }),
      InvalidTransitionError,
    );
    expect(signing.message).toBe('Document doc-2 is in-review: it cannot be signed off');
    throwsWith(
      () => dispatch({ document: draft, actor: clerk, sealedSha256: 'b'.repeat(64), now: at('10:00') }),
      InvalidTransitionError,
    );
    throwsWith(
      () => submitForReview({ document: inReview, steps, actor: drafter, now: at('10:00') }),
      InvalidTransitionError,
    );
  });

  it('withdrawing in review cancels every pending review', () => {
    const { document, events } = withdraw({
      document: inReview,
      actor: drafter,
      reason: '情况变化',
      now: at('10:00'),
    });
    expect(document.state).toBe('withdrawn');
    expect(document.reviews.map((entry) => [entry.reviewer, entry.outcome, entry.cancelledBecause])).toEqual([
      ['office-head', 'cancelled', 'withdrawn'],
    ]);
    expect(events.map((e) => e.type)).toEqual(['withdrawn', 'review-cancelled']);
    throwsWith(
      () => withdraw({ document: inReview, actor: legal, reason: 'x', now: at('10:00') }),
      ForbiddenError,
    );
  });

  it('the number must carry the year of the 成文日期', () => {
    let doc = submitForReview({
      document: draft,
      steps: ['office-head'],
      actor: drafter,
      now: at('09:05'),
    }).document;
    doc = approveReview({ document: doc, actor: officeHead, now: at('09:10') }).document;
    doc = signOff({ document: doc, actor: financeSigner, now: at('09:20') }).document;
    const wrongYear = parseDocumentNumber('商政办发〔2025〕12号');
    const issue = throwsWith(
      () => signOff({ document: doc, actor: citySigner, now: at('09:30'), number: wrongYear }),
      ValidationError,
    );
    expect(issue.issues[0]?.path).toBe('body.documentNumber');
  });
});
