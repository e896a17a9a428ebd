import {
  BASE_RESOURCES,
  codeFromPathSegment,
  codeToPathSegment,
  editResource,
  nextVersionDue,
  publishResource,
  registerDraft,
  registerResourceSchema,
  resourceCodeSegmentSchema,
  resourceSchema,
  staleness,
} from '@govshare/domain/catalogue';
import { ForbiddenError, InvalidTransitionError, ValidationError } from '@govshare/domain/kernel';
import { describe, expect, it } from 'vitest';

const input = {
  code: '301202/000001',
  name: '国民经济主要指标月度数据',
  category: 'departmental',
  abstract: '月度指标',
  format: 'spreadsheet',
  items: [{ name: 'value', title: '数值', type: 'decimal' }],
  shareType: 'unconditional',
  shareMethod: 'file',
  updateCycle: 'monthly',
} as const;

const issues = (value: unknown) => {
  const result = registerResourceSchema.safeParse(value);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-02-01T00:00:00Z');

describe('resource metadata', () => {
  it('accepts the four base databases as they are defined in the sharing contract', () => {
    for (const resource of Object.values(BASE_RESOURCES)) {
      expect(
        issues({
          code: resource.code,
          name: resource.name,
          category: 'base',
          abstract: resource.abstract,
          format: 'database',
          items: resource.items,
          shareType: resource.shareType,
          shareCondition: '依法履职',
          shareMethod: 'api',
          updateCycle: 'realtime',
        }),
      ).toEqual([]);
    }
  });

  it('fills defaults for optional fields', () => {
    const parsed = registerResourceSchema.parse(input);
    expect(parsed).toMatchObject({ openToPublic: false, tags: [], relatedResources: [] });
    expect(parsed.items[0]).toMatchObject({ required: true, sensitive: false, description: '' });
  });

  it('names each bad field', () => {
    expect(issues({ ...input, category: 'secret' })[0]).toMatch(/^category:/);
    expect(issues({ ...input, shareType: 'sometimes' })[0]).toMatch(/^shareType:/);
    expect(issues({ ...input, items: [{ name: 'value', title: '数值' }] })[0]).toMatch(/^items\.0\.type:/);
    expect(issues({ ...input, items: [] })[0]).toMatch(/^items:/);
    expect(issues({ ...input, code: '101-000001' })[0]).toMatch(/^code:/);
    expect(issues({ ...input, extra: 1 })[0]).toMatch(/extra/);
    expect(issues({ ...input, shareType: 'conditional' })).toEqual([
      'shareCondition: is required when the share type is conditional',
    ]);
    const { shareMethod: _method, ...noMethod } = input;
    expect(issues(noMethod)).toEqual(['shareMethod: is required unless the resource is not shared']);
    expect(issues({ ...noMethod, shareType: 'not-shared' })).toEqual([]);
    expect(issues({ ...input, items: [input.items[0], input.items[0]] })).toEqual([
      'items.1.name: repeats another data item',
    ]);
  });

  it('writes the code slash as a dash in paths and reads both forms back', () => {
    expect(codeToPathSegment('101/000001')).toBe('101-000001');
    expect(codeFromPathSegment('101-000001')).toBe('101/000001');
    expect(codeFromPathSegment('101%2F000001')).toBe('101/000001');
  });

  it('refuses a segment that is no valid escape (%25 decoded once already, a lone %) by name, without throwing', () => {
    for (const segment of ['%', '101%', '%zz', '101%E4%B8']) {
      expect(() => codeFromPathSegment(segment)).not.toThrow();
      const parsed = resourceCodeSegmentSchema.safeParse(segment);
      expect(parsed.success, segment).toBe(false);
    }
  });
});

describe('resource lifecycle', () => {
  const draft = registerDraft(registerResourceSchema.parse(input), '611000202', t0);

  it('registers version 1 as a draft of the caller unit', () => {
    expect(draft).toMatchObject({ version: 1, status: 'draft', providerUnit: '611000202' });
    expect(resourceSchema.parse(draft)).toEqual(draft);
  });

  it('edits a draft in place and opens the next version from a published one', () => {
    const metadata = registerResourceSchema.parse({ ...input, name: '新名称' });
    const { code: _code, ...rest } = metadata;
    const editedDraft = editResource(draft, rest, '611000202', t1);
    expect(editedDraft).toMatchObject({
      version: 1,
      status: 'draft',
      name: '新名称',
      createdAt: t0.toISOString(),
    });
    const published = publishResource(draft, '611000202', t1);
    const next = editResource(
      { ...published, stale: true, staleSince: t1.toISOString() },
      rest,
      '611000202',
      t1,
    );
    expect(next).toMatchObject({ version: 2, status: 'draft' });
    expect(next).not.toHaveProperty('stale');
    expect(next).not.toHaveProperty('publishedAt');
  });

  it('refuses another unit, a second publication and a future date', () => {
    expect(() => editResource(draft, draft, '611000201', t1)).toThrow(ForbiddenError);
    expect(() => publishResource(draft, '611000201', t1)).toThrow(ForbiddenError);
    const published = publishResource(draft, '611000202', t1);
    expect(published.publishedAt).toBe(t1.toISOString());
    expect(() => publishResource(published, '611000202', t1)).toThrow(InvalidTransitionError);
    expect(() => publishResource(draft, '611000202', t0, t1.toISOString())).toThrow(ValidationError);
  });
});

describe('freshness', () => {
  it('computes when the next version is due per cycle, clamping month ends', () => {
    expect(nextVersionDue('2026-01-31T00:00:00.000Z', 'monthly')?.toISOString()).toBe(
      '2026-02-28T00:00:00.000Z',
    );
    expect(nextVersionDue('2026-01-01T00:00:00.000Z', 'daily')?.toISOString()).toBe(
      '2026-01-02T00:00:00.000Z',
    );
    expect(nextVersionDue('2026-01-01T00:00:00.000Z', 'weekly')?.toISOString()).toBe(
      '2026-01-08T00:00:00.000Z',
    );
    expect(nextVersionDue('2025-11-30T00:00:00.000Z', 'quarterly')?.toISOString()).toBe(
      '2026-02-28T00:00:00.000Z',
    );
    expect(nextVersionDue('2024-02-29T00:00:00.000Z', 'yearly')?.toISOString()).toBe(
      '2025-02-28T00:00:00.000Z',
    );
    expect(nextVersionDue('2026-01-01T00:00:00.000Z', 'realtime')).toBeUndefined();
  });

  it('flags a published version once its cycle lapsed, never a draft or a realtime feed', () => {
    const published = { status: 'published', publishedAt: '2026-01-01T00:00:00.000Z' } as const;
    expect(staleness({ ...published, updateCycle: 'monthly' }, new Date('2026-01-31T23:59:59Z'))).toEqual({
      stale: false,
    });
    expect(staleness({ ...published, updateCycle: 'monthly' }, new Date('2026-02-01T00:00:00Z'))).toEqual({
      stale: true,
      staleSince: '2026-02-01T00:00:00.000Z',
    });
    expect(staleness({ ...published, updateCycle: 'realtime' }, new Date('2030-01-01T00:00:00Z'))).toEqual({
      stale: false,
    });
    expect(staleness({ status: 'draft', updateCycle: 'daily' }, new Date('2030-01-01T00:00:00Z'))).toEqual({
      stale: false,
    });
  });
});
