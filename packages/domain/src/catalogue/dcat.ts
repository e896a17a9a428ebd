import {
  codeToPathSegment,
  type Resource,
  type ResourceCategory,
  type ShareMethod,
  type UpdateCycle,
} from './resource.ts';
import type { ShareType } from './share-types.ts';

/**
 * The published catalogue as DCAT-AP 3.0.1 in JSON-LD, so that harvesters (CKAN's ckanext-dcat,
 * data.europa.eu) read it. Conformance to the official SHACL shapes is tested
 * (test/unit/catalogue/dcat-shacl.test.ts), not assumed. Every node a range shape checks carries its class.
 *
 * Mappings:
 * - 共享类型 → dct:accessRights (EU access-right vocabulary). The catalogue's audience is every
 *   government unit: 无条件共享 needs no request (PUBLIC), 有条件共享 needs an approved request
 *   (RESTRICTED), 不予共享 is NON_PUBLIC. The exact condition goes to the distribution's dct:rights.
 * - 更新周期 → dct:accrualPeriodicity (EU frequency vocabulary; 实时 → UPDATE_CONT).
 * - 共享方式 → the distribution: API (JSON, access URL the resource's API page), file (CSV), exchange.
 * - 资源分类 → dcat:theme in a small govshare concept scheme; 提供方 → dct:publisher (foaf:Agent);
 *   资源代码 → dct:identifier; 版本 → dcat:version; 发布日期 → dct:issued; tags → dcat:keyword;
 *   关联资源 → dct:relation.
 */

const EU = 'http://publications.europa.eu/resource/authority';

const ACCESS_RIGHTS: Record<ShareType, string> = {
  unconditional: `${EU}/access-right/PUBLIC`,
  conditional: `${EU}/access-right/RESTRICTED`,
  'not-shared': `${EU}/access-right/NON_PUBLIC`,
};

const FREQUENCY: Record<UpdateCycle, string> = {
  realtime: `${EU}/frequency/UPDATE_CONT`,
  daily: `${EU}/frequency/DAILY`,
  weekly: `${EU}/frequency/WEEKLY`,
  monthly: `${EU}/frequency/MONTHLY`,
  quarterly: `${EU}/frequency/QUARTERLY`,
  yearly: `${EU}/frequency/ANNUAL`,
};

const DISTRIBUTION_FORMAT: Record<ShareMethod, string | undefined> = {
  api: `${EU}/file-type/JSON`,
  file: `${EU}/file-type/CSV`,
  exchange: undefined,
};

const SHARE_TYPE_LABEL: Record<ShareType, string> = {
  unconditional: '无条件共享',
  conditional: '有条件共享',
  'not-shared': '不予共享',
};

const CATEGORY_LABEL: Record<ResourceCategory, string> = {
  base: '基础信息资源',
  thematic: '主题信息资源',
  departmental: '部门信息资源',
};

export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
} as const;

export interface DcatOptions {
  /** Absolute base URL of the API, e.g. https://api.example.gov.cn; IRIs are minted under it. */
  baseUrl: string;
  /** Cursor of the next page, if the catalogue continues. */
  next?: string | undefined;
  /** The feed's own path (the catalogue's IRI and its next page): the full export by default. */
  feedPath?: string;
}

const zh = (value: string) => ({ '@value': value, '@language': 'zh' });
const dateTime = (value: string) => ({ '@value': value, '@type': 'xsd:dateTime' });

export function dcatCatalogue(
  resources: readonly Resource[],
  { baseUrl, next, feedPath = '/v1/catalogue/dcat' }: DcatOptions,
) {
  const base = baseUrl.replace(/\/$/, '');
  const datasetIri = (code: string) => `${base}/v1/catalogue/resources/${codeToPathSegment(code)}`;
  const agent = (unit: string) => ({
    '@id': `${base}/v1/units/${unit}`,
    '@type': 'foaf:Agent',
    'foaf:name': unit,
    'dct:identifier': unit,
  });
  const scheme = `${base}/v1/catalogue/categories`;

  const dataset = (resource: Resource) => {
    const iri = datasetIri(resource.code);
    const distributionFormat = resource.shareMethod ? DISTRIBUTION_FORMAT[resource.shareMethod] : undefined;
    const rights = `${SHARE_TYPE_LABEL[resource.shareType]}${resource.shareCondition ? `：${resource.shareCondition}` : ''}`;
    return {
      '@id': iri,
      '@type': 'dcat:Dataset',
      'dct:identifier': resource.code,
      'dct:title': zh(resource.name),
      'dct:description': zh(resource.abstract),
      'dct:publisher': agent(resource.providerUnit),
      'dct:accessRights': { '@id': ACCESS_RIGHTS[resource.shareType], '@type': 'dct:RightsStatement' },
      'dct:accrualPeriodicity': { '@id': FREQUENCY[resource.updateCycle], '@type': 'dct:Frequency' },
      'dcat:theme': {
        '@id': `${scheme}/${resource.category}`,
        '@type': 'skos:Concept',
        'skos:prefLabel': zh(CATEGORY_LABEL[resource.category]),
        'skos:inScheme': { '@id': scheme },
      },
      'dcat:version': String(resource.version),
      ...(resource.publishedAt ? { 'dct:issued': dateTime(resource.publishedAt) } : {}),
      'dct:modified': dateTime(resource.updatedAt),
      'dcat:keyword': resource.tags.map(zh),
      'dct:relation': resource.relatedResources.map((code) => ({ '@id': datasetIri(code) })),
      'dcat:distribution':
        resource.shareType === 'not-shared'
          ? []
          : [
              {
                '@id': `${iri}#distribution-${resource.shareMethod ?? 'api'}`,
                '@type': 'dcat:Distribution',
                'dcat:accessURL': { '@id': iri },
                ...(distributionFormat
                  ? { 'dct:format': { '@id': distributionFormat, '@type': 'dct:MediaTypeOrExtent' } }
                  : {}),
                'dct:rights': { '@type': 'dct:RightsStatement', 'rdfs:label': zh(rights) },
              },
            ],
    };
  };

  return {
    '@context': DCAT_CONTEXT,
    '@id': `${base}${feedPath}`,
    '@type': 'dcat:Catalog',
    'dct:title': zh('政务信息资源目录'),
    'dct:description': zh('各部门登记并发布的政务信息资源，按国家政务信息资源目录编制指南编目。'),
    'dct:publisher': {
      '@id': `${base}/v1/catalogue`,
      '@type': 'foaf:Agent',
      'foaf:name': zh('政务数据共享平台'),
    },
    'dcat:themeTaxonomy': {
      '@id': scheme,
      '@type': 'skos:ConceptScheme',
      'dct:title': zh('政务信息资源分类'),
    },
    'dcat:dataset': resources.map(dataset),
    ...(next
      ? {
          'hydra:view': {
            '@type': 'hydra:PartialCollectionView',
            'hydra:next': { '@id': `${base}${feedPath}?cursor=${encodeURIComponent(next)}` },
          },
        }
      : {}),
  };
}
