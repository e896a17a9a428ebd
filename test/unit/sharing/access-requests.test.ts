import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import {
  ForbiddenError,
  InvalidTransitionError,
  ValidationError,
  workingCalendar,
} from '@govshare/domain/kernel';
import {
  type AccessRequest,
  type Actor,
  approveAccessRequest,
  approveAccessRequestSchema,
  openAccessRequest,
  type RequestableResource,
  refuseAccessRequest,
} from '@govshare/domain/sharing';
import { sampleCalendarYears } from '@govshare/functions/identity/sample-calendar.ts';
import { describe, expect, it } from 'vitest';

const now = new Date('2025-11-14T02:00:00Z');
const resource = (shareType: RequestableResource['shareType']): RequestableResource => ({
  code: '102/000001',
  version: 1,
  status: 'published',
  providerUnit: '611000201',
  shareType,
  name: '法人单位基础信息库',
  items: BASE_RESOURCES.legalEntities.items,
});
const consumer: Actor = {
  subject: 'relief-system',
  unit: '611000106',
  roles: ['data-consumer'],
  kind: 'system',
};
const approver: Actor = {
  subject: 'market-approver',
  unit: '611000201',
  roles: ['data-approver'],
  kind: 'person',
};
const input = {
  purpose: '核验',
  items: ['creditCode', 'name', 'legalRepresentative'],
  until: '2026-12-31',
  legalBasis: '办法',
};
const open = (shareType: RequestableResource['shareType'], items = input.items) =>
  openAccessRequest({
    id: 'r-1',
    resource: resource(shareType),
    input: { ...input, items },
    caller: consumer,
    now,
    calendar: workingCalendar(sampleCalendarYears),
    answerWithinWorkingDays: 10,
  });

describe('access request rules', () => {
  it('names the items a resource does not have', () => {
    expect(() => open('conditional', ['creditCode', 'shoeSize'])).toThrow(ValidationError);
    try {
      open('conditional', ['creditCode', 'shoeSize']);
    } catch (error) {
      expect((error as ValidationError).issues[0]?.message).toContain('shoeSize');
    }
  });

  it('grants unconditional resources at once, refuses not-shared ones with a reason', () => {
    const granted = open('unconditional');
    expect(granted.kind).toBe('granted');
    if (granted.kind === 'granted') expect(granted.grant.consumerPrincipal).toBe('relief-system');
    const refused = open('not-shared');
    expect(refused.kind).toBe('refused');
    expect(refused.request.reason).toContain('不予共享');
  });

  it('leaves conditional requests pending with a deadline ten working days on', () => {
    const pending = open('conditional');
    expect(pending.kind).toBe('pending');
    expect(pending.request.dueAt).toBe('2025-11-28T16:00:00.000Z');
  });

  it('lets only the provider unit approver answer, once, and only narrower', () => {
    const { request } = open('conditional') as { request: AccessRequest };
    const terms = approveAccessRequestSchema.parse({ items: ['creditCode'], dailyQuota: 10 });
    expect(() =>
      approveAccessRequest({
        request,
        resource: resource('conditional'),
        input: terms,
        actor: { ...approver, unit: '611000202' },
        now,
      }),
    ).toThrow(ForbiddenError);
    expect(() =>
      approveAccessRequest({
        request,
        resource: resource('conditional'),
        input: { ...terms, items: ['address'] },
        actor: approver,
        now,
      }),
    ).toThrow(ValidationError);
    expect(() =>
      approveAccessRequest({
        request,
        resource: resource('conditional'),
        input: { ...terms, unmaskedItems: ['creditCode'] },
        actor: approver,
        now,
      }),
    ).toThrow(ValidationError);
    const approved = approveAccessRequest({
      request,
      resource: resource('conditional'),
      input: terms,
      actor: approver,
      now,
    });
    expect(approved.request).toMatchObject({ status: 'approved', version: 2 });
    expect(approved.grant).toMatchObject({
      items: ['creditCode'],
      dailyQuota: 10,
      expiresAt: '2026-12-31T16:00:00.000Z',
    });
    expect(() =>
      approveAccessRequest({
        request: approved.request,
        resource: resource('conditional'),
        input: terms,
        actor: approver,
        now,
      }),
    ).toThrow(InvalidTransitionError);
    expect(() =>
      refuseAccessRequest({ request: approved.request, reason: 'x', actor: approver, now }),
    ).toThrow(InvalidTransitionError);
  });
});
