import { dcatCatalogue, type Resource } from '@govshare/domain/catalogue';
import { sampleCatalogue } from '@govshare/functions/catalogue/seed.ts';
import { describe, expect, it } from 'vitest';
import { validateDcat } from './shacl.ts';

const at = '2026-01-05T08:00:00.000Z';
const resources: Resource[] = sampleCatalogue.map(({ input, provider }, index) => ({
  ...input,
  providerUnit: provider,
  version: 1 + (index % 3),
  status: 'published',
  publishedAt: at,
  createdAt: at,
  updatedAt: at,
}));
const BASE = 'https://api.example.gov.cn';

describe('DCAT-AP 3 export', () => {
  it('conforms to the official SHACL shapes (shapes.ttl + range.ttl) for the whole sample catalogue', async () => {
    const outcome = await validateDcat(dcatCatalogue(resources, { baseUrl: BASE, next: 'abc' }));
    expect(outcome.problems).toEqual([]);
    expect(outcome.conforms).toBe(true);
    expect(outcome.triples).toBeGreaterThan(resources.length * 10);
  });

  it('is caught by the validator when a mandatory property is missing or a value has the wrong class', async () => {
    const document = dcatCatalogue(resources.slice(0, 2), { baseUrl: BASE });
    const [first, second] = document['dcat:dataset'];
    const broken = {
      ...document,
      'dcat:dataset': [
        { ...first, 'dct:title': undefined },
        { ...second, 'dct:accrualPeriodicity': { '@id': 'http://example.org/weekly' } },
      ],
    };
    const outcome = await validateDcat(broken);
    expect(outcome.conforms).toBe(false);
    expect(outcome.problems.some((line) => line.includes('http://purl.org/dc/terms/title'))).toBe(true);
    expect(outcome.problems.some((line) => line.includes('accrualPeriodicity'))).toBe(true);
  });

  it('maps share types to EU access rights and update cycles to EU frequencies', () => {
    const document = dcatCatalogue(resources, { baseUrl: BASE });
    const byId = new Map(document['dcat:dataset'].map((d) => [d['dct:identifier'], d]));
    const population = byId.get('101/000001');
    expect(population?.['dct:accessRights']['@id']).toBe(
      'http://publications.europa.eu/resource/authority/access-right/RESTRICTED',
    );
    expect(population?.['dct:accrualPeriodicity']['@id']).toBe(
      'http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT',
    );
    expect(byId.get('103/000001')?.['dct:accessRights']['@id']).toMatch(/PUBLIC$/);
    const notShared = byId.get('301105/000001');
    expect(notShared?.['dct:accessRights']['@id']).toMatch(/NON_PUBLIC$/);
    expect(notShared?.['dcat:distribution']).toEqual([]);
    expect(byId.get('301202/000001')?.['dct:accrualPeriodicity']['@id']).toMatch(/MONTHLY$/);
    expect(byId.get('301202/000002')?.['dct:accrualPeriodicity']['@id']).toMatch(/ANNUAL$/);
    expect(population?.['@id']).toBe(`${BASE}/v1/catalogue/resources/101-000001`);
  });
});
