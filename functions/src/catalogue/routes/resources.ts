import type { AuditTrail } from '@govshare/domain/audit';
import {
  canRead,
  codeToPathSegment,
  editResource,
  publishResource,
  type Resource,
  registerDraft,
  resourceSchema,
} from '@govshare/domain/catalogue';
import { NotFoundError, UnauthorizedError } from '@govshare/domain/kernel';
import * as z from 'zod';
import type { Caller } from '../../platform/auth.ts';
import { type RouteDefinition, type RouteResponse, route } from '../../platform/http.ts';
import { catalogueFunctions } from '../blueprint.ts';
import type { CatalogueSearch } from '../catalogue-search.ts';
import type { CatalogueStore } from '../catalogue-store.ts';
import {
  codeParams,
  editBody,
  listQuery,
  publishBody,
  registerBody,
  resourcePageResponse,
  versionParams,
} from '../schemas.ts';

const routes = catalogueFunctions.catalogue.routes;

export interface ResourceRoutesDeps {
  store: CatalogueStore;
  search: Pick<CatalogueSearch, 'apply'>;
  audit: AuditTrail;
  now: () => Date;
}

const resourceResponse = (description: string): RouteResponse => ({
  status: 200,
  description,
  body: resourceSchema,
  name: 'Resource',
});

const location = (resource: Resource) => `/v1/catalogue/resources/${codeToPathSegment(resource.code)}`;

const callerOf = (caller: Caller | undefined): Caller => {
  if (!caller) throw new UnauthorizedError('A bearer token is required');
  return caller;
};

const searchable = (resource: Resource) => ({
  code: resource.code,
  version: resource.version,
  name: resource.name,
  abstract: resource.abstract,
  itemText: resource.items.map((item) => `${item.name} ${item.title}`).join(' '),
  tags: resource.tags,
  category: resource.category,
  providerUnit: resource.providerUnit,
  shareType: resource.shareType,
  updateCycle: resource.updateCycle,
  format: resource.format,
  publishedAt: resource.publishedAt ?? resource.updatedAt,
  openToPublic: resource.openToPublic,
  updatedAt: resource.updatedAt,
});

/** 信息资源: register a draft, edit it or open a new version, publish, and read versions. */
export function resourceRoutes({ store, search, audit, now }: ResourceRoutesDeps): RouteDefinition[] {
  /** The newest version the caller may see: its own unit's drafts, everyone's published versions. */
  const visible = async (code: string, unit: string): Promise<Resource> => {
    const latest = await store.getResource(code);
    if (latest && canRead(latest, unit)) return latest;
    const published = latest ? await store.getPublishedResource(code) : undefined;
    if (!published) throw new NotFoundError(`No resource ${code}`);
    return published;
  };
  /** Records a state change once it is stored (the event id makes a retried request count once). */
  const audited = (
    verb: 'register' | 'edit' | 'publish',
    resource: Resource,
    caller: Caller,
    correlationId: string,
  ) =>
    audit.record({
      id: `${correlationId}:catalogue.resource.${verb}`,
      at: resource.updatedAt,
      actor: { unit: caller.unit, principal: caller.subject, kind: caller.kind },
      action: `catalogue.resource.${verb}`,
      providerUnit: resource.providerUnit,
      resourceCode: resource.code,
      items: [],
      recordCount: 1,
      subjectHashes: [],
      outcome: 'ok',
      correlationId,
    });

  const latestOwn = async (code: string) => {
    const latest = await store.getResource(code);
    if (!latest) throw new NotFoundError(`No resource ${code}`);
    return latest;
  };

  return [
    route(routes.register, {
      body: registerBody,
      response: { status: 201, description: 'Registered as a draft', body: resourceSchema, name: 'Resource' },
      handle: async ({ body, caller, correlationId }) => {
        const draft = registerDraft(body, callerOf(caller).unit, now());
        await store.create(draft);
        await audited('register', draft, callerOf(caller), correlationId);
        return { status: 201, body: draft, headers: { location: location(draft) } };
      },
    }),
    route(routes.listOwn, {
      response: {
        status: 200,
        description: "A page of the caller's unit's resources, drafts included",
        body: resourcePageResponse,
      },
      query: listQuery,
      handle: async ({ query, caller }) => ({
        status: 200,
        body: await store.listOfProvider(callerOf(caller).unit, {
          limit: query.limit,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        }),
      }),
    }),
    route(routes.get, {
      params: codeParams,
      response: resourceResponse('The latest version the caller may read'),
      handle: async ({ params, caller }) => ({
        status: 200,
        body: await visible(params.code, callerOf(caller).unit),
      }),
    }),
    route(routes.edit, {
      params: codeParams,
      body: editBody,
      response: resourceResponse('The new version'),
      handle: async ({ params, body, caller, correlationId }) => {
        const latest = await latestOwn(params.code);
        if (!canRead(latest, callerOf(caller).unit)) throw new NotFoundError(`No resource ${params.code}`);
        const next = editResource(latest, body, callerOf(caller).unit, now());
        await store.save(next, latest);
        await audited('edit', next, callerOf(caller), correlationId);
        return { status: 200, body: next, headers: { location: location(next) } };
      },
    }),
    route(routes.publish, {
      params: codeParams,
      body: publishBody,
      response: resourceResponse('The published version'),
      handle: async ({ params, body, caller, correlationId }) => {
        const latest = await latestOwn(params.code);
        if (!canRead(latest, callerOf(caller).unit)) throw new NotFoundError(`No resource ${params.code}`);
        const published = publishResource(latest, callerOf(caller).unit, now(), body.publishedAt);
        await store.save(published, latest);
        search.apply(searchable(published));
        await audited('publish', published, callerOf(caller), correlationId);
        return { status: 200, body: published, headers: { location: location(published) } };
      },
    }),
    route(routes.versions, {
      params: codeParams,
      response: {
        status: 200,
        description: 'Every version, oldest first',
        body: z.object({ items: z.array(resourceSchema) }),
      },
      handle: async ({ params, caller }) => {
        const unit = callerOf(caller).unit;
        const versions = (await store.listVersions(params.code)).filter((version) => canRead(version, unit));
        if (versions.length === 0) throw new NotFoundError(`No resource ${params.code}`);
        return { status: 200, body: { items: versions } };
      },
    }),
    route(routes.version, {
      params: versionParams,
      response: resourceResponse('That version'),
      handle: async ({ params, caller }) => {
        const version = await store.getVersion(params.code, params.version);
        if (!version || !canRead(version, callerOf(caller).unit)) {
          throw new NotFoundError(`No version ${params.version} of resource ${params.code}`);
        }
        return { status: 200, body: version };
      },
    }),
  ];
}
