import type { Office } from '@govshare/domain/review';

/**
 * The keys of the `review` table's items (blueprint.ts lays them out), built here and nowhere else,
 * so the project store, the checks consumer, the registers and the reports cannot drift apart.
 */
const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const projectPk = (projectId: string) => `PROJECT#${projectId}`;
export const PROJECT_SK = 'PROJECT';
export const projectKey = (projectId: string) => ({ pk: projectPk(projectId), sk: PROJECT_SK });
/** gsi1 of a project: the year's pipeline, by unit (a unit's projects are a begins_with on gsi1sk). */
export const pipelinePk = (year: number) => `PROJECTS#${year}`;
export const pipelineSk = (unit: string, createdAt: string, projectId: string) =>
  `${unit}#${createdAt}#${projectId}`;

export const VERSION_PREFIX = 'VERSION#';
export const versionKey = (projectId: string, projectVersion: number) => ({
  pk: projectPk(projectId),
  sk: `${VERSION_PREFIX}${pad(projectVersion, 4)}`,
});

export const CHECKS_PREFIX = 'CHECKS#';
export const checksKey = (projectId: string, projectVersion: number) => ({
  pk: projectPk(projectId),
  sk: `${CHECKS_PREFIX}${pad(projectVersion, 4)}`,
});

/** An office's to-do on a project in review, and its worklist (gsi1). */
export const todoKey = (projectId: string, office: Office) => ({
  pk: projectPk(projectId),
  sk: `TODO#${office}`,
});
export const worklistPk = (office: Office) => `WORKLIST#${office}`;
export const worklistSk = (since: string, projectId: string) => `${since}#${projectId}`;

export const EVENT_PREFIX = 'EVENT#';
export const eventKey = (projectId: string, at: string, index: number) => ({
  pk: projectPk(projectId),
  sk: `${EVENT_PREFIX}${at}#${pad(index, 3)}`,
});

/** The duplicate-construction corpus, spread over shards so that reading 10,000 entries runs in parallel. */
export const CORPUS_SHARDS = 8;
export const corpusPk = (shard: number) => `CORPUS#${shard}`;
/** The shard of a corpus entry: a stable hash of its id. */
export function corpusShardOf(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % CORPUS_SHARDS;
}
export const CORPUS_PROJECT_PREFIX = 'PROJECT#';
export const CORPUS_SYSTEM_PREFIX = 'SYSTEM#';
/**
 * The revision of one corpus shard: every write of an entry of the shard adds 1 to it in the same
 * transaction, so a warm checks consumer learns with one read of 8 small items whether its index is
 * still the corpus, and re-reads only the shards that moved.
 */
export const corpusRevisionKey = (shard: number) => ({ pk: corpusPk(shard), sk: 'REVISION' });
export const corpusProjectKey = (projectId: string) => ({
  pk: corpusPk(corpusShardOf(projectId)),
  sk: `${CORPUS_PROJECT_PREFIX}${projectId}`,
});
export const corpusSystemKey = (systemId: string) => ({
  pk: corpusPk(corpusShardOf(systemId)),
  sk: `${CORPUS_SYSTEM_PREFIX}${systemId}`,
});

export const PLAN_PK = 'PLAN';
export const planItemKey = (code: string) => ({ pk: PLAN_PK, sk: `ITEM#${code}` });

export const RULES_PK = 'RULES';
export const currentRulesKey = { pk: RULES_PK, sk: 'CURRENT' } as const;
export const rulesVersionKey = (version: number) => ({ pk: RULES_PK, sk: `VERSION#${pad(version, 3)}` });

export const attachmentKey = (uploadId: string) => ({ pk: `ATTACHMENT#${uploadId}`, sk: 'ATTACHMENT' });
/** A completed upload of a unit, by the SHA-256 its bytes hashed to: what a project's attachments name. */
export const attachmentContentKey = (unit: string, sha256: string) => ({
  pk: `ATTACHMENT#${unit}#${sha256}`,
  sk: 'CONTENT',
});
/** Where the documents bucket holds a project's attachments: the upload, then its checked copy. */
export const attachmentUploadObjectKey = (uploadId: string) => `projects/uploads/${uploadId}`;
export const attachmentContentObjectKey = (unit: string, sha256: string) => `projects/${unit}/${sha256}`;
