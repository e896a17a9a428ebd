import type { DataItemDefinition, ShareType } from '@govshare/domain/catalogue';
import { principalIdSchema } from '@govshare/domain/identity';
import type { Role } from '@govshare/domain/kernel';
import {
  answerDueAt,
  cstMidnight,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
  type WorkingCalendar,
} from '@govshare/domain/kernel';
import * as z from 'zod';
import type { Grant } from './grants.ts';

/**
 * Access requests (共享申请): a consumer unit asks for data items of a published resource, for a
 * purpose, a period and on a legal basis. What happens depends on the resource's share type:
 * unconditional → granted at once (still recorded); not shared → refused, only the refusal kept;
 * conditional → pending until the provider's data approver decides, due within N working days.
 *
 *   pending ──approve──▶ approved (a grant)
 *      └────refuse────▶ refused
 * Nothing leaves approved or refused.
 */
export const ACCESS_REQUEST_STATUSES = ['pending', 'approved', 'refused'] as const;
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

/** The resource as a request needs it: the catalogue's Resource satisfies this. */
export interface RequestableResource {
  code: string;
  version: number;
  status: 'draft' | 'published';
  providerUnit: string;
  shareType: ShareType;
  name: string;
  items: readonly DataItemDefinition[];
}

const day = z.iso.date('must be a date, YYYY-MM-DD');
const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const itemNames = z
  .array(z.string().min(1).max(64))
  .min(1, 'must name at least one data item')
  .max(500)
  .refine((names) => new Set(names).size === names.length, 'must not repeat a data item');

export const createAccessRequestSchema = z.strictObject({
  /** 用途. */
  purpose: text(500),
  items: itemNames,
  /** Last day (CST) the data may be used; the grant expires at the end of it. */
  until: day,
  /** 依据: the law, regulation or document that allows the use. */
  legalBasis: text(500),
  /** One system of the consumer unit; absent: the calling system, or the whole unit for a person. */
  forPrincipal: principalIdSchema.optional(),
});
export type CreateAccessRequestInput = z.infer<typeof createAccessRequestSchema>;

export const approveAccessRequestSchema = z.strictObject({
  /** Fewer items than asked for; absent: all requested items. */
  items: itemNames.optional(),
  /** An earlier last day than asked for; absent: as asked. */
  until: day.optional(),
  dailyQuota: z.number().int().min(1).max(10_000_000).optional(),
  /** Sensitive items the consumer may see in clear; every other sensitive item stays masked. */
  unmaskedItems: z.array(z.string().min(1).max(64)).max(500).default([]),
  comment: z.string().trim().max(500).optional(),
});
export type ApproveAccessRequestInput = z.input<typeof approveAccessRequestSchema>;

export const refuseAccessRequestSchema = z.strictObject({ reason: text(500) });

export interface AccessRequest {
  id: string;
  resourceCode: string;
  /** The resource version the request was made against. */
  resourceVersion: number;
  resourceName: string;
  providerUnit: string;
  shareType: ShareType;
  consumerUnit: string;
  consumerPrincipal?: string;
  /** Who filed it (a user or system id of the consumer unit). */
  requestedBy: string;
  purpose: string;
  items: string[];
  until: string;
  legalBasis: string;
  status: AccessRequestStatus;
  createdAt: string;
  /** When an answer is late (conditional requests only). */
  dueAt?: string;
  /** Set by the deadline sweep once dueAt passed without an answer; stays set after a late answer. */
  overdue?: boolean;
  decidedAt?: string;
  /** A user id, or 'platform' for unconditional grants and not-shared refusals. */
  decidedBy?: string;
  reason?: string;
  grantId?: string;
  /** Optimistic lock: every state change increments it and is conditional on the old value. */
  version: number;
}

export interface Actor {
  subject: string;
  unit: string;
  roles: readonly Role[];
  kind: 'person' | 'system';
}

export type RequestOutcome =
  | { kind: 'refused'; request: AccessRequest }
  | { kind: 'granted'; request: AccessRequest; grant: Grant }
  | { kind: 'pending'; request: AccessRequest };

/** The platform decides unconditional and not-shared requests by rule. */
export const PLATFORM_DECIDER = 'platform';

const grantIdFor = (requestId: string) => `g-${requestId}`;
const endOfDay = (until: string) => cstMidnight(nextDayOf(until)).toISOString();
const nextDayOf = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function checkItemsExist(resource: RequestableResource, names: readonly string[], path: string) {
  const known = new Set(resource.items.map((item) => item.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ValidationError(
      [{ path, message: `resource ${resource.code} has no data item ${unknown.join(', ')}` }],
      `Resource ${resource.code} has no data items named ${unknown.join(', ')}`,
    );
  }
}

/** Files a request and decides what the rules decide at once. */
export function openAccessRequest(args: {
  id: string;
  resource: RequestableResource | undefined;
  input: CreateAccessRequestInput;
  caller: Actor;
  now: Date;
  calendar: WorkingCalendar;
  answerWithinWorkingDays: number;
}): RequestOutcome {
  const { id, resource, input, caller, now } = args;
  if (resource?.status !== 'published' || !resource)
    throw new NotFoundError('No published resource has this code');
  const nowIso = now.toISOString();
  if (endOfDay(input.until) <= nowIso) {
    throw new ValidationError([{ path: 'body.until', message: 'must be today or later' }]);
  }
  if (input.forPrincipal && caller.kind === 'system' && input.forPrincipal !== caller.subject) {
    throw new ForbiddenError('A system may request access only for itself');
  }
  const base: AccessRequest = {
    id,
    resourceCode: resource.code,
    resourceVersion: resource.version,
    resourceName: resource.name,
    providerUnit: resource.providerUnit,
    shareType: resource.shareType,
    consumerUnit: caller.unit,
    requestedBy: caller.subject,
    purpose: input.purpose,
    items: [...input.items],
    until: input.until,
    legalBasis: input.legalBasis,
    status: 'pending',
    createdAt: nowIso,
    version: 1,
  };
  const consumerPrincipal = input.forPrincipal ?? (caller.kind === 'system' ? caller.subject : undefined);
  if (consumerPrincipal) base.consumerPrincipal = consumerPrincipal;

  if (resource.shareType === 'not-shared') {
    // Checked before the items: whatever was asked for, the answer is the same and says why.
    return {
      kind: 'refused',
      request: {
        ...base,
        status: 'refused',
        decidedAt: nowIso,
        decidedBy: PLATFORM_DECIDER,
        reason: `Resource ${resource.code} is not shared (不予共享): it is listed in the catalogue but never granted`,
      },
    };
  }
  checkItemsExist(resource, input.items, 'body.items');

  if (resource.shareType === 'unconditional') {
    const request: AccessRequest = {
      ...base,
      status: 'approved',
      decidedAt: nowIso,
      decidedBy: PLATFORM_DECIDER,
      grantId: grantIdFor(id),
    };
    return {
      kind: 'granted',
      request,
      grant: grantOf(request, resource, { items: request.items, unmaskedItems: [] }, now),
    };
  }
  return {
    kind: 'pending',
    request: { ...base, dueAt: answerDueAt(now, args.answerWithinWorkingDays, args.calendar) },
  };
}

function grantOf(
  request: AccessRequest,
  resource: RequestableResource,
  terms: { items: string[]; unmaskedItems: string[]; until?: string; dailyQuota?: number },
  now: Date,
): Grant {
  const grant: Grant = {
    id: grantIdFor(request.id),
    resourceCode: resource.code,
    providerUnit: resource.providerUnit,
    consumerUnit: request.consumerUnit,
    items: terms.items,
    unmaskedItems: terms.unmaskedItems,
    purpose: request.purpose,
    validFrom: now.toISOString(),
    expiresAt: endOfDay(terms.until ?? request.until),
    requestId: request.id,
  };
  if (request.consumerPrincipal) grant.consumerPrincipal = request.consumerPrincipal;
  if (terms.dailyQuota !== undefined) grant.dailyQuota = terms.dailyQuota;
  return grant;
}

/** Only the provider unit's data approver answers a request. */
export function assertMayDecide(request: AccessRequest, actor: Actor): void {
  if (actor.unit !== request.providerUnit || !actor.roles.includes('data-approver')) {
    throw new ForbiddenError('Only a data approver of the provider unit may answer this request');
  }
}

function assertPending(request: AccessRequest): void {
  if (request.status !== 'pending') {
    throw new InvalidTransitionError(
      `Request ${request.id} was already ${request.status} at ${request.decidedAt}`,
    );
  }
}

/** Approves a pending request, possibly on narrower terms; returns the new request state and its grant. */
export function approveAccessRequest(args: {
  request: AccessRequest;
  resource: RequestableResource;
  input: z.infer<typeof approveAccessRequestSchema>;
  actor: Actor;
  now: Date;
}): { request: AccessRequest; grant: Grant } {
  const { request, resource, input, actor, now } = args;
  assertMayDecide(request, actor);
  assertPending(request);
  const items = input.items ?? request.items;
  const notAsked = items.filter((name) => !request.items.includes(name));
  if (notAsked.length > 0) {
    throw new ValidationError([
      { path: 'body.items', message: `may only narrow the request; not requested: ${notAsked.join(', ')}` },
    ]);
  }
  checkItemsExist(resource, items, 'body.items');
  const sensitive = new Set(resource.items.filter((item) => item.sensitive).map((item) => item.name));
  const badUnmasked = input.unmaskedItems.filter((name) => !items.includes(name) || !sensitive.has(name));
  if (badUnmasked.length > 0) {
    throw new ValidationError([
      {
        path: 'body.unmaskedItems',
        message: `must be sensitive items among the approved ones: ${badUnmasked.join(', ')}`,
      },
    ]);
  }
  if (input.until && input.until > request.until) {
    throw new ValidationError([
      { path: 'body.until', message: `may only shorten the period (asked until ${request.until})` },
    ]);
  }
  if (input.until && endOfDay(input.until) <= now.toISOString()) {
    throw new ValidationError([{ path: 'body.until', message: 'must be today or later' }]);
  }
  const decided: AccessRequest = {
    ...request,
    status: 'approved',
    decidedAt: now.toISOString(),
    decidedBy: actor.subject,
    grantId: grantIdFor(request.id),
    version: request.version + 1,
    ...(input.comment ? { reason: input.comment } : {}),
  };
  const grant = grantOf(
    decided,
    resource,
    {
      items: [...items],
      unmaskedItems: [...input.unmaskedItems],
      ...(input.until ? { until: input.until } : {}),
      ...(input.dailyQuota !== undefined ? { dailyQuota: input.dailyQuota } : {}),
    },
    now,
  );
  return { request: decided, grant };
}

export function refuseAccessRequest(args: {
  request: AccessRequest;
  reason: string;
  actor: Actor;
  now: Date;
}): AccessRequest {
  assertMayDecide(args.request, args.actor);
  assertPending(args.request);
  return {
    ...args.request,
    status: 'refused',
    decidedAt: args.now.toISOString(),
    decidedBy: args.actor.subject,
    reason: args.reason,
    version: args.request.version + 1,
  };
}

/** A pending request whose deadline has passed. */
export const isOverdue = (request: Pick<AccessRequest, 'status' | 'dueAt'>, now: Date): boolean =>
  request.status === 'pending' && request.dueAt !== undefined && request.dueAt <= now.toISOString();

/** Who may revoke a grant: the provider unit's approver, or the platform administrator. */
export function assertMayRevoke(grant: Grant, actor: Actor): void {
  if (actor.roles.includes('platform-admin')) return;
  if (actor.unit === grant.providerUnit && actor.roles.includes('data-approver')) return;
  throw new ForbiddenError(
    'Only a data approver of the provider unit or a platform administrator may revoke a grant',
  );
}

/** The provider's scoreboard line: what waits, and what was or is late. */
export function providerCounts(requests: readonly Pick<AccessRequest, 'status' | 'overdue'>[]) {
  return {
    total: requests.length,
    pending: requests.filter((r) => r.status === 'pending').length,
    overdue: requests.filter((r) => r.overdue).length,
    pendingOverdue: requests.filter((r) => r.status === 'pending' && r.overdue).length,
    approved: requests.filter((r) => r.status === 'approved').length,
    refused: requests.filter((r) => r.status === 'refused').length,
  };
}
