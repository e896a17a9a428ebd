import { unitCodeSchema } from '@govshare/domain/identity';
import * as z from 'zod';
import type { DataItemDefinition, DataItemType } from './base-resources.ts';
import { SHARE_TYPES } from './share-types.ts';

/**
 * The information resource (信息资源) as the national catalogue guide describes it. A resource is
 * registered as a draft private to its provider unit, then published to every unit. Editing a
 * published resource opens a new version (version + 1) as a draft; the published version stays
 * visible until the new one is published. Every version is kept.
 */

/** 资源分类: 基础 / 主题 / 部门. */
export const RESOURCE_CATEGORIES = ['base', 'thematic', 'departmental'] as const;
export type ResourceCategory = (typeof RESOURCE_CATEGORIES)[number];

/** 资源格式. */
export const RESOURCE_FORMATS = ['database', 'file', 'spreadsheet', 'image', 'stream'] as const;
export type ResourceFormat = (typeof RESOURCE_FORMATS)[number];

/** 共享方式: 接口调用 / 文件下载 / 数据交换. */
export const SHARE_METHODS = ['api', 'file', 'exchange'] as const;
export type ShareMethod = (typeof SHARE_METHODS)[number];

/** 更新周期. */
export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];

export const RESOURCE_STATUSES = ['draft', 'published'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

/** The types a data item may take: exactly those of the shared contract in sharing/base-resources.ts. */
export const DATA_ITEM_TYPES = [
  'string',
  'integer',
  'decimal',
  'date',
  'datetime',
  'boolean',
  'citizen-id',
  'credit-code',
] as const satisfies readonly DataItemType[];
// Fails to compile if base-resources.ts gains a type this list lacks.
const _allTypesListed: DataItemType extends (typeof DATA_ITEM_TYPES)[number] ? true : never = true;
void _allTypesListed;

/**
 * Resource code 资源代码, 前段码/后段码: a classification prefix (3 to 12 digits, e.g. 101 =
 * 基础 · 人口) and a six-digit sequence, e.g. `101/000001`.
 */
export const RESOURCE_CODE_PATTERN = /^[0-9]{3,12}\/[0-9]{6}$/;
export const resourceCodeSchema = z
  .string()
  .regex(
    RESOURCE_CODE_PATTERN,
    'must be 前段码/后段码: 3 to 12 digits, a slash, six digits (e.g. 101/000001)',
  );

/**
 * In URL paths a code's slash is written as a dash (`101-000001`), so that the path segment survives
 * every gateway and proxy unchanged; an encoded slash (`101%2F000001`) is accepted too.
 */
export const codeToPathSegment = (code: string): string => code.replace('/', '-');
export const codeFromPathSegment = (segment: string): string => {
  // A segment that is not a valid escape (a lone %, %25 already decoded once) is left as it is:
  // the code pattern then refuses it by name, instead of the decoder throwing.
  let decoded = segment;
  if (segment.includes('%')) {
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      decoded = segment;
    }
  }
  return decoded.replace('-', '/');
};
export const resourceCodeSegmentSchema = z
  .string()
  .describe('A resource code with its slash written as a dash (101-000001) or encoded (101%2F000001)')
  .transform(codeFromPathSegment)
  .pipe(resourceCodeSchema);

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** 信息项. `type` has no default: an item without one is refused. */
export const dataItemSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must start with a letter: letters, digits, underscores (max 64)'),
  title: text(100),
  type: z.enum(DATA_ITEM_TYPES),
  length: z.number().int().min(1).max(65535).optional(),
  required: z.boolean().default(true),
  sensitive: z.boolean().default(false),
  description: z.string().trim().max(500).default(''),
}) satisfies z.ZodType<DataItemDefinition, unknown>;

export const tagSchema = text(30);

/** What an editor writes: the descriptive metadata. Provider, version, status and dates are the platform's. */
const metadataShape = z.strictObject({
  name: text(200),
  category: z.enum(RESOURCE_CATEGORIES),
  abstract: text(2000),
  format: z.enum(RESOURCE_FORMATS),
  items: z.array(dataItemSchema).min(1, 'must list at least one data item').max(500),
  shareType: z.enum(SHARE_TYPES),
  /** 共享条件: required when the share type is conditional. */
  shareCondition: text(1000).optional(),
  /** 共享方式: required unless the resource is not shared. */
  shareMethod: z.enum(SHARE_METHODS).optional(),
  openToPublic: z.boolean().default(false),
  updateCycle: z.enum(UPDATE_CYCLES),
  tags: z.array(tagSchema).max(20).default([]),
  relatedResources: z.array(resourceCodeSchema).max(50).default([]),
});

/** Rules across fields, shared by registering and editing. */
const checkMetadata = (value: z.infer<typeof metadataShape>, ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  value.items.forEach((item, index) => {
    if (seen.has(item.name)) {
      ctx.addIssue({ code: 'custom', path: ['items', index, 'name'], message: 'repeats another data item' });
    }
    seen.add(item.name);
  });
  if (value.shareType === 'conditional' && !value.shareCondition) {
    ctx.addIssue({
      code: 'custom',
      path: ['shareCondition'],
      message: 'is required when the share type is conditional',
    });
  }
  if (value.shareType !== 'not-shared' && !value.shareMethod) {
    ctx.addIssue({
      code: 'custom',
      path: ['shareMethod'],
      message: 'is required unless the resource is not shared',
    });
  }
  if (value.shareType === 'not-shared' && value.openToPublic) {
    ctx.addIssue({
      code: 'custom',
      path: ['openToPublic'],
      message: 'a resource that is not shared cannot be open',
    });
  }
};

export const resourceMetadataSchema = metadataShape.superRefine(checkMetadata);
export type ResourceMetadata = z.infer<typeof resourceMetadataSchema>;
export type ResourceMetadataInput = z.input<typeof resourceMetadataSchema>;

/** Registering a resource: its code plus its metadata. */
export const registerResourceSchema = metadataShape
  .extend({ code: resourceCodeSchema })
  .superRefine(checkMetadata);
export type RegisterResourceInput = z.infer<typeof registerResourceSchema>;

/** A stored version of a resource. */
export const resourceSchema = z.strictObject({
  code: resourceCodeSchema,
  version: z.number().int().min(1),
  status: z.enum(RESOURCE_STATUSES),
  providerUnit: unitCodeSchema,
  name: z.string(),
  category: z.enum(RESOURCE_CATEGORIES),
  abstract: z.string(),
  format: z.enum(RESOURCE_FORMATS),
  items: z.array(dataItemSchema),
  shareType: z.enum(SHARE_TYPES),
  shareCondition: z.string().optional(),
  shareMethod: z.enum(SHARE_METHODS).optional(),
  openToPublic: z.boolean(),
  updateCycle: z.enum(UPDATE_CYCLES),
  tags: z.array(z.string()),
  relatedResources: z.array(resourceCodeSchema),
  /** When this version was published (发布日期); absent while a draft. */
  publishedAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Set by the freshness sweep on the published version when its update cycle lapsed. */
  stale: z.boolean().optional(),
  staleSince: z.iso.datetime().optional(),
});
export type Resource = z.infer<typeof resourceSchema>;
