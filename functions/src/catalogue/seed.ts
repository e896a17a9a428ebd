import { tableEnvName } from '@govshare/blueprint';
import {
  BASE_RESOURCES,
  type BaseResourceName,
  dataItem,
  editResource,
  publishResource,
  type RegisterResourceInput,
  registerDraft,
  registerResourceSchema,
} from '@govshare/domain/catalogue';
import { ConflictError } from '@govshare/domain/kernel';
import { dynamo } from '../platform/aws-clients.ts';
import { dynamoCatalogueStore, flagLapsedResources } from './catalogue-store.ts';
import { SAMPLE_BASE_PROVIDERS } from './sample-providers.ts';

/**
 * The sample catalogue: the four base databases and ~20 departmental and thematic resources of the
 * sample units, all synthetic, all published. Some were published long ago on a monthly or
 * quarterly cycle and never updated: the 睡眠栏目 the freshness sweep flags (run once after a first
 * load, so they show at once). Idempotent: a code
 * already registered is left alone (a draft left by an interrupted run is published).
 */
const city = (seq: string) => `611000${seq}`;

interface SampleResource {
  input: RegisterResourceInput;
  provider: string;
  /** Days before the seeding day it was published; large on a short cycle = a sleeping column. */
  publishedDaysAgo: number;
  /**
   * Days before the seeding day its first version was published, when the one above is its second:
   * the first lapsed before the second succeeded it (stale for a while, fresh again since).
   */
  firstVersionDaysAgo?: number;
}

const DAY_MS = 86_400_000;

const sample = (
  provider: string,
  publishedDaysAgo: number,
  input: Omit<RegisterResourceInput, 'openToPublic' | 'tags' | 'relatedResources'> &
    Partial<Pick<RegisterResourceInput, 'openToPublic' | 'tags' | 'relatedResources'>>,
  firstVersionDaysAgo?: number,
): SampleResource => ({
  provider,
  publishedDaysAgo,
  input: registerResourceSchema.parse(input),
  ...(firstVersionDaysAgo !== undefined ? { firstVersionDaysAgo } : {}),
});

const base = (
  Object.entries(BASE_RESOURCES) as [BaseResourceName, (typeof BASE_RESOURCES)[BaseResourceName]][]
).map(([name, resource]) =>
  sample(SAMPLE_BASE_PROVIDERS[name], 20, {
    code: resource.code,
    name: resource.name,
    category: 'base',
    abstract: resource.abstract,
    format: 'database',
    items: [...resource.items],
    shareType: resource.shareType,
    ...(resource.shareType === 'conditional'
      ? { shareCondition: '用于法定职责范围内的核验与办理，按批准的信息项和期限使用。' }
      : {}),
    shareMethod: 'api',
    updateCycle: 'realtime',
    tags: ['基础库'],
  }),
);

const departmental: SampleResource[] = [
  sample(city('201'), 0, {
    code: '301201/000001',
    name: '市场主体登记信息',
    category: 'departmental',
    abstract: '企业、个体工商户营业执照的设立、变更、注销登记信息。',
    format: 'database',
    items: [
      dataItem('creditCode', '统一社会信用代码', 'credit-code', { length: 18 }),
      dataItem('entityName', '市场主体名称', 'string', { length: 200 }),
      dataItem('licenseDate', '营业执照发照日期', 'date'),
      dataItem('registrationStatus', '登记状态', 'string', { length: 10 }),
    ],
    shareType: 'unconditional',
    shareMethod: 'api',
    updateCycle: 'daily',
    tags: ['营业执照', '市场监管'],
    relatedResources: ['102/000001'],
  }),
  sample(city('201'), 400, {
    code: '301201/000002',
    name: '食品经营许可证信息',
    category: 'departmental',
    abstract: '食品经营许可证的核发、延续、注销信息，含许可项目和有效期。',
    format: 'spreadsheet',
    items: [
      dataItem('licenseNo', '许可证编号', 'string', { length: 30 }),
      dataItem('creditCode', '统一社会信用代码', 'credit-code', { length: 18 }),
      dataItem('validUntil', '有效期至', 'date'),
    ],
    shareType: 'unconditional',
    shareMethod: 'file',
    updateCycle: 'monthly',
    tags: ['许可', '食品安全'],
  }),
  sample(city('202'), 10, {
    code: '301202/000001',
    name: '国民经济主要指标月度数据',
    category: 'departmental',
    abstract: '地区生产总值、规模以上工业增加值、社会消费品零售总额等月度指标。',
    format: 'spreadsheet',
    items: [
      dataItem('indicator', '指标名称', 'string', { length: 100 }),
      dataItem('period', '统计期', 'string', { length: 7 }),
      dataItem('value', '数值', 'decimal'),
    ],
    shareType: 'unconditional',
    shareMethod: 'file',
    openToPublic: true,
    updateCycle: 'monthly',
    tags: ['统计', '经济运行'],
    relatedResources: ['103/000001'],
  }),
  sample(city('202'), 500, {
    code: '301202/000002',
    name: '人口抽样调查数据',
    category: 'departmental',
    abstract: '年度人口变动抽样调查的分县区汇总结果。',
    format: 'spreadsheet',
    items: [
      dataItem('regionCode', '行政区划代码', 'string', { length: 6 }),
      dataItem('year', '年份', 'integer'),
      dataItem('population', '常住人口（万人）', 'decimal'),
    ],
    shareType: 'unconditional',
    shareMethod: 'file',
    // County totals, as the statistical yearbook publishes them: open to the public (public DCAT and CKAN).
    openToPublic: true,
    updateCycle: 'yearly',
    tags: ['统计', '人口'],
  }),
  sample(city('109'), 0, {
    code: '301109/000001',
    name: '社会保险参保信息',
    category: 'departmental',
    abstract: '城镇职工和城乡居民养老、医疗、失业、工伤保险的参保登记和缴费状态。',
    format: 'database',
    items: [
      dataItem('citizenId', '公民身份号码', 'citizen-id', { length: 18, sensitive: true }),
      dataItem('insuranceType', '险种', 'string', { length: 20 }),
      dataItem('status', '参保状态', 'string', { length: 10 }),
    ],
    shareType: 'conditional',
    shareCondition: '限社会救助、就业服务等法定职责使用，需经人社局审批。',
    shareMethod: 'api',
    updateCycle: 'daily',
    tags: ['社保', '民生'],
  }),
  sample(city('111'), 60, {
    code: '301111/000001',
    name: '不动产登记信息',
    category: 'departmental',
    abstract: '不动产权属、抵押、查封登记信息，按不动产单元号查询。',
    format: 'database',
    items: [
      dataItem('unitNo', '不动产单元号', 'string', { length: 28 }),
      dataItem('ownerId', '权利人证件号码', 'citizen-id', { length: 18, sensitive: true }),
      dataItem('rightType', '权利类型', 'string', { length: 20 }),
    ],
    shareType: 'conditional',
    shareCondition: '限行政审批、司法协助使用。',
    shareMethod: 'api',
    updateCycle: 'quarterly',
    tags: ['不动产', '住建'],
  }),
  sample(city('117'), 0, {
    code: '301117/000001',
    name: '出生医学证明信息',
    category: 'departmental',
    abstract: '新生儿出生医学证明签发信息，供户籍登记和社保参保使用。',
    format: 'database',
    items: [
      dataItem('certificateNo', '出生医学证明编号', 'string', { length: 20 }),
      dataItem('birthDate', '出生日期', 'date'),
      dataItem('motherId', '母亲公民身份号码', 'citizen-id', { length: 18, sensitive: true }),
    ],
    shareType: 'conditional',
    shareCondition: '限户籍登记、医保参保使用。',
    shareMethod: 'exchange',
    updateCycle: 'daily',
    tags: ['卫健', '人口'],
    relatedResources: ['101/000001'],
  }),
  sample(city('106'), 300, {
    code: '301106/000001',
    name: '最低生活保障对象信息',
    category: 'departmental',
    abstract: '城乡低保对象的认定、复核和退出信息。',
    format: 'database',
    items: [
      dataItem('citizenId', '公民身份号码', 'citizen-id', { length: 18, sensitive: true }),
      dataItem('benefitType', '保障类别', 'string', { length: 10 }),
      dataItem('startDate', '开始享受日期', 'date'),
    ],
    shareType: 'conditional',
    shareCondition: '限社会救助核对使用。',
    shareMethod: 'api',
    updateCycle: 'monthly',
    tags: ['社会救助', '民生'],
  }),
  sample(city('112'), 5, {
    code: '301112/000001',
    name: '道路运输经营许可信息',
    category: 'departmental',
    abstract: '道路客运、货运经营许可证及营运车辆信息。',
    format: 'database',
    items: [
      dataItem('licenseNo', '经营许可证号', 'string', { length: 30 }),
      dataItem('creditCode', '统一社会信用代码', 'credit-code', { length: 18 }),
      dataItem('plateNo', '车辆号牌', 'string', { length: 10 }),
    ],
    shareType: 'unconditional',
    shareMethod: 'api',
    updateCycle: 'weekly',
    tags: ['交通', '许可'],
  }),
  sample(city('114'), 1, {
    code: '301114/000001',
    name: '水雨情监测数据',
    category: 'departmental',
    abstract: '主要河道水位、雨量站降雨量实时监测数据。',
    format: 'stream',
    items: [
      dataItem('stationCode', '测站编码', 'string', { length: 12 }),
      dataItem('observedAt', '观测时间', 'datetime'),
      dataItem('waterLevel', '水位（米）', 'decimal', { required: false }),
      dataItem('rainfall', '降雨量（毫米）', 'decimal', { required: false }),
    ],
    shareType: 'unconditional',
    shareMethod: 'api',
    openToPublic: true,
    updateCycle: 'realtime',
    tags: ['水利', '防汛'],
  }),
  sample(city('110'), 90, {
    code: '301110/000001',
    name: '国土空间规划图件',
    category: 'departmental',
    abstract: '市级国土空间总体规划成果图件及说明。',
    format: 'image',
    items: [
      dataItem('mapCode', '图件编号', 'string', { length: 20 }),
      dataItem('title', '图件名称', 'string', { length: 100 }),
      dataItem('approvedDate', '批复日期', 'date'),
    ],
    shareType: 'unconditional',
    shareMethod: 'file',
    updateCycle: 'yearly',
    tags: ['自然资源', '规划'],
  }),
  sample(
    city('108'),
    20,
    {
      code: '301108/000001',
      name: '财政预算执行数据',
      category: 'departmental',
      abstract: '一般公共预算收支执行情况，按月汇总。',
      format: 'spreadsheet',
      items: [
        dataItem('subject', '预算科目', 'string', { length: 50 }),
        dataItem('period', '期间', 'string', { length: 7 }),
        dataItem('amount', '金额（万元）', 'decimal'),
      ],
      shareType: 'conditional',
      shareCondition: '限审计、统计部门使用。',
      shareMethod: 'file',
      updateCycle: 'monthly',
      tags: ['财政'],
    },
    // Its first version lapsed a month after it was published (睡眠栏目 for about three weeks),
    // until this second one made it fresh again.
    75,
  ),
  sample(city('105'), 0, {
    code: '301105/000001',
    name: '机动车驾驶人信息',
    category: 'departmental',
    abstract: '驾驶证核发、换证、记分和状态信息。',
    format: 'database',
    items: [
      dataItem('citizenId', '公民身份号码', 'citizen-id', { length: 18, sensitive: true }),
      dataItem('licenseClass', '准驾车型', 'string', { length: 10 }),
      dataItem('status', '驾驶证状态', 'string', { length: 10 }),
    ],
    shareType: 'not-shared',
    updateCycle: 'daily',
    tags: ['公安', '交通'],
  }),
  sample(city('205'), 0, {
    code: '301205/000001',
    name: '行政许可办件信息',
    category: 'departmental',
    abstract: '政务服务大厅受理、办结的行政许可事项办件信息，含营业执照等证照。',
    format: 'database',
    items: [
      dataItem('caseNo', '办件编号', 'string', { length: 32 }),
      dataItem('matter', '事项名称', 'string', { length: 100 }),
      dataItem('acceptedAt', '受理时间', 'datetime'),
      dataItem('finishedAt', '办结时间', 'datetime', { required: false }),
    ],
    shareType: 'unconditional',
    shareMethod: 'api',
    updateCycle: 'daily',
    tags: ['政务服务', '营业执照'],
  }),
  sample(city('113'), 700, {
    code: '301113/000001',
    name: '农村土地承包经营权信息',
    category: 'departmental',
    abstract: '农村土地承包合同、承包地块和经营权流转信息。',
    format: 'database',
    items: [
      dataItem('contractNo', '承包合同编号', 'string', { length: 30 }),
      dataItem('area', '承包面积（亩）', 'decimal'),
      dataItem('village', '所在村组', 'string', { length: 100 }),
    ],
    shareType: 'conditional',
    shareCondition: '限农业补贴发放、不动产登记使用。',
    shareMethod: 'exchange',
    updateCycle: 'quarterly',
    tags: ['农业农村'],
  }),
  sample(city('116'), 40, {
    code: '301116/000001',
    name: 'A级旅游景区名录',
    category: 'departmental',
    abstract: '全市A级旅游景区名称、等级、地址和开放时间。',
    format: 'spreadsheet',
    items: [
      dataItem('scenicName', '景区名称', 'string', { length: 100 }),
      dataItem('grade', '等级', 'string', { length: 5 }),
      dataItem('address', '地址', 'string', { length: 200 }),
    ],
    shareType: 'unconditional',
    shareMethod: 'file',
    openToPublic: true,
    updateCycle: 'yearly',
    tags: ['文旅'],
  }),
];

const thematic: SampleResource[] = [
  sample(city('205'), 0, {
    code: '201/000001',
    name: '电子证照信息库',
    category: 'thematic',
    abstract: '营业执照、身份证、户口簿、不动产权证书等常用电子证照的目录和照面信息。',
    format: 'database',
    items: [
      dataItem('licenseType', '证照类型', 'string', { length: 50 }),
      dataItem('licenseNo', '证照编号', 'string', { length: 50 }),
      dataItem('holderId', '持证主体代码', 'string', { length: 18, sensitive: true }),
      dataItem('issuedDate', '颁证日期', 'date'),
    ],
    shareType: 'conditional',
    shareCondition: '限政务服务办理时核验证照使用。',
    shareMethod: 'api',
    updateCycle: 'daily',
    tags: ['电子证照', '营业执照', '政务服务'],
    relatedResources: ['102/000001', '301201/000001'],
  }),
  sample(city('201'), 2, {
    code: '202/000001',
    name: '社会信用信息库',
    category: 'thematic',
    abstract: '法人和自然人的行政许可、行政处罚、守信激励和失信惩戒信息（双公示）。',
    format: 'database',
    items: [
      dataItem('creditCode', '统一社会信用代码', 'credit-code', { length: 18 }),
      dataItem('recordType', '信息类别', 'string', { length: 20 }),
      dataItem('decisionDate', '决定日期', 'date'),
    ],
    shareType: 'unconditional',
    shareMethod: 'api',
    updateCycle: 'weekly',
    tags: ['信用', '双公示'],
  }),
  sample(city('117'), 25, {
    code: '203/000001',
    name: '全员人口健康信息库',
    category: 'thematic',
    abstract: '居民电子健康档案与诊疗服务的主题汇总信息，支撑健康扶贫和医保结算。',
    format: 'database',
    items: [
      dataItem('citizenId', '公民身份号码', 'citizen-id', { length: 18, sensitive: true }),
      dataItem('recordDate', '建档日期', 'date'),
      dataItem('contractedDoctor', '签约家庭医生机构', 'string', { length: 100 }),
    ],
    shareType: 'conditional',
    shareCondition: '限卫健、医保部门法定职责使用。',
    shareMethod: 'api',
    updateCycle: 'monthly',
    tags: ['健康', '人口'],
    relatedResources: ['101/000001'],
  }),
  sample(city('101'), 380, {
    code: '204/000001',
    name: '重大项目库',
    category: 'thematic',
    abstract: '全市重点建设项目的立项、审批、投资和进度信息。',
    format: 'spreadsheet',
    items: [
      dataItem('projectCode', '项目代码', 'string', { length: 24 }),
      dataItem('projectName', '项目名称', 'string', { length: 200 }),
      dataItem('investment', '总投资（万元）', 'decimal'),
    ],
    shareType: 'unconditional',
    shareMethod: 'file',
    updateCycle: 'quarterly',
    tags: ['发改', '投资'],
  }),
];

export const sampleCatalogue: readonly SampleResource[] = [...base, ...departmental, ...thematic];

export async function seedCatalogue(
  log: (line: string) => void = () => undefined,
  now: Date = new Date(),
): Promise<{ created: number; skipped: number }> {
  const tableName = process.env[tableEnvName('catalogue')];
  if (!tableName)
    throw new Error(`${tableEnvName('catalogue')} is not set; cannot load the sample catalogue`);
  const store = dynamoCatalogueStore(dynamo(), tableName);
  let created = 0;
  let skipped = 0;
  for (const { input, provider, publishedDaysAgo, firstVersionDaysAgo } of sampleCatalogue) {
    const publishedAt = new Date(now.getTime() - publishedDaysAgo * DAY_MS);
    const firstAt =
      firstVersionDaysAgo !== undefined
        ? new Date(now.getTime() - firstVersionDaysAgo * DAY_MS)
        : publishedAt;
    const versions = firstVersionDaysAgo !== undefined ? 2 : 1;
    let latest = registerDraft(input, provider, firstAt);
    try {
      await store.create(latest);
      created++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const existing = await store.getResource(input.code);
      // Done, or moved on by a user: left alone. Otherwise an interrupted run is finished.
      if (
        !existing ||
        existing.version > versions ||
        (existing.version === versions && existing.status === 'published')
      ) {
        skipped++;
        continue;
      }
      latest = existing;
    }
    // Written now (the search index loads by write time), with its historical 发布日期.
    if (latest.version === 1 && latest.status === 'draft') {
      const published = publishResource(latest, provider, now, firstAt.toISOString());
      await store.save(published, latest);
      latest = published;
    }
    if (versions === 2 && latest.status === 'published') {
      const { code: _code, ...metadata } = input;
      const draft = editResource(latest, metadata, provider, publishedAt);
      await store.save(draft, latest);
      latest = draft;
    }
    if (latest.status === 'draft')
      await store.save(publishResource(latest, provider, now, publishedAt.toISOString()), latest);
  }
  // The sweep runs daily; run it once here so the sample's 睡眠栏目 show from the first start.
  const { flagged } = created > 0 ? await flagLapsedResources(store, now) : { flagged: 0 };
  log(
    `sample catalogue: ${created} resources registered, ${skipped} already there, ${flagged} flagged stale`,
  );
  return { created, skipped };
}
