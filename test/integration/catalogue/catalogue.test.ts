import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform, type TestResponse } from '../../support/local-platform.ts';
import { validateDcat } from '../../unit/catalogue/shacl.ts';

/**
 * The catalogue over HTTP on the real local platform (DynamoDB Local, the gateway, the scheduler,
 * sample data): register → publish → search in Chinese → new version and history → stale flag after
 * the freshness sweep → DCAT-AP export valid against the official SHACL shapes.
 */
let local: TestPlatform;
let stats: string; // 统计局 catalogue editor (611000202)
let market: string; // 市场监管局 catalogue editor (611000201)
let relief: string; // 民政局 system, no editor role

const STATS = '611000202';

const request: TestPlatform['request'] = (...args) => local.request(...args);
const tokenFor = (userId: string) => local.tokenFor(userId);

const migration = {
  code: '301202/000099',
  name: '人口迁移流动统计',
  category: 'departmental',
  abstract: '按县区汇总的人口迁入、迁出和流动人口统计数据，含营业执照持有人员的流动情况。',
  format: 'spreadsheet',
  items: [
    { name: 'regionCode', title: '行政区划代码', type: 'string', length: 6 },
    { name: 'movedIn', title: '迁入人数', type: 'integer' },
    { name: 'movedOut', title: '迁出人数', type: 'integer', description: '当期迁出户籍人口' },
  ],
  shareType: 'conditional',
  shareCondition: '限人口规划和公共服务配置使用。',
  shareMethod: 'file',
  updateCycle: 'monthly',
  tags: ['统计', '人口流动'],
  relatedResources: ['101/000001'],
};

const problemAt = (res: TestResponse, status: number, path?: string) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  if (path) expect(JSON.stringify(res.json)).toContain(path);
};

beforeAll(async () => {
  local = await startTestPlatform('catalogue', { sampleData: true });
  [stats, market, relief] = await Promise.all([
    tokenFor('stats-editor'),
    tokenFor('market-editor'),
    tokenFor('civil-affairs-relief-system'),
  ]);
});

afterAll(async () => {
  await local?.stop();
});

describe('catalogue on the local platform', () => {
  it('serves the seeded base databases, by dashed or encoded code', async () => {
    const dashed = await request('GET', '/v1/catalogue/resources/101-000001', { token: relief });
    expect(dashed.status).toBe(200);
    expect(dashed.json).toMatchObject({ code: '101/000001', name: '人口基础信息库', status: 'published' });
    const encoded = await request('GET', '/v1/catalogue/resources/101%2F000001', { token: relief });
    expect(encoded.status).toBe(200);
    expect(encoded.json.code).toBe('101/000001');
  });

  it('registers a draft private to the unit, then publishes it', async () => {
    const created = await request('POST', '/v1/catalogue/resources', { token: stats, body: migration });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/v1/catalogue/resources/301202-000099');
    expect(created.json).toMatchObject({
      providerUnit: STATS,
      version: 1,
      status: 'draft',
      openToPublic: false,
    });
    expect(created.json.items[0]).toMatchObject({ required: true, sensitive: false });

    expect((await request('GET', '/v1/catalogue/resources/301202-000099', { token: market })).status).toBe(
      404,
    );
    const hidden = await request('GET', '/v1/catalogue/search?q=人口迁移', { token: market });
    expect(hidden.json.hits.map((h: { code: string }) => h.code)).not.toContain('301202/000099');

    const own = await request('GET', '/v1/catalogue/resources', { token: stats });
    expect(own.json.items.map((r: { code: string }) => r.code)).toContain('301202/000099');

    // A past 发布日期: the monthly cycle has long lapsed, which the freshness test below relies on.
    const published = await request('POST', '/v1/catalogue/resources/301202-000099/publish', {
      token: stats,
      body: { publishedAt: '2025-01-10T00:00:00Z' },
    });
    expect(published.status).toBe(200);
    expect(published.json).toMatchObject({
      status: 'published',
      version: 1,
      publishedAt: '2025-01-10T00:00:00Z',
    });
    const again = await request('POST', '/v1/catalogue/resources/301202-000099/publish', {
      token: stats,
      body: {},
    });
    problemAt(again, 409);
    expect(
      (await request('GET', '/v1/catalogue/resources/301202-000099', { token: market })).json.status,
    ).toBe('published');
  });

  it('finds resources in Chinese and English, with facets, filters and a stable cursor', async () => {
    const people = await request('GET', `/v1/catalogue/search?q=${encodeURIComponent('人口')}`, {
      token: relief,
    });
    expect(people.status).toBe(200);
    const codes = people.json.hits.map((h: { code: string }) => h.code);
    expect(codes).toContain('101/000001');
    expect(codes).toContain('301202/000099');
    // Name hits rank above hits in tags or abstracts only (社会保险参保信息 mentions no 人口 at all).
    expect(people.json.hits[0].name).toContain('人口');
    expect(codes).not.toContain('301109/000001');
    // Hits show the entry, not the index's own flattened fields.
    expect(people.json.hits[0]).not.toHaveProperty('itemText');

    const licence = await request('GET', `/v1/catalogue/search?q=${encodeURIComponent('营业执照')}`, {
      token: relief,
    });
    const licenceCodes = licence.json.hits.map((h: { code: string }) => h.code);
    expect(licenceCodes).toEqual(expect.arrayContaining(['301201/000001', '201/000001', '301205/000001']));
    expect(licenceCodes).not.toContain('101/000001');

    const english = await request('GET', '/v1/catalogue/search?q=creditCode', { token: relief });
    expect(english.json.hits.map((h: { code: string }) => h.code)).toContain('102/000001');

    const base = await request('GET', '/v1/catalogue/search?category=base&limit=10', { token: relief });
    expect(base.json.total).toBe(4);
    expect(base.json.facets.category.base).toBe(4);
    expect(base.json.facets.category.departmental).toBeGreaterThan(0); // disjunctive: other values still counted

    const filtered = await request(
      'GET',
      `/v1/catalogue/search?q=${encodeURIComponent('人口')}&provider=${STATS}&shareType=conditional`,
      { token: relief },
    );
    expect(filtered.json.hits.map((h: { code: string }) => h.code)).toEqual(['301202/000099']);

    const all = await request('GET', '/v1/catalogue/search?limit=100', { token: relief });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await request(
        'GET',
        `/v1/catalogue/search?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: relief },
      );
      expect(page.status).toBe(200);
      seen.push(...page.json.hits.map((h: { code: string }) => h.code));
      cursor = page.json.cursor;
    } while (cursor);
    expect(seen).toEqual(all.json.hits.map((h: { code: string }) => h.code));
    expect(new Set(seen).size).toBe(all.json.total);

    problemAt(
      await request('GET', '/v1/catalogue/search?category=secret', { token: relief }),
      400,
      'query.category',
    );
    problemAt(
      await request('GET', '/v1/catalogue/search?cursor=bogus', { token: relief }),
      400,
      'query.cursor',
    );
  });

  it('refuses bad input with problem+json naming the field, writing nothing', async () => {
    const fresh = { ...migration, code: '301202/000098' };
    problemAt(
      await request('POST', '/v1/catalogue/resources', {
        token: stats,
        body: { ...fresh, category: 'secret' },
      }),
      400,
      'body.category',
    );
    problemAt(
      await request('POST', '/v1/catalogue/resources', {
        token: stats,
        body: { ...fresh, shareType: 'sometimes' },
      }),
      400,
      'body.shareType',
    );
    const { type: _type, ...untyped } = migration.items[0] as Record<string, unknown>;
    problemAt(
      await request('POST', '/v1/catalogue/resources', {
        token: stats,
        body: { ...fresh, items: [untyped] },
      }),
      400,
      'body.items.0.type',
    );
    const { shareCondition: _condition, ...unconditioned } = fresh;
    problemAt(
      await request('POST', '/v1/catalogue/resources', { token: stats, body: unconditioned }),
      400,
      'body.shareCondition',
    );
    problemAt(await request('POST', '/v1/catalogue/resources', { token: stats, body: migration }), 409);
    expect((await request('GET', '/v1/catalogue/resources/301202-000098', { token: stats })).status).toBe(
      404,
    );
    problemAt(await request('POST', '/v1/catalogue/resources', { token: relief, body: fresh }), 403);

    const { code: _code, ...metadata } = migration;
    const foreign = await request('PUT', '/v1/catalogue/resources/301202-000099', {
      token: market,
      body: metadata,
    });
    problemAt(foreign, 403);
    const versions = await request('GET', '/v1/catalogue/resources/301202-000099/versions', { token: stats });
    expect(versions.json.items).toHaveLength(1);
  });

  it('keeps every version: editing a published resource opens the next one', async () => {
    const { code: _code, ...metadata } = migration;
    const edited = await request('PUT', '/v1/catalogue/resources/301202-000099', {
      token: stats,
      body: { ...metadata, name: '人口迁移流动统计（季度）', updateCycle: 'quarterly' },
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ version: 2, status: 'draft' });

    // Others still see version 1 while version 2 is a draft.
    const meanwhile = await request('GET', '/v1/catalogue/resources/301202-000099', { token: market });
    expect(meanwhile.json).toMatchObject({ version: 1, name: '人口迁移流动统计' });
    expect(
      (await request('GET', '/v1/catalogue/resources/301202-000099/versions', { token: market })).json.items,
    ).toHaveLength(1);

    const republished = await request('POST', '/v1/catalogue/resources/301202-000099/publish', {
      token: stats,
      body: {},
    });
    expect(republished.json).toMatchObject({ version: 2, status: 'published' });

    const history = await request('GET', '/v1/catalogue/resources/301202-000099/versions', { token: market });
    expect(history.json.items.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual(
      [
        [1, 'published'],
        [2, 'published'],
      ],
    );
    const first = await request('GET', '/v1/catalogue/resources/301202-000099/versions/1', { token: market });
    expect(first.json).toMatchObject({ version: 1, name: '人口迁移流动统计', updateCycle: 'monthly' });
    expect(
      (await request('GET', '/v1/catalogue/resources/301202-000099/versions/3', { token: market })).status,
    ).toBe(404);
    const found = await request('GET', `/v1/catalogue/search?q=${encodeURIComponent('季度')}`, {
      token: relief,
    });
    expect(found.json.hits.map((h: { code: string; version: number }) => [h.code, h.version])).toContainEqual(
      ['301202/000099', 2],
    );
  });

  it('flags lapsed resources after the freshness sweep, on the resource and per provider', async () => {
    const lapsed = { ...migration, code: '301202/000097', name: '流动人口月报', updateCycle: 'monthly' };
    expect((await request('POST', '/v1/catalogue/resources', { token: stats, body: lapsed })).status).toBe(
      201,
    );
    await request('POST', '/v1/catalogue/resources/301202-000097/publish', {
      token: stats,
      body: { publishedAt: '2025-03-15T00:00:00Z' },
    });
    const before = await request('GET', '/v1/catalogue/resources/301202-000097', { token: market });
    expect(before.json.stale).toBeUndefined();

    const sweep = (await local.platform.triggerSchedule('catalogue-freshness')) as {
      checked: number;
      flagged: number;
    };
    expect(sweep.flagged).toBeGreaterThanOrEqual(1);
    // A second sweep flags nothing new and keeps the first staleSince.
    expect(await local.platform.triggerSchedule('catalogue-freshness')).toMatchObject({ flagged: 0 });

    const after = await request('GET', '/v1/catalogue/resources/301202-000097', { token: market });
    expect(after.json).toMatchObject({ stale: true, staleSince: '2025-04-15T00:00:00.000Z' });
    const list = await request('GET', `/v1/catalogue/stale?provider=${STATS}`, { token: market });
    const staleCodes = list.json.items.map((entry: { code: string }) => entry.code);
    expect(staleCodes).toContain('301202/000097');
    expect(staleCodes).toContain('301202/000002'); // the seeds' sleeping column: yearly, 500 days old
    expect(staleCodes).not.toContain('301202/000001'); // monthly, published 30 days ago
    expect(staleCodes).not.toContain('301202/000099'); // republished just now

    // A new version clears the flag.
    const { code: _code, ...metadata } = lapsed;
    await request('PUT', '/v1/catalogue/resources/301202-000097', { token: stats, body: metadata });
    await request('POST', '/v1/catalogue/resources/301202-000097/publish', { token: stats, body: {} });
    const fresh = await request('GET', '/v1/catalogue/resources/301202-000097', { token: market });
    expect(fresh.json).toMatchObject({ version: 2 });
    expect(fresh.json.stale).toBeUndefined();
    const listAfter = await request('GET', `/v1/catalogue/stale?provider=${STATS}`, { token: market });
    expect(listAfter.json.items.map((entry: { code: string }) => entry.code)).not.toContain('301202/000097');
  });

  it('audits registering, editing and publishing, for the provider to see', async () => {
    const approver = await tokenFor('stats-approver');
    let actions: string[] = [];
    for (let attempt = 0; attempt < 50 && actions.length < 4; attempt++) {
      const res = await request('GET', `/v1/audit/provider/${STATS}/events?limit=100`, { token: approver });
      expect(res.status).toBe(200);
      actions = res.json.items
        .filter((event: { resourceCode?: string }) => event.resourceCode === '301202/000099')
        .map((event: { action: string }) => event.action);
      if (actions.length < 4) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(actions.sort()).toEqual(
      [
        'catalogue.resource.edit',
        'catalogue.resource.publish',
        'catalogue.resource.publish',
        'catalogue.resource.register',
      ].sort(),
    );
  });

  it('exports the published catalogue as DCAT-AP 3 JSON-LD valid against the official SHACL shapes', async () => {
    const res = await request('GET', '/v1/catalogue/dcat', { token: relief });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/ld+json');
    const datasets = res.json['dcat:dataset'] as { 'dct:identifier': string }[];
    expect(datasets.map((d) => d['dct:identifier'])).toEqual(
      expect.arrayContaining(['101/000001', '301202/000099']),
    );
    const outcome = await validateDcat(res.json);
    expect(outcome.problems).toEqual([]);
    expect(outcome.conforms).toBe(true);
  });

  it('publishes its OpenAPI document without a token', async () => {
    const res = await request('GET', '/v1/catalogue/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    const search = res.json.paths['/v1/catalogue/search'].get;
    expect(search.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['q', 'category', 'cursor']),
    );
    const register =
      res.json.paths['/v1/catalogue/resources'].post.requestBody.content['application/json'].schema;
    expect(register.required).toEqual(
      expect.arrayContaining(['code', 'name', 'category', 'items', 'shareType']),
    );
    expect(register.properties.category.enum).toEqual(['base', 'thematic', 'departmental']);
  });
});
