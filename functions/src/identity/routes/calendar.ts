import { calendarStatus, calendarYearInputSchema, saveCalendarYear } from '@govshare/domain/identity';
import { NotFoundError, UnauthorizedError } from '@govshare/domain/kernel';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { identityFunctions } from '../blueprint.ts';
import { calendarStatusResponse, calendarYearListResponse, calendarYearSchema } from '../schemas.ts';
import { created, type IdentityRouteContext, yearParams } from './shared.ts';

const routes = identityFunctions.identity.routes;

/** 工作日历: the working-day calendar the platform admin keeps, year by year. */
export function calendarRoutes({ calendar, today }: IdentityRouteContext): RouteDefinition[] {
  return [
    route(routes.calendar, {
      response: {
        status: 200,
        description: 'How long the calendar lasts, and a warning when it ends soon',
        body: calendarStatusResponse,
      },
      handle: async () => {
        const years = await calendar.listYears();
        return {
          status: 200,
          body: calendarStatus(
            years.map((y) => y.year),
            today(),
          ),
        };
      },
    }),
    route(routes.listCalendarYears, {
      response: { status: 200, description: 'Every year the calendar holds', body: calendarYearListResponse },
      handle: async () => ({ status: 200, body: { items: await calendar.listYears() } }),
    }),
    route(routes.getCalendarYear, {
      response: { status: 200, description: 'The year', body: calendarYearSchema },
      params: yearParams,
      handle: async ({ params }) => {
        const year = await calendar.getYear(params.year);
        if (!year) throw new NotFoundError(`The working-day calendar holds no ${params.year}`);
        return { status: 200, body: year };
      },
    }),
    route(routes.putCalendarYear, {
      response: {
        status: 201,
        alsoStatus: [200],
        description: 'Entered (200: replaced, or the same again)',
        body: calendarYearSchema,
      },
      params: yearParams,
      body: calendarYearInputSchema,
      maxBodyBytes: 32 * 1024,
      handle: async ({ params, body, caller }) => {
        if (!caller) throw new UnauthorizedError('A bearer token is required');
        const saved = await saveCalendarYear(calendar, {
          year: params.year,
          input: body,
          actor: caller.subject,
          now: new Date(),
          fieldPrefix: 'body.',
        });
        return created(saved, `/v1/calendar/years/${params.year}`);
      },
    }),
  ];
}
