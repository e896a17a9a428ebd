import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoProjectStore, type StoredProject } from './project-store.ts';

/**
 * Review's published interface: what the assessment reads of project pre-review. Nothing here
 * writes; the approval reply goes the other way (review asks the exchange, approval-replies.ts).
 */

/** A decision that returned or rejected a unit's project. */
export interface ProjectSetback {
  /** `<project id>`: read at GET /v1/review/projects/{id}. */
  id: string;
  name: string;
  unit: string;
  outcome: 'returned' | 'rejected';
  decidedAt: string;
  /**
   * Returned or rejected for duplicate construction (重复建设): the machine checks of the version
   * decided failed on duplicate construction, or the decision's reason or comments say so.
   */
  duplicateConstruction: boolean;
}

export interface ProjectSetbacks {
  /**
   * The returns and rejections of `unit`'s projects decided in the window: the pipeline index of
   * each year a project of the window may have been created in (gsi1 PROJECTS#<year>, a key range
   * begins_with `<unit>#`), paged; each returned or rejected version's checks report read once.
   */
  decidedBetween(unit: string, window: { from: string; to: string }): Promise<ProjectSetback[]>;
}

const DUPLICATE_WORDS = /重复建设|重复/;
const PAGE = 100;

export function projectSetbacks(client: DynamoDBDocumentClient, table: string): ProjectSetbacks {
  const store = dynamoProjectStore(client, table);
  return {
    async decidedBetween(unit, window) {
      const firstYear = Number(window.from.slice(0, 4)) - 1;
      const lastYear = Number(window.to.slice(0, 4));
      const projects: StoredProject[] = [];
      for (let year = firstYear; year <= lastYear; year++) {
        let cursor: string | undefined;
        do {
          const page = await store.pipeline(year, { limit: PAGE, cursor, filter: { unit } });
          projects.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
      }
      const setbacks: ProjectSetback[] = [];
      for (const project of projects) {
        for (const decision of project.decisions) {
          if (decision.outcome !== 'return' && decision.outcome !== 'reject') continue;
          if (decision.carriedFromVersion !== undefined) continue;
          if (decision.at < window.from || decision.at >= window.to) continue;
          const report = await store.getChecks(project.id, decision.projectVersion);
          const failedCheck =
            report?.results.some((r) => r.check === 'duplicate-construction' && r.outcome === 'fail') ??
            false;
          const words = [decision.reason ?? '', ...decision.comments.map((c) => c.comment)].join(' ');
          setbacks.push({
            id: project.id,
            name: project.content.name,
            unit: project.unit,
            outcome: decision.outcome === 'return' ? 'returned' : 'rejected',
            decidedAt: decision.at,
            duplicateConstruction: failedCheck || DUPLICATE_WORDS.test(words),
          });
        }
      }
      return setbacks;
    },
  };
}
