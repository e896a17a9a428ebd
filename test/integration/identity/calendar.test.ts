import { BASE_RESOURCES, codeToPathSegment } from '@govshare/domain/catalogue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_2027 } from '../../support/calendar.ts';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * The working-day calendar as data on the real local platform: the sample years, the administrator
 * entering 2027 (test data: see test/support/calendar.ts), versions, the warning before it ends, and
 * an access request's deadline refused past the calendar's end, then counted across the festival.
 */
let local: TestPlatform;
const tokens: Record<string, string> = {};
const call = (method: string, path: string, user?: string, body?: unknown) =>
  local.request(method, path, { token: user ? tokens[user] : undefined, body });

/** The platform's "now" in local mode (GOVSHARE_LOCAL_CLOCK), read at each call by the handlers. */
const setClock = (instant: string) => {
  process.env.GOVSHARE_LOCAL_CLOCK = instant;
};

const { year: _year, ...body2027 } = TEST_2027;
const LEGAL_ENTITIES = codeToPathSegment(BASE_RESOURCES.legalEntities.code);
const fileRequest = () =>
  call('POST', `/v1/catalogue/resources/${LEGAL_ENTITIES}/access-requests`, 'civil-affairs-relief-system', {
    purpose: '核验社会救助申请人名下企业的登记状态',
    items: ['creditCode', 'status'],
    until: '2099-12-31',
    legalBasis: '《社会救助暂行办法》第十一条',
  });

beforeAll(async () => {
  local = await startTestPlatform('calendar', { sampleData: true });
  for (const user of ['egov-admin', 'stats-editor', 'civil-affairs-relief-system']) {
    tokens[user] = await local.tokenFor(user);
  }
});

afterAll(async () => {
  delete process.env.GOVSHARE_LOCAL_CLOCK;
  await local?.stop();
});

describe('the working-day calendar', () => {
  it('holds the sample years with the notices that announced them, for any signed-in caller', async () => {
    const res = await call('GET', '/v1/calendar/years', 'stats-editor');
    expect(res.status).toBe(200);
    expect(
      res.json.items.map((y: { year: number; notice: string; version: number }) => [
        y.year,
        y.notice,
        y.version,
      ]),
    ).toEqual([
      [2025, '国办发明电〔2024〕12号', 1],
      [2026, '国办发明电〔2025〕7号', 1],
    ]);
    const y2026 = await call('GET', '/v1/calendar/years/2026', 'civil-affairs-relief-system');
    expect(y2026.json.holidays).toContain('2026-02-23');
    expect(y2026.json.makeUpWorkdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect((await call('GET', '/v1/calendar/years/2027', 'stats-editor')).status).toBe(404);
    expect((await call('GET', '/v1/calendar')).status).toBe(401);
  });

  it('warns from 60 days before it ends, in the API and in the daily check', async () => {
    setClock('2026-10-01T02:00:00Z');
    const early = await call('GET', '/v1/calendar', 'egov-admin');
    expect(early.json).toMatchObject({ today: '2026-10-01', endsOn: '2026-12-31', daysLeft: 91 });
    expect(early.json).not.toHaveProperty('warning');

    setClock('2026-11-15T02:00:00Z');
    const late = await call('GET', '/v1/calendar', 'egov-admin');
    expect(late.json).toMatchObject({ endsOn: '2026-12-31', daysLeft: 46, missingYear: 2027 });
    expect(late.json.warning).toMatch(/ends on 2026-12-31.*PUT \/v1\/calendar\/years\/2027/);
    await expect(local.platform.triggerSchedule('calendar-check')).resolves.toMatchObject({
      daysLeft: 46,
      warning: expect.stringContaining('2027'),
    });
  });

  it('refuses a deadline that runs past its last year with 503 naming the year, storing nothing', async () => {
    setClock('2027-01-28T02:00:00Z'); // Thursday 10:00 in Beijing
    const before = await call('GET', '/v1/sharing/requests?as=consumer', 'civil-affairs-relief-system');
    const res = await fileRequest();
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.json.type).toBe('urn:govshare:problem:calendar-not-loaded');
    expect(res.json.detail).toMatch(/no data for 2027/);
    const after = await call('GET', '/v1/sharing/requests?as=consumer', 'civil-affairs-relief-system');
    expect(after.json.items).toHaveLength(before.json.items.length);
  });

  it('lets only the platform administrator enter a year', async () => {
    expect((await call('PUT', '/v1/calendar/years/2027', undefined, body2027)).status).toBe(401);
    for (const user of ['stats-editor', 'civil-affairs-relief-system']) {
      const res = await call('PUT', '/v1/calendar/years/2027', user, body2027);
      expect(res.status).toBe(403);
      expect(res.json.type).toBe('urn:govshare:problem:forbidden');
    }
    expect((await call('GET', '/v1/calendar/years/2027', 'egov-admin')).status).toBe(404);
  });

  it('refuses bad days with 400 naming each field, and stores nothing', async () => {
    const put = (body: unknown, year = '2027') =>
      call('PUT', `/v1/calendar/years/${year}`, 'egov-admin', body);
    const paths = async (body: unknown, year?: string) => {
      const res = await put(body, year);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      return res.json.errors.map((e: { path: string }) => e.path);
    };
    expect(await paths({ ...body2027, holidays: ['2027-02-30', ...body2027.holidays] })).toEqual([
      'body.holidays.0',
    ]);
    expect(await paths({ ...body2027, makeUpWorkdays: ['2027-02-06', '2027-02-03'] })).toEqual([
      'body.makeUpWorkdays.0',
      'body.makeUpWorkdays.1',
    ]);
    expect(await paths({ ...body2027, holidays: ['2026-12-31', ...body2027.holidays] })).toEqual([
      'body.holidays.0',
    ]);
    const { notice: _notice, ...noNotice } = body2027;
    expect(await paths(noNotice)).toEqual(['body.notice']);
    expect(await paths(body2027, '1999')).toEqual(['params.year']);
    expect((await call('GET', '/v1/calendar/years/2027', 'egov-admin')).status).toBe(404);
  });

  it('counts an access request across the 2027 Spring Festival once the administrator enters 2027', async () => {
    const put = await call('PUT', '/v1/calendar/years/2027', 'egov-admin', body2027);
    expect(put.status).toBe(201);
    expect(put.headers.get('location')).toBe('/v1/calendar/years/2027');
    expect(put.json).toMatchObject({
      year: 2027,
      version: 1,
      updatedBy: 'egov-admin',
      notice: TEST_2027.notice,
    });

    // The sharing function read the calendar a moment ago (the refusal): a year it lacks is read again.
    setClock('2027-01-28T02:00:00Z');
    const res = await fileRequest();
    expect(res.status).toBe(201);
    // Weekdays alone would end on Thu 11 February, inside the festival (5–12 February); with the
    // make-up Sunday 31 January the tenth working day is Thu 18 February, due at its end in Beijing.
    expect(res.json.request.dueAt).toBe('2027-02-18T16:00:00.000Z');

    setClock('2026-11-15T02:00:00Z');
    const status = await call('GET', '/v1/calendar', 'egov-admin');
    expect(status.json).toMatchObject({ years: [2025, 2026, 2027], endsOn: '2027-12-31' });
    expect(status.json).not.toHaveProperty('warning');
  });

  it('replaces a year only from the version read: a stale version is a 409', async () => {
    const corrected = { ...body2027, makeUpWorkdays: ['2027-01-31'] };
    const again = await call('PUT', '/v1/calendar/years/2027', 'egov-admin', corrected);
    expect(again.status).toBe(409);
    expect(again.json.detail).toMatch(/"version": 1/);

    const replaced = await call('PUT', '/v1/calendar/years/2027', 'egov-admin', { ...corrected, version: 1 });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ version: 2, makeUpWorkdays: ['2027-01-31'] });

    const stale = await call('PUT', '/v1/calendar/years/2027', 'egov-admin', { ...body2027, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.type).toBe('urn:govshare:problem:conflict');
    expect(stale.json.detail).toMatch(/version 2, not 1/);

    // A retry of the PUT that succeeded is answered with what it stored.
    const retried = await call('PUT', '/v1/calendar/years/2027', 'egov-admin', { ...corrected, version: 1 });
    expect(retried.status).toBe(200);
    expect(retried.json.version).toBe(2);
    const stored = await call('GET', '/v1/calendar/years/2027', 'stats-editor');
    expect(stored.json).toMatchObject({ version: 2, makeUpWorkdays: ['2027-01-31'] });
  });
});
