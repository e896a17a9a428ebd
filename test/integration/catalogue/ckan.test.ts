import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform, type TestResponse } from '../../support/local-platform.ts';

/**
 * The CKAN-compatible read API and the public DCAT-AP feed on the real local platform, over the
 * sample catalogue: what a CKAN client or harvester reads, with a token and without.
 */
let local: TestPlatform;
let relief: string; // 民政局 system: any authenticated unit sees the whole published catalogue

const POLICE = '611000105'; // 商洛市公安局, provider of 人口基础信息库

const get = (path: string, token?: string) => local.request('GET', path, { token });
const search = (query: string, token?: string) =>
  get(`/api/3/action/package_search?${query}`, token).then((res) => {
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ success: true, help: expect.stringContaining('help_show') });
    return res.json.result;
  });
const ckanError = (res: TestResponse, status: number, type: string) => {
  expect(res.status).toBe(status);
  expect(res.json).toMatchObject({ success: false, error: { __type: type } });
  return res.json.error;
};
const q = encodeURIComponent;

beforeAll(async () => {
  local = await startTestPlatform('ckan', { sampleData: true });
  relief = await local.tokenFor('civil-affairs-relief-system');
});

afterAll(async () => {
  await local?.stop();
});

describe('CKAN Action API', () => {
  it('package_search?q=人口 answers CKAN-shaped packages, the population resource among them', async () => {
    const result = await search(`q=${q('人口')}`, relief);
    expect(result.count).toBeGreaterThanOrEqual(2);
    expect(result.sort).toBe('score desc, metadata_modified desc');
    const population = result.results.find((pkg: { id: string }) => pkg.id === '101-000001');
    expect(population).toMatchObject({
      name: '101-000001',
      title: '人口基础信息库',
      type: 'dataset',
      owner_org: POLICE,
      organization: { name: POLICE, title: '商洛市公安局' },
      groups: [{ name: 'base' }],
      private: true,
    });
    expect(population.resources[0]).toMatchObject({
      url: `${local.platform.apiUrl}/v1/catalogue/resources/101-000001`,
    });
    const keys = population.extras.map((extra: { key: string }) => extra.key);
    expect(keys).toEqual(
      expect.arrayContaining(['share_type', 'update_cycle', 'data_items', 'open_to_public']),
    );
  });

  it('without a token shows only resources open to the public', async () => {
    const open = await search(`q=${q('人口')}`);
    expect(open.count).toBeGreaterThanOrEqual(1);
    expect(open.results.map((pkg: { id: string }) => pkg.id)).toContain('301202-000002');
    for (const pkg of open.results) expect(pkg.private).toBe(false);
    const all = await search('rows=0');
    const everything = await search('rows=0', relief);
    expect(all.count).toBeLessThan(everything.count);
    // A refused token is the anonymous view, not an error.
    const bad = await local.request('GET', '/api/3/action/package_search?rows=0', {
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(bad.json.result.count).toBe(all.count);
  });

  it('filters with fq, pages with rows and start, sorts, and counts facets', async () => {
    const byPolice = await search(`fq=${q(`organization:${POLICE} AND groups:base`)}&rows=100`, relief);
    expect(byPolice.count).toBeGreaterThanOrEqual(1);
    for (const pkg of byPolice.results)
      expect(pkg).toMatchObject({ owner_org: POLICE, groups: [{ name: 'base' }] });

    const quoted = await search(`fq=${q('tags:"人口"')}&rows=100`, relief);
    for (const pkg of quoted.results) expect(pkg.tags.map((t: { name: string }) => t.name)).toContain('人口');

    const byName = await search(`sort=${q('name asc')}&rows=1000`, relief);
    const names = byName.results.map((pkg: { name: string }) => pkg.name);
    expect(names).toEqual([...names].sort());
    expect(names.length).toBe(byName.count);

    const second = await search(`sort=${q('name asc')}&rows=2&start=2`, relief);
    expect(second.results.map((pkg: { name: string }) => pkg.name)).toEqual(names.slice(2, 4));

    const faceted = await search(`facet.field=${q('["organization","groups","tags"]')}&rows=0`, relief);
    expect(faceted.results).toEqual([]);
    expect(faceted.search_facets.organization.items).toEqual(
      expect.arrayContaining([{ name: POLICE, display_name: '商洛市公安局', count: expect.any(Number) }]),
    );
    expect(faceted.search_facets.groups.items.map((i: { name: string }) => i.name)).toContain('base');
    expect(faceted.facets.groups.base).toBeGreaterThan(0);
  });

  it('package_show by id and by name; organization_list and organization_show; lists; status_show', async () => {
    for (const id of ['101-000001', '101/000001']) {
      const shown = await get(`/api/3/action/package_show?id=${q(id)}`, relief);
      expect(shown.status).toBe(200);
      expect(shown.json.result).toMatchObject({ name: '101-000001', title: '人口基础信息库' });
    }
    // Not open to the public: not there without a token.
    ckanError(await get('/api/3/action/package_show?id=101-000001'), 404, 'Not Found Error');
    expect((await get('/api/3/action/package_show?id=301202-000002')).status).toBe(200);

    const orgs = await get('/api/3/action/organization_list', relief);
    expect(orgs.json.result).toContain(POLICE);
    const detailed = await get('/api/3/action/organization_list?all_fields=true', relief);
    expect(detailed.json.result).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: POLICE, title: '商洛市公安局' })]),
    );
    const org = await get(`/api/3/action/organization_show?id=${POLICE}&include_datasets=true`, relief);
    expect(org.json.result).toMatchObject({ name: POLICE, is_organization: true });
    expect(org.json.result.packages.map((pkg: { name: string }) => pkg.name)).toContain('101-000001');

    const packages = await get('/api/3/action/package_list', relief);
    expect(packages.json.result).toContain('101-000001');
    expect((await get('/api/3/action/group_list', relief)).json.result).toEqual(
      expect.arrayContaining(['base', 'departmental']),
    );
    expect((await get('/api/3/action/tag_list', relief)).json.result).toContain('人口');
    const status = await get('/api/3/action/status_show');
    expect(status.json).toMatchObject({ success: true, result: { ckan_version: expect.any(String) } });
    expect(status.json.result.site_url).toBe(local.platform.apiUrl);
  });

  it('answers POST with a JSON body, as ckanapi sends it', async () => {
    const res = await local.request('POST', '/api/3/action/package_search', {
      token: relief,
      body: { q: '人口', rows: 5, 'facet.field': ['tags'] },
    });
    expect(res.status).toBe(200);
    expect(res.json.result.results.length).toBeLessThanOrEqual(5);
    expect(res.json.result.search_facets.tags).toBeDefined();
    const unknown = await local.request('POST', '/api/3/action/package_create', { token: relief, body: {} });
    ckanError(unknown, 400, 'Bad Request');
  });

  it('refuses bad input as CKAN does, naming the parameter', async () => {
    expect(
      ckanError(await get('/api/3/action/package_search?rows=1001', relief), 409, 'Validation Error'),
    ).toHaveProperty('rows');
    const fq = ckanError(
      await get(`/api/3/action/package_search?fq=${q('tags:a OR tags:b')}`),
      409,
      'Validation Error',
    );
    expect(fq.fq[0]).toContain('OR');
    expect(
      ckanError(await get(`/api/3/action/package_search?sort=${q('colour asc')}`), 409, 'Validation Error'),
    ).toHaveProperty('sort');
    const missing = ckanError(
      await get('/api/3/action/package_show?id=999-999999', relief),
      404,
      'Not Found Error',
    );
    expect(missing.message).toContain('999-999999');
    const org = ckanError(
      await get('/api/3/action/organization_show?id=611999999', relief),
      404,
      'Not Found Error',
    );
    expect(org.message).toContain('611999999');
    expect(
      ckanError(await get('/api/3/action/package_show', relief), 409, 'Validation Error'),
    ).toHaveProperty('id');
  });
});

describe('DCAT-AP', () => {
  it('serves the resources open to the public without a token, under the configured base URL', async () => {
    const res = await get('/v1/catalogue/dcat/public');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/ld+json');
    expect(res.json['@id']).toBe(`${local.platform.apiUrl}/v1/catalogue/dcat/public`);
    const codes = res.json['dcat:dataset'].map(
      (dataset: { 'dct:identifier': string }) => dataset['dct:identifier'],
    );
    expect(codes).toEqual(expect.arrayContaining(['301202/000001', '301202/000002']));
    expect(codes).not.toContain('101/000001');
    const open = await search('rows=1000');
    expect(new Set(codes)).toEqual(
      new Set(
        open.results.map(
          (pkg: { extras: { key: string; value: string }[] }) =>
            pkg.extras.find((extra) => extra.key === 'resource_code')?.value,
        ),
      ),
    );
  });

  it('keeps the full export behind authentication', async () => {
    expect((await get('/v1/catalogue/dcat')).status).toBe(401);
    const full = await get('/v1/catalogue/dcat', relief);
    expect(full.json['@id']).toBe(`${local.platform.apiUrl}/v1/catalogue/dcat`);
    expect(JSON.stringify(full.json)).not.toContain('govshare.invalid');
  });
});
