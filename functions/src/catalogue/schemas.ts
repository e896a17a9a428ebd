import {
  RESOURCE_CATEGORIES,
  RESOURCE_FORMATS,
  registerResourceSchema,
  resourceCodeSegmentSchema,
  resourceMetadataSchema,
  resourceSchema,
  SHARE_TYPES,
  UPDATE_CYCLES,
} from '@govshare/domain/catalogue';
import { unitCodeSchema } from '@govshare/domain/identity';
import * as z from 'zod';

/** Request and response schemas of the catalogue routes; also the source of the OpenAPI document. */

/** A comma-separated list (API Gateway joins repeated parameters with commas). */
const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(20));

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2048).optional(),
};

export const codeParams = z.strictObject({ code: resourceCodeSegmentSchema });
export const versionParams = z.strictObject({
  code: resourceCodeSegmentSchema,
  version: z.coerce.number().int().min(1).max(1_000_000),
});

export const registerBody = registerResourceSchema;
export const editBody = resourceMetadataSchema;
export const publishBody = z.strictObject({
  /** 发布日期, if not now (a resource carried over from an older catalogue keeps its date). */
  publishedAt: z.iso.datetime({ offset: true }).optional(),
});

export const listQuery = z.strictObject(pageQuery);

export const searchQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  category: list(z.enum(RESOURCE_CATEGORIES)).optional(),
  provider: list(unitCodeSchema).optional(),
  shareType: list(z.enum(SHARE_TYPES)).optional(),
  updateCycle: list(z.enum(UPDATE_CYCLES)).optional(),
  format: list(z.enum(RESOURCE_FORMATS)).optional(),
  tag: list(z.string().trim().min(1).max(30)).optional(),
  ...pageQuery,
});

export const staleQuery = z.strictObject({ provider: unitCodeSchema });
export const dcatQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  cursor: z.string().min(1).max(2048).optional(),
});

/* Response schemas of the catalogue routes. */

/** A page of resources; `cursor` goes on to the next (absent on the last page). */
export const resourcePageResponse = z.object({
  items: z.array(resourceSchema),
  cursor: z.string().optional(),
});

const facetCounts = z.record(z.string(), z.number().int());

export const searchResponse = z.object({
  total: z.number().int(),
  hits: z.array(
    z.object({
      score: z.number(),
      code: z.string(),
      version: z.number().int(),
      name: z.string(),
      abstract: z.string(),
      tags: z.array(z.string()),
      category: z.enum(RESOURCE_CATEGORIES),
      providerUnit: z.string(),
      shareType: z.enum(SHARE_TYPES),
      updateCycle: z.enum(UPDATE_CYCLES),
      format: z.enum(RESOURCE_FORMATS),
      publishedAt: z.string(),
      openToPublic: z.boolean().optional(),
      updatedAt: z.string().optional(),
    }),
  ),
  /** Counts per value of each facet, over the matches of the text and the other facets' filters. */
  facets: z.object({
    category: facetCounts,
    providerUnit: facetCounts,
    shareType: facetCounts,
    updateCycle: facetCounts,
    format: facetCounts,
    tags: facetCounts,
  }),
  cursor: z.string().optional(),
});

export const staleResponse = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      version: z.number().int(),
      name: z.string(),
      providerUnit: z.string(),
      updateCycle: z.enum(UPDATE_CYCLES),
      publishedAt: z.string(),
      staleSince: z.string(),
    }),
  ),
});

/** A page of the catalogue as DCAT-AP in JSON-LD (dcat:Catalog; hydra:view names the next page). */
export const dcatResponse = z.looseObject({
  '@context': z.record(z.string(), z.string()),
  '@id': z.string(),
  '@type': z.string(),
  'dcat:dataset': z.array(
    z.looseObject({ '@id': z.string(), '@type': z.string(), 'dct:identifier': z.string() }),
  ),
  'hydra:view': z
    .looseObject({ '@type': z.string(), 'hydra:next': z.object({ '@id': z.string() }) })
    .optional(),
});

/** CKAN's own shapes (Action API 2.10): the fields CKAN clients rely on; others pass as CKAN has them. */
const ckanPackage = z.looseObject({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  notes: z.string(),
  metadata_modified: z.string(),
  resources: z.array(z.looseObject({ id: z.string(), url: z.string(), format: z.string() })),
  extras: z.array(z.object({ key: z.string(), value: z.string() })),
});
const ckanOrganization = z.looseObject({ id: z.string(), name: z.string(), title: z.string() });
const namesOr = (full: z.ZodType) => z.array(z.union([z.string(), full]));

/**
 * CKAN's envelope of a successful action: `{ help, success: true, result }`. The routes answer every
 * action through one dispatcher (its result typed unknown), so the tests check these, not TypeScript.
 */
const ckanAnswer = (result: z.ZodType): z.ZodType<unknown> =>
  z.object({ help: z.string(), success: z.literal(true), result });

export const ckanResponses = {
  package_search: ckanAnswer(
    z.looseObject({
      count: z.number().int(),
      results: z.array(ckanPackage),
      facets: z.record(z.string(), facetCounts),
    }),
  ),
  package_show: ckanAnswer(ckanPackage),
  package_list: ckanAnswer(z.array(z.string())),
  organization_list: ckanAnswer(namesOr(ckanOrganization)),
  organization_show: ckanAnswer(ckanOrganization.extend({ packages: z.array(ckanPackage).optional() })),
  group_list: ckanAnswer(namesOr(z.looseObject({ name: z.string() }))),
  tag_list: ckanAnswer(namesOr(z.looseObject({ name: z.string() }))),
  status_show: ckanAnswer(z.looseObject({ site_url: z.string(), ckan_version: z.string() })),
  /** Any of the above, by the action named in the path. */
  any: ckanAnswer(z.unknown()),
};
