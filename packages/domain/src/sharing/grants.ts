/**
 * The contract between the catalogue (which records who may use which resource) and every service
 * that serves a resource's data (the base databases first). A grant is consumer unit (or one of its
 * systems) × resource × data items × purpose × daily quota × validity. Pure: no storage here.
 */

export interface Grant {
  id: string;
  /** Catalogue code of the information resource, e.g. 101/000001. */
  resourceCode: string;
  providerUnit: string;
  consumerUnit: string;
  /** One system or user of the consumer unit; absent: any principal of that unit. */
  consumerPrincipal?: string;
  /** Data items (信息项) the consumer may receive, by name. */
  items: string[];
  /** Sensitive items the consumer may see in clear; every other sensitive item is masked. */
  unmaskedItems: string[];
  /** 用途, as approved. */
  purpose: string;
  /** Records per day (Asia/Shanghai calendar day); absent: no quota. */
  dailyQuota?: number;
  /** ISO 8601 instants. */
  validFrom: string;
  expiresAt: string;
  revokedAt?: string;
  /** The access request this grant answers; absent for unconditional resources granted at once. */
  requestId?: string;
}

export type GrantRefusal =
  | 'other-unit'
  | 'other-principal'
  | 'other-resource'
  | 'revoked'
  | 'expired'
  | 'not-yet-valid'
  | 'items-outside-grant';

export type GrantCheck = { usable: true } | { usable: false; refusal: GrantRefusal; detail: string };

export interface GrantUse {
  unit: string;
  principal: string;
  resourceCode: string;
  /** The items the caller asks for. */
  items: readonly string[];
  now: Date;
}

/** Whether a grant covers this use, and if not, the first reason why not. */
export function checkGrantUse(grant: Grant, use: GrantUse): GrantCheck {
  const refuse = (refusal: GrantRefusal, detail: string): GrantCheck => ({ usable: false, refusal, detail });
  if (grant.consumerUnit !== use.unit) return refuse('other-unit', 'the grant belongs to another unit');
  if (grant.consumerPrincipal && grant.consumerPrincipal !== use.principal) {
    return refuse('other-principal', 'the grant belongs to another system of the unit');
  }
  if (grant.resourceCode !== use.resourceCode) {
    return refuse('other-resource', `the grant is for resource ${grant.resourceCode}`);
  }
  if (grant.revokedAt && Date.parse(grant.revokedAt) <= use.now.getTime()) {
    return refuse('revoked', `the grant was revoked at ${grant.revokedAt}`);
  }
  if (Date.parse(grant.expiresAt) <= use.now.getTime()) {
    return refuse('expired', `the grant expired at ${grant.expiresAt}`);
  }
  if (Date.parse(grant.validFrom) > use.now.getTime()) {
    return refuse('not-yet-valid', `the grant is valid from ${grant.validFrom}`);
  }
  const outside = use.items.filter((item) => !grant.items.includes(item));
  if (outside.length > 0) {
    return refuse('items-outside-grant', `not granted: ${outside.join(', ')}`);
  }
  return { usable: true };
}
