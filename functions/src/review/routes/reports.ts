import { countLeniently } from '@govshare/domain/exchange';
import {
  type CheckOutcome,
  type PipelineEntry,
  PROJECT_STATES,
  pipelineReport,
  pipelineYearOf,
  planItemCodeSchema,
  tierCodeSchema,
} from '@govshare/domain/review';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { reviewFunctions } from '../blueprint.ts';
import type { PipelineFilter, StoredProject } from '../project-store.ts';
import { pipelineReportResponse } from '../schemas.ts';
import type { ReviewRouteContext } from './context.ts';

const routes = reviewFunctions.review.routes;

const reportQuery = z.strictObject({
  /** The year the projects were filed in; this year (China Standard Time) when absent. */
  year: z.coerce.number().int('must be a year').min(2000, 'must be a year from 2000').max(2100).optional(),
  unit: z
    .string()
    .regex(/^\d{6,15}$/, 'must be a unit code')
    .optional(),
  state: z.enum(PROJECT_STATES, { error: `must be one of ${PROJECT_STATES.join(', ')}` }).optional(),
  planItem: planItemCodeSchema.optional(),
  tier: tierCodeSchema.optional(),
});

const PAGE = 100;
/** Check reports read at once: enough to be quick, few enough not to throttle the table. */
const READS_AT_ONCE = 10;

/** 报表: the pipeline of the year, for the offices, auditors and the platform administrator. */
export function reportRoutes(context: ReviewRouteContext): RouteDefinition[] {
  const { projects, now } = context;

  const everyProject = async (year: number, filter: PipelineFilter) => {
    const all: StoredProject[] = [];
    let cursor: string | undefined;
    do {
      const page = await projects.pipeline(year, { limit: PAGE, cursor, filter });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  };

  /** The duplicate-construction outcome of each checked project's current version. */
  const withDuplicateOutcomes = async (all: StoredProject[]): Promise<PipelineEntry[]> => {
    const entries: PipelineEntry[] = [];
    for (let start = 0; start < all.length; start += READS_AT_ONCE) {
      const slice = all.slice(start, start + READS_AT_ONCE);
      entries.push(
        ...(await Promise.all(
          slice.map(async (project): Promise<PipelineEntry> => {
            if (project.checks?.projectVersion !== project.projectVersion) return { project };
            const report = await projects.getChecks(project.id, project.projectVersion);
            const outcome = report?.results.find((r) => r.check === 'duplicate-construction')?.outcome as
              | CheckOutcome
              | undefined;
            return outcome ? { project, duplicateConstruction: outcome } : { project };
          }),
        )),
      );
    }
    return entries;
  };

  return [
    route(routes.pipelineReport, {
      response: { status: 200, body: pipelineReportResponse },
      query: reportQuery,
      handle: async ({ query }) => {
        const at = now();
        const year = query.year ?? pipelineYearOf(at);
        const filter: PipelineFilter = {
          unit: query.unit,
          state: query.state,
          planItem: query.planItem,
          tier: query.tier,
        };
        const entries = await withDuplicateOutcomes(await everyProject(year, filter));
        // Waits that run into a year the calendar lacks are counted on weekends alone, and said so.
        const { value: report, weekendsOnlyYears } = await context.calendar.withCalendar((calendar) =>
          countLeniently(calendar, (stretched) =>
            pipelineReport({ year, entries, calendar: stretched, now: at }),
          ),
        );
        return {
          status: 200,
          body: {
            ...report,
            filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
            ...(weekendsOnlyYears.length > 0 ? { workingDaysWithoutHolidays: weekendsOnlyYears } : {}),
          },
        };
      },
    }),
  ];
}
