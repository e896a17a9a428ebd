import type { ContextFunctions } from '@govshare/blueprint';

const editor = ['catalogue-editor'] as const;

/** The catalogue of information resources: register, version, publish, search, freshness, DCAT-AP. */
export const catalogueFunctions = {
  catalogue: {
    kind: 'http',
    entry: 'functions/src/catalogue/handler.ts',
    description:
      'Information resources: registration, versions, publication, search, stale flags, DCAT-AP export',
    // Search keeps an in-memory index of the published catalogue per warm instance (see
    // catalogue-search.ts); the first search of a cold instance loads the index's snapshot from the
    // search bucket (about a second at 100k entries), or, with none yet, builds it from the table,
    // which may take seconds: up to the HTTP API's 30 s integration limit.
    memoryMb: 1024,
    timeoutSeconds: 29,
    tables: { catalogue: 'readwrite', identity: 'read' },
    buckets: { search: 'read' },
    // Registering, editing and publishing a resource are audited state changes.
    sendsTo: ['audit-trail'],
    routes: {
      register: {
        method: 'POST',
        path: '/v1/catalogue/resources',
        access: editor,
        idempotent: true,
        summary: 'Register a resource as a draft',
      },
      listOwn: {
        method: 'GET',
        path: '/v1/catalogue/resources',
        access: 'authenticated',
        summary: "The caller's unit's resources, newest version of each, drafts included",
      },
      get: {
        method: 'GET',
        path: '/v1/catalogue/resources/{code}',
        access: 'authenticated',
        summary: 'A resource: its newest version the caller may see',
      },
      edit: {
        method: 'PUT',
        path: '/v1/catalogue/resources/{code}',
        access: editor,
        summary: 'Edit a draft, or open a new version of a published resource',
      },
      publish: {
        method: 'POST',
        path: '/v1/catalogue/resources/{code}/publish',
        access: editor,
        summary: 'Publish the newest version',
      },
      versions: {
        method: 'GET',
        path: '/v1/catalogue/resources/{code}/versions',
        access: 'authenticated',
        summary: 'Every version the caller may see, oldest first',
      },
      version: {
        method: 'GET',
        path: '/v1/catalogue/resources/{code}/versions/{version}',
        access: 'authenticated',
        summary: 'One version',
      },
      search: {
        method: 'GET',
        path: '/v1/catalogue/search',
        access: 'authenticated',
        summary: 'Full-text search with facets and filters',
      },
      stale: {
        method: 'GET',
        path: '/v1/catalogue/stale',
        access: 'authenticated',
        summary: "A provider's published resources whose update cycle lapsed",
      },
      dcat: {
        method: 'GET',
        path: '/v1/catalogue/dcat',
        access: 'authenticated',
        summary: 'The published catalogue as DCAT-AP 3 (JSON-LD)',
      },
      dcatPublic: {
        method: 'GET',
        path: '/v1/catalogue/dcat/public',
        access: 'public',
        summary: 'The resources open to the public (开放属性) as DCAT-AP 3 (JSON-LD), for harvesters',
      },
      ckanPackageSearch: {
        method: 'GET',
        path: '/api/3/action/package_search',
        // CKAN's own rule: anyone reads what is public; a token shows the whole published catalogue.
        access: 'public',
        summary: 'CKAN package_search: resources by q, fq, rows, start, sort, facet.field',
      },
      ckanPackageShow: {
        method: 'GET',
        path: '/api/3/action/package_show',
        // CKAN's own rule: anyone reads what is public; a token shows the whole published catalogue.
        access: 'public',
        summary: 'CKAN package_show: one resource by id or name',
      },
      ckanPackageList: {
        method: 'GET',
        path: '/api/3/action/package_list',
        // CKAN's own rule: anyone reads what is public; a token shows the whole published catalogue.
        access: 'public',
        summary: 'CKAN package_list: the names of the resources',
      },
      ckanOrganizationList: {
        method: 'GET',
        path: '/api/3/action/organization_list',
        // CKAN's own rule: anyone reads what is public; a token shows the whole published catalogue.
        access: 'public',
        summary: 'CKAN organization_list: the provider units',
      },
      ckanOrganizationShow: {
        method: 'GET',
        path: '/api/3/action/organization_show',
        // CKAN's own rule: anyone reads what is public; a token shows the whole published catalogue.
        access: 'public',
        summary: 'CKAN organization_show: one provider unit',
      },
      ckanGroupList: {
        method: 'GET',
        path: '/api/3/action/group_list',
        // CKAN's own rule: anyone reads what is public; a token shows the whole published catalogue.
        access: 'public',
        summary: 'CKAN group_list: the resource categories (资源分类)',
      },
      ckanTagList: {
        method: 'GET',
        path: '/api/3/action/tag_list',
        // CKAN's own rule: anyone reads what is public; a token shows the whole published catalogue.
        access: 'public',
        summary: 'CKAN tag_list: the tags',
      },
      ckanStatusShow: {
        method: 'GET',
        path: '/api/3/action/status_show',
        // CKAN's own rule: anyone reads what is public; a token shows the whole published catalogue.
        access: 'public',
        summary: 'CKAN status_show: the site and the API version it speaks',
      },
      ckanAction: {
        method: 'POST',
        path: '/api/3/action/{action}',
        access: 'public',
        summary: 'The same CKAN actions with their parameters in a JSON body, as ckanapi sends them',
      },
      catalogueOpenApi: {
        method: 'GET',
        path: '/v1/catalogue/openapi.json',
        access: 'public',
        summary:
          "The platform's OpenAPI document, the same as GET /v1/openapi.json (kept where the catalogue's was)",
      },
    },
  },
  'catalogue-freshness': {
    kind: 'schedule',
    entry: 'functions/src/catalogue/freshness-sweep.ts',
    description: 'Daily sweep flagging published resources whose update cycle lapsed without a new version',
    timeoutSeconds: 300,
    tables: { catalogue: 'readwrite' },
    // 02:00 China Standard Time.
    schedule: { dailyAtUtc: '18:00' },
  },
  'catalogue-search-snapshot': {
    kind: 'schedule',
    entry: 'functions/src/catalogue/search-snapshot-builder.ts',
    description:
      'Keeps the snapshot of the catalogue search index in S3 caught up with the table, for cold instances',
    // Loads, catches up and writes the index of the whole catalogue (a full build the first time).
    memoryMb: 1024,
    timeoutSeconds: 120,
    tables: { catalogue: 'read' },
    buckets: { search: 'readwrite' },
    schedule: { everyMinutes: 1 },
  },
} as const satisfies ContextFunctions;
