import { createHash } from 'node:crypto';
import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { checkCitizenId, TooManyRequestsError, ValidationError } from '@govshare/domain/kernel';
import type { Grant } from '@govshare/domain/sharing';
import { memoryAuditTrail } from '@govshare/functions/audit/audit-trail.ts';
import { createQueryRunner, type QuerySpec } from '@govshare/functions/registry/query.ts';
import type { GrantStore } from '@govshare/functions/sharing/grant-store.ts';
import { describe, expect, it } from 'vitest';

/** The query pipeline with in-memory ports: what reaches the store, what is audited, in which outcome. */
const now = new Date('2025-10-01T04:00:00Z');
const grant: Grant = {
  id: 'g1',
  resourceCode: BASE_RESOURCES.population.code,
  providerUnit: '611000105',
  consumerUnit: '611000106',
  items: ['name', 'sex'],
  unmaskedItems: [],
  purpose: '救助',
  dailyQuota: 2,
  validFrom: '2025-01-01T00:00:00Z',
  expiresAt: '2026-01-01T00:00:00Z',
};

/** `current.grant` is what a named grant fetch finds; a unit's grants are it and then `current.more`. */
function setup(current: { grant: Grant; more?: Grant[] } = { grant }) {
  const audit = memoryAuditTrail();
  const taken = new Map<string, number>();
  const lookups: string[] = [];
  /** What happened, in order: grant fetches started and ended, quota takes and gives. */
  const log: string[] = [];
  const fetched = async () => {
    log.push('grant fetch');
    await new Promise((resolve) => setTimeout(resolve, 5));
    log.push('grant fetched');
    return current.grant;
  };
  const grants = {
    ofConsumer: async () => [await fetched(), ...(current.more ?? [])],
    get: async () => fetched(),
  } as unknown as GrantStore;
  const run = createQueryRunner({
    grants,
    audit,
    quota: {
      take: async (id, quota, n) => {
        log.push(`take ${id} ${n}`);
        const count = taken.get(id) ?? 0;
        if (count + n > quota) return false;
        taken.set(id, count + n);
        return true;
      },
      give: async (id, n) => {
        log.push(`give ${id} ${n}`);
        taken.set(id, (taken.get(id) ?? 0) - n);
      },
    },
    hashSubject: async (id) => createHash('sha256').update(id).digest('hex'),
    // The catalogue's provider of the resource (a deployment's own unit, not the sample's).
    providerOf: async () => '330100105',
    now: () => now,
  });
  const spec = (id: string, overrides: Partial<QuerySpec<{ name: string; sex: string }>> = {}) =>
    ({
      action: 'registry.population.get',
      resource: BASE_RESOURCES.population,
      caller: { subject: 'sys', unit: '611000106', roles: ['data-consumer'], kind: 'system' },
      correlationId: 'c1',
      purpose: '救助',
      purposePath: 'query.purpose',
      subjects: [id],
      validate: () => {
        const verdict = checkCitizenId(id, { today: now });
        if (!verdict.valid)
          throw new ValidationError([{ path: 'params.citizenId', message: verdict.failed }]);
      },
      lookup: async () => {
        lookups.push(id);
        return { name: '张小三', sex: '男' };
      },
      charge: 1,
      records: () => 1,
      answer: (record, view) => view.show(record),
      ...overrides,
    }) satisfies QuerySpec<{ name: string; sex: string }>;
  return { run, audit, lookups, spec, taken, log };
}

describe('registry query pipeline', () => {
  it('answers masked and audits the success with hashed subjects only', async () => {
    const { run, audit, spec } = setup();
    await expect(run(spec('11010519491231002X'))).resolves.toEqual({ name: '张*三', sex: '男', grant: 'g1' });
    expect(audit.events).toHaveLength(1);
    expect(audit.events[0]).toMatchObject({
      outcome: 'ok',
      grantId: 'g1',
      items: ['name', 'sex'],
      recordCount: 1,
    });
    expect(JSON.stringify(audit.events)).not.toContain('11010519491231002X');
  });

  it('refuses an invalid ID before any lookup, and audits the refusal', async () => {
    const { run, audit, lookups, spec } = setup();
    await expect(run(spec('110105194912310021'))).rejects.toThrow(ValidationError);
    expect(lookups).toEqual([]);
    expect(audit.events[0]).toMatchObject({
      outcome: 'refused',
      problemType: 'urn:govshare:problem:validation',
    });
  });

  it('names the provider of a refusal that found no grant as the catalogue does', async () => {
    const { run, audit, spec } = setup();
    await expect(run(spec('110105194912310021'))).rejects.toThrow(ValidationError);
    expect(audit.events[0]?.providerUnit).toBe('330100105');
    await run(spec('11010519491231002X'));
    expect(audit.events[1]?.providerUnit).toBe(grant.providerUnit);
  });

  it('refuses without purpose, and audits it', async () => {
    const { run, audit, lookups, spec } = setup();
    await expect(run(spec('11010519491231002X', { purpose: ' ' }))).rejects.toThrow(ValidationError);
    expect(lookups).toEqual([]);
    expect(audit.events[0]?.outcome).toBe('refused');
  });

  it('withholds the data once the quota is used up (429), and audits that', async () => {
    const { run, audit, spec } = setup();
    await run(spec('11010519491231002X'));
    await run(spec('11010519491231002X'));
    await expect(run(spec('11010519491231002X'))).rejects.toThrow(TooManyRequestsError);
    expect(audit.events.map((e) => e.outcome)).toEqual(['ok', 'ok', 'refused']);
    expect(audit.events[2]).toMatchObject({
      recordCount: 0,
      problemType: 'urn:govshare:problem:quota-exceeded',
    });
  });

  it('gives no answer when the audit cannot be recorded', async () => {
    const { spec } = setup();
    const run = createQueryRunner({
      grants: { ofConsumer: async () => [grant] } as unknown as GrantStore,
      audit: { record: async () => Promise.reject(new Error('queue down')) },
      quota: { take: async () => true, give: async () => undefined },
      hashSubject: async (id) => id,
      providerOf: async () => undefined,
      now: () => now,
    });
    await expect(run(spec('11010519491231002X'))).rejects.toThrow('queue down');
  });

  it('charges the quota beside the grant fetch once it knows the grant, and keeps the charge', async () => {
    const { run, spec, taken, log } = setup();
    await run(spec('11010519491231002X', { grantId: 'g1' }));
    // First query of this instance: the grant is not known yet, so the charge waits for it.
    expect(log).toEqual(['grant fetch', 'grant fetched', 'take g1 1']);
    log.length = 0;
    await run(spec('11010519491231002X', { grantId: 'g1' }));
    // Then the charge starts before the fresh grant is back, and the fresh grant confirms it.
    expect(log).toEqual(['grant fetch', 'take g1 1', 'grant fetched']);
    expect(taken.get('g1')).toBe(2);
  });

  it('gives an early charge back when the fresh grant refuses (revoked since), and audits the refusal', async () => {
    const current = { grant };
    const { run, audit, spec, taken, log } = setup(current);
    await run(spec('11010519491231002X', { grantId: 'g1' }));
    current.grant = { ...grant, revokedAt: '2025-09-30T00:00:00Z' };
    log.length = 0;
    await expect(run(spec('11010519491231002X', { grantId: 'g1' }))).rejects.toThrow(/revoked/);
    expect(log).toEqual(['grant fetch', 'take g1 1', 'grant fetched', 'give g1 1']);
    expect(taken.get('g1')).toBe(1);
    expect(audit.events.map((e) => e.outcome)).toEqual(['ok', 'refused']);
  });

  it('gives an early charge back when the quota changed, and charges the fresh quota instead', async () => {
    const current = { grant: { ...grant, dailyQuota: 5 } };
    const { run, spec, taken, log } = setup(current);
    await run(spec('11010519491231002X'));
    await run(spec('11010519491231002X'));
    current.grant = { ...grant, dailyQuota: 2 };
    log.length = 0;
    // Taken ahead under the old quota of 5 (3 ≤ 5), but the fresh quota of 2 is already used up.
    await expect(run(spec('11010519491231002X'))).rejects.toThrow(TooManyRequestsError);
    expect(log).toEqual(['grant fetch', 'take g1 1', 'grant fetched', 'take g1 1', 'give g1 1']);
    expect(taken.get('g1')).toBe(2);
  });

  it('charges nothing ahead for a charge known only after the lookup', async () => {
    const { run, spec, log } = setup();
    await run(spec('11010519491231002X', { charge: () => 1 }));
    log.length = 0;
    await run(spec('11010519491231002X', { charge: () => 1 }));
    expect(log).toEqual(['grant fetch', 'grant fetched', 'take g1 1']);
  });

  it('charges the next grant with quota left once the first is used up, then charges that one ahead', async () => {
    const small = { ...grant, id: 'g-small', dailyQuota: 1 };
    const big = { ...grant, id: 'g-big', dailyQuota: 1000 };
    const { run, spec, taken, log } = setup({ grant: small, more: [big] });
    await expect(run(spec('11010519491231002X'))).resolves.toMatchObject({ grant: 'g-small' });
    expect(log).toEqual(['grant fetch', 'grant fetched', 'take g-small 1']);
    log.length = 0;
    // Taken ahead on the grant charged last time, which is used up: the next one is charged instead.
    await expect(run(spec('11010519491231002X'))).resolves.toMatchObject({ grant: 'g-big' });
    expect(log).toEqual(['grant fetch', 'take g-small 1', 'grant fetched', 'take g-big 1']);
    log.length = 0;
    // From then on the early charge is on the grant that has quota left, and the fresh grants confirm it.
    await expect(run(spec('11010519491231002X'))).resolves.toMatchObject({ grant: 'g-big' });
    expect(log).toEqual(['grant fetch', 'take g-big 1', 'grant fetched']);
    expect(Object.fromEntries(taken)).toEqual({ 'g-small': 1, 'g-big': 2 });
  });

  it('answers 429 only when every usable grant is used up, and audits it under the first', async () => {
    const a = { ...grant, id: 'g-a', dailyQuota: 1 };
    const b = { ...grant, id: 'g-b', dailyQuota: 1 };
    const { run, audit, spec, taken, log } = setup({ grant: a, more: [b] });
    await run(spec('11010519491231002X'));
    await run(spec('11010519491231002X'));
    log.length = 0;
    await expect(run(spec('11010519491231002X'))).rejects.toThrow(/quotas of the 2 grants/);
    // Both are asked (those seen used up too) before the caller hears 429.
    expect(log).toEqual(['grant fetch', 'take g-b 1', 'grant fetched', 'take g-a 1']);
    expect(audit.events.map((e) => [e.outcome, e.grantId])).toEqual([
      ['ok', 'g-a'],
      ['ok', 'g-b'],
      ['refused', 'g-a'],
    ]);
    expect(Object.fromEntries(taken)).toEqual({ 'g-a': 1, 'g-b': 1 });
  });

  it('gives back an early charge on a grant that is not charged after all', async () => {
    const small = { ...grant, id: 'g-small', dailyQuota: 1 };
    const big = { ...grant, id: 'g-big', dailyQuota: 1000 };
    const current = { grant: small, more: [big] };
    const { run, spec, taken, log } = setup(current);
    await run(spec('11010519491231002X'));
    await run(spec('11010519491231002X')); // g-small is used up: charged to g-big
    current.more = [
      { ...big, revokedAt: '2025-09-30T00:00:00Z' },
      { ...grant, id: 'g-new', dailyQuota: 5 },
    ];
    log.length = 0;
    // g-big is revoked since; g-small, seen used up today, is asked last; g-new is charged.
    await expect(run(spec('11010519491231002X'))).resolves.toMatchObject({ grant: 'g-new' });
    expect(log).toEqual(['grant fetch', 'take g-big 1', 'grant fetched', 'take g-new 1', 'give g-big 1']);
    expect(Object.fromEntries(taken)).toEqual({ 'g-small': 1, 'g-big': 1, 'g-new': 1 });
  });
});
