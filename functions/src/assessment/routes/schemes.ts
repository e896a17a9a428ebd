import { assessmentSchemeSchema } from '@govshare/domain/assessment';
import { NotFoundError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { route } from '../../platform/http.ts';
import { assessmentFunctions } from '../blueprint.ts';
import { schemeVersionsResponse, storedSchemeSchema } from '../schemas.ts';
import { type AssessmentRouteModule, auditor } from './context.ts';

const routes = assessmentFunctions.assessment.routes;
const versionParams = z.strictObject({ version: z.coerce.number().int().min(1).max(9999) });

/** The scheme: read it and its versions; the platform administrator saves the next version. */
export const schemeRoutes: AssessmentRouteModule = (context) => {
  const { schemes, now } = context;
  const audit = auditor(context);
  const current = async () => {
    const stored = await schemes.current();
    if (!stored) throw new NotFoundError('No assessment scheme is saved yet');
    return stored;
  };
  return [
    route(routes.getAssessmentScheme, {
      response: { status: 200, body: storedSchemeSchema },
      handle: async () => ({ status: 200, body: await current() }),
    }),
    route(routes.listAssessmentSchemeVersions, {
      response: { status: 200, body: schemeVersionsResponse },
      handle: async () => ({ status: 200, body: { items: await schemes.versions() } }),
    }),
    route(routes.getAssessmentSchemeVersion, {
      response: { status: 200, body: storedSchemeSchema },
      params: versionParams,
      handle: async ({ params }) => {
        const stored = await schemes.version(params.version);
        if (!stored) throw new NotFoundError(`The scheme has no version ${params.version}`);
        return { status: 200, body: stored };
      },
    }),
    route(routes.putAssessmentScheme, {
      response: { status: 200, body: storedSchemeSchema },
      // The domain's schema checks the whole scheme (weights add to 100, formulas, caps): 400 naming each field.
      body: assessmentSchemeSchema,
      maxBodyBytes: 256 * 1024,
      handle: async ({ body, caller, correlationId }) => {
        const scheme = body;
        const at = now().toISOString();
        const stored = await schemes.save(scheme, caller?.subject ?? 'anonymous', at);
        await audit({
          action: 'assessment.scheme.saved',
          caller,
          correlationId,
          at,
          subject: `scheme/${scheme.id}/${scheme.version}`,
          items: [
            `version:${scheme.version}`,
            `indicators:${scheme.indicators.length}`,
            `vetoes:${scheme.vetoes.length}`,
            `bonuses:${scheme.bonuses.length}`,
          ],
        });
        return { status: 200, body: stored };
      },
    }),
  ];
};
