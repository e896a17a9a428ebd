import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { checkCreditCode, ValidationError } from '@govshare/domain/kernel';
import type { Company } from '@govshare/domain/registry';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { registryFunctions } from '../blueprint.ts';
import { companySearchResponse, companyView, runnerAnswer } from '../schemas.ts';
import {
  type ById,
  fromQueryString,
  getById,
  grant,
  identifier,
  items,
  purpose,
  type RegistryRouteContext,
  refuseIdentifier,
  verifyById,
} from './shared.ts';

const routes = registryFunctions.registry.routes;

const verifyCompanyBody = z.strictObject({
  creditCode: identifier,
  name: z.string().min(1).max(200),
  legalRepresentative: z.string().min(1).max(50),
  purpose,
  grant,
});
const companySearchQuery = z.strictObject({
  name: z.string().min(1).max(200),
  match: z.enum(['exact', 'prefix']).default('exact'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  purpose,
  grant,
  items,
});

/** 法人: a legal entity by credit code or by name, and whether a code, a name and a representative belong together. */
export function companyRoutes(ctx: RegistryRouteContext): RouteDefinition[] {
  const { store, isIssuedRegion } = ctx;
  const companies: ById<Company> = {
    resource: BASE_RESOURCES.legalEntities,
    id: 'creditCode',
    check: (path, code) => refuseIdentifier(path, checkCreditCode(code, { isKnownRegion: isIssuedRegion })),
    lookup: (code) => store.company(code),
    view: companyView,
  };
  return [
    getById(
      ctx,
      routes.company,
      'registry.legal-entities.get',
      companies,
      'No legal entity has this credit code',
    ),
    route(routes.searchCompanies, {
      response: {
        status: 200,
        description: 'The legal entities of that name (or beginning so)',
        body: runnerAnswer(companySearchResponse),
      },
      query: companySearchQuery,
      handle: async ({ query, caller, correlationId }) => {
        const body = await ctx.run({
          action: `registry.legal-entities.search-${query.match}`,
          resource: BASE_RESOURCES.legalEntities,
          caller,
          correlationId,
          ...fromQueryString(query),
          subjects: [],
          validate: () => {
            if ([...query.name.trim()].length < 2) {
              throw new ValidationError([{ path: 'query.name', message: 'needs at least 2 characters' }]);
            }
          },
          lookup: () => store.companiesByName(query.name.trim(), query.match, query.limit),
          // A search costs what it returns, and at least one record: an empty answer is still a query.
          charge: (found: Company[]) => Math.max(1, found.length),
          records: (found) => found.length,
          found: (found) => found.map((c) => c.creditCode),
          answer: (found, view) => ({ items: view.items, results: found.map((c) => view.show(c)) }),
        });
        return { status: 200, body };
      },
    }),
    verifyById(
      ctx,
      routes.verifyCompany,
      'registry.legal-entities.verify',
      companies,
      verifyCompanyBody,
      ['creditCode', 'name', 'legalRepresentative'],
      (company, body) =>
        company.name === body.name.trim() && company.legalRepresentative === body.legalRepresentative.trim(),
    ),
  ];
}
