import {
  adoptInformationItem,
  adoptInformationItemSchema,
  type Commission,
  type InformationItem,
  sampleInformationQuotas,
  sampleScoringMethod,
  submitInformationItem,
  submitInformationItemSchema,
} from '@govshare/domain/assessment';
import { ForbiddenError, NotFoundError, ValidationError } from '@govshare/domain/kernel';
import type { InformationStore } from '@govshare/functions/assessment/information/information-store.ts';
import { commissionYearOf } from '@govshare/functions/assessment/information/information-store.ts';
import {
  readableItem,
  unitInScope,
  unitPage,
  yearProgress,
} from '@govshare/functions/assessment/information/reporting.ts';
import { informationRouteSpecs } from '@govshare/functions/assessment/information/routes.ts';
import { sampleInformationQuarter } from '@govshare/functions/assessment/information/seed.ts';
import { informationRoutes } from '@govshare/functions/assessment/routes/information.ts';
import type { Caller } from '@govshare/functions/platform/auth.ts';
import { readConfig } from '@govshare/functions/platform/config.ts';
import { httpFunction } from '@govshare/functions/platform/http.ts';
import { createLogger } from '@govshare/functions/platform/logger.ts';
import { describe, expect, it } from 'vitest';
import { call, localEnv, makeDevKey } from '../functions/support.ts';

const SHANGZHOU = '611002000';
const LUONAN = '611021000';
const officer = (unit = SHANGZHOU): Caller => ({
  subject: 'officer',
  unit,
  roles: ['information-officer'],
  kind: 'person',
});
const editor: Caller = {
  subject: 'editor',
  unit: '611000001',
  roles: ['information-editor'],
  kind: 'person',
};
const at = (text: string) => new Date(`${text}+08:00`);

function item(id: string, unitCode: string, when = '2026-03-02T09:00:00'): InformationItem {
  return submitInformationItem({
    id,
    unitCode,
    authorId: 'officer',
    input: submitInformationItemSchema.parse({ title: '标题', body: '正文', category: '动态' }),
    now: at(when),
  });
}

describe('who reads which unit', () => {
  it('keeps an officer to their own unit and lets the office name any or none', () => {
    expect(unitInScope(officer(), undefined)).toBe(SHANGZHOU);
    expect(unitInScope(officer(), SHANGZHOU)).toBe(SHANGZHOU);
    expect(() => unitInScope(officer(), LUONAN)).toThrow(ForbiddenError);
    expect(unitInScope(editor, LUONAN)).toBe(LUONAN);
    expect(unitInScope(editor, undefined)).toBeUndefined();
  });

  it('hides another unit’s item from an officer: not found', () => {
    const luonan = item('i1', LUONAN);
    expect(() => readableItem(officer(), luonan)).toThrow(NotFoundError);
    expect(() => readableItem(officer(), undefined)).toThrow(NotFoundError);
    expect(readableItem(officer(LUONAN), luonan)).toBe(luonan);
    expect(readableItem(editor, luonan)).toBe(luonan);
  });
});

describe("a year's progress of every unit", () => {
  const method = sampleScoringMethod(2026);
  const quotas = sampleInformationQuotas(2026);
  const adopted = adoptInformationItem({
    item: item('i1', SHANGZHOU),
    input: adoptInformationItemSchema.parse({ level: 'province' }),
    editorId: 'editor',
    now: at('2026-03-05T10:00:00'),
  });
  const missed: Commission = {
    id: 'c1',
    unitCode: '611000108',
    topic: '约稿',
    requestedAt: at('2026-03-01T09:00:00').toISOString(),
    dueAt: at('2026-03-10T18:00:00').toISOString(),
  };

  it('lists every unit with a quota or a record, in code order, with its points', () => {
    const rows = yearProgress({
      method,
      quotas,
      items: [adopted, item('i2', '611000203')],
      commissions: [missed],
      asOf: at('2026-04-01T00:00:00'),
    });
    expect(rows.map((r) => r.unitCode)).toEqual([...rows.map((r) => r.unitCode)].sort());
    expect(rows).toHaveLength(quotas.quotas.length + 1);
    expect(rows.find((r) => r.unitCode === SHANGZHOU)).toMatchObject({ points: 10, quota: 400 });
    expect(rows.find((r) => r.unitCode === '611000108')).toMatchObject({ points: -2, commissionPoints: -2 });
    // 医疗保障局 has no quota (seed 004 has no row for it) but reported.
    expect(rows.find((r) => r.unitCode === '611000203')).toMatchObject({ quota: undefined, points: 0 });
  });

  it('counts nothing after asOf', () => {
    const rows = yearProgress({
      method,
      quotas,
      items: [adopted],
      commissions: [missed],
      asOf: at('2026-03-04T00:00:00'),
    });
    expect(rows.find((r) => r.unitCode === SHANGZHOU)?.points).toBe(0);
    expect(rows.find((r) => r.unitCode === '611000108')?.points).toBe(0);
  });
});

describe('pages in unit order', () => {
  const rows = ['611000101', '611000102', '611000103', '611000104', '611000105'].map((unitCode) => ({
    unitCode,
  }));

  it('hands out a cursor until the last page', () => {
    const first = unitPage(rows, { limit: 2 });
    expect(first.items.map((r) => r.unitCode)).toEqual(['611000101', '611000102']);
    const second = unitPage(rows, { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((r) => r.unitCode)).toEqual(['611000103', '611000104']);
    const last = unitPage(rows, { limit: 2, cursor: second.nextCursor });
    expect(last.items.map((r) => r.unitCode)).toEqual(['611000105']);
    expect(last.nextCursor).toBeUndefined();
  });

  it('refuses a cursor it did not hand out, naming query.cursor', () => {
    const forged = Buffer.from(JSON.stringify({ pk: 'x', sk: 'y' })).toString('base64url');
    expect(() => unitPage(rows, { limit: 2, cursor: forged })).toThrow(ValidationError);
    expect(() => unitPage(rows, { limit: 2, cursor: '%%%' })).toThrow(ValidationError);
  });
});

describe('years and the sample quarter', () => {
  it('counts a commission to the CST year of its deadline', () => {
    expect(commissionYearOf({ dueAt: '2026-12-31T16:00:00.000Z' })).toBe(2026); // midnight CST, 1 January
    expect(commissionYearOf({ dueAt: '2026-12-31T16:00:00.001Z' })).toBe(2027);
  });

  it('seeds the last whole quarter before now', () => {
    expect(sampleInformationQuarter(at('2026-12-02T09:00:00')).key).toBe('2026-Q3');
    expect(sampleInformationQuarter(at('2027-01-03T09:00:00')).key).toBe('2026-Q4');
  });
});

describe('the information routes', () => {
  /** A store no test here may reach: the refusals come before any read. */
  const unreachable = new Proxy({} as InformationStore, {
    get: (_target, name) => () => {
      throw new Error(`the store was reached (${String(name)})`);
    },
  });

  async function handler(caller: Caller) {
    return httpFunction(
      { description: 'information routes', routes: informationRouteSpecs },
      informationRoutes({
        information: unreachable,
        directory: { unit: async () => undefined, units: async () => new Map() },
        audit: { record: async () => {} },
        now: () => at('2026-03-02T09:00:00'),
      }),
      {
        config: readConfig({}, await localEnv(await makeDevKey())),
        logger: createLogger('information-routes-test'),
        verifier: { verify: async () => caller },
        idempotency: {
          runner:
            () =>
            async ({ run }) =>
              run(),
        },
      },
    );
  }

  it('serves every route spec, each with a declared response', async () => {
    const routes = informationRoutes({
      information: unreachable,
      directory: { unit: async () => undefined, units: async () => new Map() },
      audit: { record: async () => {} },
      now: () => new Date(),
    });
    expect(new Set(routes.map((r) => r.spec))).toEqual(new Set(Object.values(informationRouteSpecs)));
    for (const definition of routes) expect(definition.response.status).toBeGreaterThanOrEqual(200);
    await expect(handler(editor)).resolves.toBeTypeOf('function');
  });

  it('refuses an officer the office’s work and other units, before reading anything: 403', async () => {
    const asOfficer = await handler(officer());
    const adopt = await call(asOfficer, {
      method: 'POST',
      path: '/v1/assessment/information/items/i1/adoptions',
      body: JSON.stringify({ level: 'city' }),
      headers: { 'content-type': 'application/json' },
      token: 'x',
    });
    expect(adopt.status).toBe(403);
    const progress = await call(asOfficer, {
      method: 'GET',
      path: `/v1/assessment/information/progress/${LUONAN}`,
      token: 'x',
    });
    expect(progress.status).toBe(403);
    const inbox = await call(asOfficer, {
      method: 'GET',
      path: '/v1/assessment/information/inbox',
      token: 'x',
    });
    expect(inbox.status).toBe(403);
  });

  it('names each bad field of a submission: 400', async () => {
    const res = await call(await handler(officer()), {
      method: 'POST',
      path: '/v1/assessment/information/items',
      body: JSON.stringify({ title: '', category: '其他', extra: 1 }),
      headers: { 'content-type': 'application/json' },
      token: 'x',
    });
    expect(res.status).toBe(400);
    const paths = (res.json.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['body.body', 'body.category', 'body.extra', 'body.title']);
  });
});
