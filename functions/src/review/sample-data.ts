import type { PlanItem, ProjectInput, SimilarityDocument } from '@govshare/domain/review';

/**
 * The review context's sample data for the sample city 商洛市 (units of identity/sample-directory.ts):
 * the plan (规划 items with their envelopes), the register of existing information systems
 * (信息系统目录), the projects approved before the platform (往年项目), and four example submissions
 * the README and the tests walk through. Everything is synthetic; names follow the patterns of
 * municipal e-government plans. Money is fen (¥1 = 100).
 *
 * Pure data: seed.ts loads it into the review table.
 */

const city = (seq: string) => `611000${seq}`;
/** ¥ in fen, so that the figures below read as yuan. */
const yuan = (amount: number) => amount * 100;

/** A plan item and what was already approved against it before the platform (the sum of its earlier projects). */
export interface SamplePlanItem extends PlanItem {
  approvedFen: number;
}

export interface SampleSystem {
  id: string;
  unit: string;
  name: string;
  description: string;
  functions: string[];
  deployment: 'government-cloud' | 'self-built';
  builtYear: number;
  investmentFen: number;
}

export interface SampleEarlierProject {
  id: string;
  unit: string;
  name: string;
  description: string;
  functions: string[];
  planItem: string;
  approvedFen: number;
  year: number;
}

export const sampleEarlierProjects: readonly SampleEarlierProject[] = [
  {
    id: 'PRJ-2024-001',
    unit: city('204'),
    name: '商洛市政务云平台扩容项目',
    description:
      '对商洛市政务云平台计算、存储和网络资源进行扩容，新增云主机资源池和分布式存储，完善云安全防护体系，满足市级部门业务系统上云需求。',
    functions: ['计算资源池扩容', '分布式存储扩容', '云安全防护', '云资源申请审批', '云资源计量计费'],
    planItem: 'SL-2024-01',
    approvedFen: yuan(4_800_000),
    year: 2024,
  },
  {
    id: 'PRJ-2024-002',
    unit: city('204'),
    name: '市级部门业务系统迁移上云工程',
    description:
      '将市级部门自建机房中运行的业务系统分批迁移至政务云，完成应用改造、数据迁移和迁移后安全测评。',
    functions: ['迁移评估', '应用适配改造', '数据迁移', '迁移后安全测评'],
    planItem: 'SL-2024-01',
    approvedFen: yuan(3_200_000),
    year: 2024,
  },
  {
    id: 'PRJ-2024-003',
    unit: city('205'),
    name: '商洛市一体化政务服务平台建设项目',
    description:
      '建设市县镇村四级贯通的一体化政务服务平台，统一事项管理、统一身份认证、统一受理和统一评价，推动政务服务一网通办。',
    functions: ['政务服务事项管理', '统一身份认证', '综合受理', '办件流转', '电子证照调用', '好差评'],
    planItem: 'SL-2024-02',
    approvedFen: yuan(3_600_000),
    year: 2024,
  },
  {
    id: 'PRJ-2024-004',
    unit: city('205'),
    name: '政务服务好差评系统',
    description: '建设覆盖政务服务大厅、网上办事平台和移动端的好差评系统，差评实行整改督办和回访。',
    functions: ['评价采集', '差评整改督办', '回访管理', '评价统计分析'],
    planItem: 'SL-2024-02',
    approvedFen: yuan(900_000),
    year: 2024,
  },
  {
    id: 'PRJ-2025-001',
    unit: city('114'),
    name: '商洛市智慧河长制管理系统建设项目',
    description:
      '建设全市统一的河长制管理系统，实现河道巡查、问题上报、排污口监测和河长考核评价，提升河湖管理保护水平。',
    functions: ['河道巡查', '问题上报', '排污口监测', '水质监测预警', '河长考核评价', '河湖信息查询'],
    planItem: 'SL-2025-01',
    approvedFen: yuan(1_850_000),
    year: 2025,
  },
  {
    id: 'PRJ-2025-002',
    unit: city('110'),
    name: '地质灾害监测预警系统',
    description:
      '在全市重点地质灾害隐患点布设监测设备，建设监测预警系统，实现隐患点实时监测、分级预警和避险转移调度。',
    functions: ['隐患点台账管理', '位移雨量实时监测', '分级预警发布', '避险转移调度', '群测群防上报'],
    planItem: 'SL-2025-01',
    approvedFen: yuan(2_400_000),
    year: 2025,
  },
  {
    id: 'PRJ-2025-003',
    unit: city('111'),
    name: '城市管理综合执法系统',
    description:
      '建设城市管理综合执法系统，覆盖违法建设、占道经营、渣土运输等执法事项的立案、调查、处罚和结案。',
    functions: ['执法案件立案', '现场检查记录', '行政处罚决定', '执法文书生成', '执法统计分析'],
    planItem: 'SL-2025-01',
    approvedFen: yuan(1_600_000),
    year: 2025,
  },
  {
    id: 'PRJ-2025-004',
    unit: city('109'),
    name: '商洛市就业创业公共服务平台建设项目',
    description:
      '建设全市统一的就业创业公共服务平台，汇聚岗位信息，为求职者和用人单位提供岗位发布、求职登记、职业指导和创业担保贷款申请服务，实现就业失业登记网上办理。',
    functions: [
      '岗位信息发布',
      '求职登记',
      '人岗智能匹配',
      '就业失业登记',
      '职业技能培训报名',
      '创业担保贷款申请',
      '就业形势统计分析',
    ],
    planItem: 'SL-2025-02',
    approvedFen: yuan(2_200_000),
    year: 2025,
  },
  {
    id: 'PRJ-2025-005',
    unit: city('106'),
    name: '社会救助一体化信息系统',
    description:
      '整合最低生活保障、特困供养、临时救助业务，建设社会救助一体化信息系统，实现申请、审核、审批和资金发放全程网办。',
    functions: ['救助申请受理', '家庭经济状况核对', '救助审核审批', '救助资金发放', '动态管理复核'],
    planItem: 'SL-2025-02',
    approvedFen: yuan(1_300_000),
    year: 2025,
  },
  {
    id: 'PRJ-2025-006',
    unit: city('203'),
    name: '医保基金智能监管系统',
    description:
      '建设医保基金智能监管系统，对定点医药机构的结算数据进行规则筛查和大数据分析，发现欺诈骗保线索。',
    functions: ['监管规则库管理', '结算数据筛查', '疑点线索核查', '飞行检查管理', '监管统计分析'],
    planItem: 'SL-2025-02',
    approvedFen: yuan(1_900_000),
    year: 2025,
  },
  {
    id: 'PRJ-2025-007',
    unit: city('113'),
    name: '农村产权流转交易系统',
    description:
      '建设农村产权流转交易系统，为土地经营权、林权、农村集体资产提供信息发布、网上竞价和合同鉴证服务。',
    functions: ['产权信息发布', '交易申请受理', '网上竞价', '交易合同鉴证', '交易资金结算'],
    planItem: 'SL-2025-03',
    approvedFen: yuan(980_000),
    year: 2025,
  },
  {
    id: 'PRJ-2025-008',
    unit: '611002001',
    name: '商州区网格化社会治理平台',
    description:
      '划分全区治理网格，建设网格化社会治理平台，网格员移动端采集事件，平台分拨、处置、督办和考核。',
    functions: ['网格划分管理', '网格员事件采集', '事件分拨处置', '督办考核', '网格事件统计'],
    planItem: 'SL-2025-03',
    approvedFen: yuan(1_150_000),
    year: 2025,
  },
  {
    id: 'PRJ-2026-001',
    unit: city('105'),
    name: '人口基础信息库扩容与共享服务项目',
    description:
      '扩充人口基础信息库的数据项和存储容量，建设共享接口服务，按授权向各部门提供人口信息核验和查询。',
    functions: ['人口信息核验接口', '人口信息批量比对', '共享授权管理', '调用日志审计'],
    planItem: 'SL-2026-01',
    approvedFen: yuan(2_600_000),
    year: 2026,
  },
  {
    id: 'PRJ-2026-002',
    unit: city('205'),
    name: '电子证照库升级项目',
    description: '升级电子证照库，新增证照类型，支持证照在线签发、亮证核验和跨部门调用。',
    functions: ['证照目录管理', '证照在线签发', '亮证核验', '证照调用授权'],
    planItem: 'SL-2026-01',
    approvedFen: yuan(1_400_000),
    year: 2026,
  },
  {
    id: 'PRJ-2026-003',
    unit: city('109'),
    name: '社会保险经办服务能力提升项目',
    description: '改造社会保险经办系统，推行参保登记、缴费基数申报、待遇申领等经办业务网上办理。',
    functions: ['参保登记网办', '缴费基数申报', '待遇申领', '经办稽核'],
    planItem: 'SL-2026-02',
    approvedFen: yuan(1_800_000),
    year: 2026,
  },
  {
    id: 'PRJ-2026-004',
    unit: '611021001',
    name: '洛南县便民服务站信息化项目',
    description: '为全县镇村便民服务站配置自助服务终端并接入一体化政务服务平台，实现高频事项就近办理。',
    functions: ['自助终端接入', '代办事项登记', '就近办理', '服务站考核'],
    planItem: 'SL-2026-03',
    approvedFen: yuan(650_000),
    year: 2026,
  },
];

const approvedAgainst = (code: string) =>
  sampleEarlierProjects
    .filter((project) => project.planItem === code)
    .reduce((sum, project) => sum + project.approvedFen, 0);

const planItem = (
  code: string,
  name: string,
  envelopeYuan: number,
  state: PlanItem['state'],
): SamplePlanItem => ({
  code,
  name,
  state,
  envelope: yuan(envelopeYuan),
  approvedFen: approvedAgainst(code),
});

/** 商洛市电子政务规划 items: the earlier years' are closed, this year's open with room left. */
export const samplePlanItems: readonly SamplePlanItem[] = [
  planItem('SL-2024-01', '政务云平台扩容与业务系统迁移上云', 12_000_000, 'closed'),
  planItem('SL-2024-02', '一体化政务服务能力提升', 8_000_000, 'closed'),
  planItem('SL-2025-01', '城市运行监测与应急管理', 9_000_000, 'closed'),
  planItem('SL-2025-02', '民生保障信息化', 8_000_000, 'closed'),
  planItem('SL-2025-03', '数字乡村与基层治理', 4_000_000, 'closed'),
  planItem('SL-2026-01', '数据共享交换与基础数据库', 10_000_000, 'open'),
  planItem('SL-2026-02', '社会保障与就业服务数字化', 12_000_000, 'open'),
  planItem('SL-2026-03', '县域政务服务一体化', 5_000_000, 'open'),
];

/**
 * Plan items whose `approvedFen` is not the sum of the earlier projects approved against them, and
 * earlier projects against an item the plan does not have: empty when the sample data is consistent.
 */
export function samplePlanInconsistencies(): string[] {
  const problems: string[] = [];
  for (const item of samplePlanItems) {
    const sum = approvedAgainst(item.code);
    if (sum !== item.approvedFen)
      problems.push(`${item.code}: approvedFen ${item.approvedFen}, projects ${sum}`);
    if (sum > item.envelope)
      problems.push(`${item.code}: approved ${sum} exceeds the envelope ${item.envelope}`);
  }
  const codes = new Set(samplePlanItems.map((item) => item.code));
  for (const project of sampleEarlierProjects)
    if (!codes.has(project.planItem)) problems.push(`${project.id}: unknown plan item ${project.planItem}`);
  return problems;
}

const system = (
  id: string,
  unit: string,
  name: string,
  description: string,
  functions: string[],
  deployment: SampleSystem['deployment'],
  builtYear: number,
  investmentYuan: number,
): SampleSystem => ({
  id,
  unit,
  name,
  description,
  functions,
  deployment,
  builtYear,
  investmentFen: yuan(investmentYuan),
});

/** 信息系统目录: the systems the sample units run, some from the earlier projects above. */
export const sampleSystems: readonly SampleSystem[] = [
  system(
    'SYS-001',
    city('001'),
    '商洛市协同办公系统',
    '市政府办公室和市级部门的公文流转、会议管理和督查督办系统。',
    ['收发文管理', '会议通知', '督查督办', '领导日程'],
    'government-cloud',
    2017,
    1_200_000,
  ),
  system(
    'SYS-002',
    city('001'),
    '商洛市人民政府门户网站',
    '市政府门户网站群，发布政府信息公开、政策解读和政民互动内容。',
    ['信息发布', '政府信息公开', '政策解读', '政民互动', '站群管理'],
    'government-cloud',
    2016,
    900_000,
  ),
  system(
    'SYS-003',
    city('001'),
    '12345政务服务便民热线系统',
    '受理群众和企业诉求，工单派发至承办单位并跟踪办理和回访。',
    ['热线受理', '工单派发', '办理督办', '满意度回访', '诉求热点分析'],
    'government-cloud',
    2019,
    1_500_000,
  ),
  system(
    'SYS-004',
    city('101'),
    '投资项目在线审批监管平台',
    '企业投资项目的赋码、审批、核准和备案在线办理与监管。',
    ['项目赋码', '审批事项办理', '项目备案', '项目监管'],
    'government-cloud',
    2018,
    800_000,
  ),
  system(
    'SYS-005',
    city('101'),
    '商洛市公共信用信息平台',
    '归集行政许可、行政处罚和失信信息，提供信用查询和联合奖惩。',
    ['信用信息归集', '双公示', '信用查询', '联合奖惩', '信用修复'],
    'government-cloud',
    2018,
    1_300_000,
  ),
  system(
    'SYS-006',
    city('102'),
    '商洛市教育资源公共服务平台',
    '面向中小学的教学资源共享、在线课堂和教学教研平台。',
    ['教学资源共享', '在线课堂', '教研活动管理', '资源统计'],
    'government-cloud',
    2020,
    1_600_000,
  ),
  system(
    'SYS-007',
    city('102'),
    '中小学学籍管理系统',
    '学生学籍登记、转学审批、学籍变动和学籍统计。',
    ['学籍登记', '转学审批', '学籍变动管理', '学籍统计'],
    'government-cloud',
    2015,
    400_000,
  ),
  system(
    'SYS-008',
    city('103'),
    '科技项目管理系统',
    '科技计划项目的申报、评审、立项、中期检查和验收。',
    ['项目申报', '专家评审', '立项管理', '中期检查', '项目验收'],
    'government-cloud',
    2019,
    500_000,
  ),
  system(
    'SYS-009',
    city('104'),
    '工业经济运行监测系统',
    '规模以上工业企业产值、用电和订单数据的监测和分析。',
    ['企业数据填报', '工业运行监测', '用电数据分析', '运行报告生成'],
    'government-cloud',
    2021,
    700_000,
  ),
  system(
    'SYS-010',
    city('105'),
    '人口基础信息库',
    '全市实有人口的基础信息库，提供人口信息核验和共享。',
    ['人口信息管理', '人口信息核验', '人口信息共享接口'],
    'self-built',
    2014,
    2_800_000,
  ),
  system(
    'SYS-011',
    city('105'),
    '雪亮工程视频监控联网平台',
    '公共安全视频监控的联网汇聚、共享和智能分析。',
    ['视频汇聚', '视频共享', '人车识别分析', '视频巡查'],
    'self-built',
    2018,
    6_500_000,
  ),
  system(
    'SYS-012',
    city('106'),
    '社会救助一体化信息系统',
    '低保、特困、临时救助的申请、审核审批和资金发放。',
    ['救助申请受理', '家庭经济状况核对', '救助审核审批', '救助资金发放', '动态管理复核'],
    'government-cloud',
    2025,
    1_300_000,
  ),
  system(
    'SYS-013',
    city('106'),
    '养老服务信息管理系统',
    '养老机构、居家养老服务和高龄津贴发放管理。',
    ['养老机构管理', '居家养老服务派单', '高龄津贴发放', '养老服务统计'],
    'government-cloud',
    2021,
    600_000,
  ),
  system(
    'SYS-014',
    city('107'),
    '公共法律服务平台',
    '法律援助申请、人民调解和法律咨询的线上服务平台。',
    ['法律援助申请', '人民调解登记', '在线法律咨询', '律师公证查询'],
    'government-cloud',
    2020,
    550_000,
  ),
  system(
    'SYS-015',
    city('108'),
    '预算管理一体化系统',
    '全市预算编制、指标管理、国库集中支付和决算的一体化系统。',
    ['预算编制', '预算指标管理', '国库集中支付', '决算报表'],
    'self-built',
    2021,
    3_200_000,
  ),
  system(
    'SYS-016',
    city('108'),
    '政府采购管理系统',
    '政府采购计划、采购实施和合同备案管理。',
    ['采购计划管理', '采购项目实施', '采购合同备案', '采购统计'],
    'government-cloud',
    2019,
    700_000,
  ),
  system(
    'SYS-017',
    city('109'),
    '社会保险经办管理信息系统',
    '养老、失业、工伤保险的参保登记、缴费核定和待遇支付。',
    ['参保登记', '缴费核定', '待遇核定支付', '个人权益记录查询'],
    'self-built',
    2013,
    4_200_000,
  ),
  system(
    'SYS-018',
    city('109'),
    '商洛市就业创业公共服务平台',
    '岗位发布、求职登记、人岗匹配、就业失业登记和创业担保贷款申请服务。',
    [
      '岗位信息发布',
      '求职登记',
      '人岗智能匹配',
      '就业失业登记',
      '职业技能培训报名',
      '创业担保贷款申请',
      '就业形势统计分析',
    ],
    'government-cloud',
    2025,
    2_200_000,
  ),
  system(
    'SYS-019',
    city('110'),
    '国土空间基础信息平台',
    '国土空间规划"一张图"和基础地理信息的汇聚、浏览和共享。',
    ['规划一张图', '基础地理信息服务', '规划实施监督', '空间分析'],
    'government-cloud',
    2021,
    2_100_000,
  ),
  system(
    'SYS-020',
    city('110'),
    '地质灾害监测预警系统',
    '重点隐患点位移、雨量的实时监测与分级预警。',
    ['隐患点台账管理', '位移雨量实时监测', '分级预警发布', '避险转移调度', '群测群防上报'],
    'government-cloud',
    2025,
    2_400_000,
  ),
  system(
    'SYS-021',
    city('111'),
    '城市管理综合执法系统',
    '城市管理执法案件的立案、调查、处罚和结案。',
    ['执法案件立案', '现场检查记录', '行政处罚决定', '执法文书生成', '执法统计分析'],
    'government-cloud',
    2025,
    1_600_000,
  ),
  system(
    'SYS-022',
    city('111'),
    '住房公积金管理信息系统',
    '住房公积金的缴存、提取、贷款和核算。',
    ['公积金缴存', '公积金提取', '公积金贷款审批', '公积金核算'],
    'self-built',
    2016,
    2_600_000,
  ),
  system(
    'SYS-023',
    city('112'),
    '道路运输管理系统',
    '道路运输经营许可、营运车辆和从业人员管理。',
    ['经营许可办理', '营运车辆管理', '从业人员资格管理', '运政执法'],
    'government-cloud',
    2017,
    800_000,
  ),
  system(
    'SYS-024',
    city('113'),
    '农村产权流转交易系统',
    '农村土地经营权、林权和集体资产的流转交易。',
    ['产权信息发布', '交易申请受理', '网上竞价', '交易合同鉴证', '交易资金结算'],
    'government-cloud',
    2025,
    980_000,
  ),
  system(
    'SYS-025',
    city('114'),
    '商洛市智慧河长制管理系统',
    '河道巡查、问题上报、排污口监测和河长考核。',
    ['河道巡查', '问题上报', '排污口监测', '水质监测预警', '河长考核评价', '河湖信息查询'],
    'government-cloud',
    2025,
    1_850_000,
  ),
  system(
    'SYS-026',
    city('114'),
    '水雨情监测系统',
    '全市水文站、雨量站和水库水位的自动监测与汛情预警。',
    ['雨量自动监测', '水库水位监测', '汛情预警', '防汛值班'],
    'self-built',
    2016,
    1_100_000,
  ),
  system(
    'SYS-027',
    city('116'),
    '智慧文旅服务平台',
    '景区门票预约、客流监测和文旅资讯服务。',
    ['景区门票预约', '景区客流监测', '文旅资讯发布', '旅游投诉受理'],
    'government-cloud',
    2022,
    1_400_000,
  ),
  system(
    'SYS-028',
    city('117'),
    '全民健康信息平台',
    '居民电子健康档案、电子病历共享和健康服务。',
    ['电子健康档案管理', '电子病历共享', '家庭医生签约', '健康档案调阅'],
    'self-built',
    2019,
    3_600_000,
  ),
  system(
    'SYS-029',
    city('201'),
    '食品经营许可管理系统',
    '食品经营许可的受理、审核、发证与档案管理。',
    ['许可受理', '许可审核', '电子证照发放', '许可档案管理'],
    'government-cloud',
    2018,
    450_000,
  ),
  system(
    'SYS-030',
    city('202'),
    '统计联网直报系统',
    '调查对象联网直报统计数据，统计部门审核和汇总。',
    ['统计数据直报', '数据审核', '统计汇总', '统计报表发布'],
    'government-cloud',
    2017,
    500_000,
  ),
  system(
    'SYS-031',
    city('203'),
    '医保基金智能监管系统',
    '定点医药机构结算数据规则筛查和欺诈骗保线索发现。',
    ['监管规则库管理', '结算数据筛查', '疑点线索核查', '飞行检查管理', '监管统计分析'],
    'government-cloud',
    2025,
    1_900_000,
  ),
  system(
    'SYS-032',
    city('204'),
    '商洛市政务云管理平台',
    '政务云资源的申请、审批、分配、监控和计量。',
    ['云资源申请审批', '云资源分配', '云资源监控', '云资源计量计费'],
    'government-cloud',
    2018,
    1_000_000,
  ),
  system(
    'SYS-033',
    city('205'),
    '商洛市一体化政务服务平台',
    '市县镇村四级政务服务事项的统一受理、办理和评价。',
    ['政务服务事项管理', '统一身份认证', '综合受理', '办件流转', '电子证照调用', '好差评'],
    'government-cloud',
    2024,
    3_600_000,
  ),
  system(
    'SYS-034',
    '611002001',
    '商州区网格化社会治理平台',
    '网格员事件采集和分拨处置、督办考核。',
    ['网格划分管理', '网格员事件采集', '事件分拨处置', '督办考核', '网格事件统计'],
    'government-cloud',
    2025,
    1_150_000,
  ),
  system(
    'SYS-035',
    '611021001',
    '洛南县政务服务网',
    '洛南县政务服务事项的网上申报和进度查询。',
    ['网上申报', '办件进度查询', '办事指南发布'],
    'government-cloud',
    2019,
    300_000,
  ),
  system(
    'SYS-036',
    '611021109',
    '洛南县劳动保障监察管理系统',
    '劳动保障监察举报投诉受理、案件办理和用人单位书面审查。',
    ['举报投诉受理', '监察案件办理', '用人单位书面审查', '欠薪预警'],
    'self-built',
    2018,
    350_000,
  ),
];

/** The earlier projects and the systems as the duplicate-construction check indexes them. */
export function sampleSimilarityCorpus(): SimilarityDocument[] {
  return [
    ...sampleEarlierProjects.map(
      (project): SimilarityDocument => ({
        id: project.id,
        kind: 'project',
        unit: project.unit,
        name: project.name,
        description: project.description,
        functions: project.functions,
      }),
    ),
    ...sampleSystems.map(
      (entry): SimilarityDocument => ({
        id: entry.id,
        kind: 'system',
        unit: entry.unit,
        name: entry.name,
        description: entry.description,
        functions: entry.functions,
      }),
    ),
  ];
}

// ── Example submissions ─────────────────────────────────────────────────────────────────────

type Line = ProjectInput['budgetLines'][number];
/** A budget line whose amount is quantity × unit price by construction. */
const line = (
  category: Line['category'],
  item: string,
  unit: string,
  quantity: number,
  unitPriceYuan: number,
  extra: Pick<Line, 'justification'> = {},
): Line => ({
  category,
  item,
  unit,
  quantity,
  unitPrice: yuan(unitPriceYuan),
  amount: quantity * yuan(unitPriceYuan),
  ...extra,
});

const nextYear = { start: '2027-01-01', end: '2027-10-31' };

/**
 * 洛南县人社局 files a retitled, reworded copy of the city's 就业创业公共服务平台 (PRJ-2025-004, also
 * SYS-018): synonyms (平台 → 系统, 登记 → 采集, 统计分析 → 汇总研判), functions reordered and renamed.
 * The duplicate-construction check must still name it.
 */
export const paraphrasedSubmission: ProjectInput = {
  name: '洛南县就业服务一体化系统搭建工程',
  kind: 'new',
  description:
    '搭建县级就业创业综合服务系统，归集用工岗位，面向求职人员和用工单位提供职业指导、岗位发布、求职采集和创业担保贷款申请，就业失业登记全程网上办理。',
  functions: [
    '就业失业采集',
    '求职采集',
    '发布岗位信息',
    '创业担保贷款申请',
    '人岗智能匹配',
    '就业形势汇总研判',
    '职业技能培训报名',
  ],
  budgetLines: [
    line('software', '软件开发', '人月', 36, 25_000),
    line('cloud', '云主机', '台·年', 6, 8_000),
    line('services', '等保测评', '项', 1, 90_000),
    line('operations', '运维服务', '人月', 6, 20_000),
  ],
  deployment: { mode: 'government-cloud' },
  network: '政务外网',
  securityLevel: 2,
  schedule: nextYear,
  planItem: 'SL-2026-02',
  produces: [],
  consumes: ['101/000001'],
  collects: [],
};

/** 市人社局 builds its own machine room and servers, without saying why the government cloud will not do. */
export const selfBuiltSubmission: ProjectInput = {
  name: '人社业务数据灾备中心建设项目',
  kind: 'new',
  description:
    '在局机关建设人社业务数据灾备机房，购置服务器和存储设备，对社会保险和就业业务数据进行本地备份。',
  functions: ['业务数据定时备份', '备份数据恢复演练', '机房环境监控'],
  budgetLines: [
    line('hardware', '机房装修及配电改造', '项', 1, 650_000),
    line('hardware', '机架式服务器', '台', 12, 68_000),
    line('hardware', '磁盘阵列存储', '套', 2, 180_000),
    line('software', '备份软件', '套', 1, 120_000),
    line('operations', '运维服务', '人月', 6, 20_000),
  ],
  deployment: { mode: 'self-built', parts: [{ name: '机房' }, { name: '服务器' }, { name: '存储' }] },
  network: '政务外网',
  securityLevel: 3,
  schedule: nextYear,
  planItem: 'SL-2026-02',
  produces: [],
  consumes: [],
  collects: [],
};

/** 洛南县人社局 collects again who workers are, which the population base database (101/000001) holds. */
export const collectsIdNumbersSubmission: ProjectInput = {
  name: '洛南县农民工工资支付监管系统',
  kind: 'new',
  description: '建设农民工工资支付监管系统，在建工程项目实名登记务工人员，监控工资专户发放，及时发现欠薪。',
  functions: ['务工人员实名登记', '工资专户发放监控', '欠薪线索预警', '维权投诉受理'],
  budgetLines: [
    line('software', '软件开发', '人月', 20, 25_000),
    line('cloud', '云主机', '台·年', 4, 8_000),
    line('operations', '运维服务', '人月', 4, 20_000),
  ],
  deployment: { mode: 'government-cloud' },
  network: '政务外网',
  securityLevel: 2,
  schedule: nextYear,
  planItem: 'SL-2026-03',
  produces: [],
  consumes: [],
  collects: ['身份证号', '姓名', '务工项目名称', '工资发放金额'],
};

/**
 * 市人社局 files its own hotline, the kind of departmental hotline the plans fold into 12345: the
 * city's 12345政务服务便民热线系统 (SYS-003) reworded, with 人社 put in and two functions renamed.
 * The duplicate-construction check names SYS-003, and the office rejects it.
 */
export const ownHotlineSubmission: ProjectInput = {
  name: '商洛市人社服务便民热线系统',
  kind: 'new',
  description: '受理群众和企业的人社业务咨询和诉求，工单派发至承办科室并跟踪办理和回访。',
  functions: ['热线受理', '工单派发', '办理跟踪督办', '满意度回访', '咨询热点分析'],
  budgetLines: [
    line('software', '软件开发', '人月', 18, 25_000),
    line('cloud', '云主机', '台·年', 4, 8_000),
    line('services', '呼叫中心坐席', '席', 10, 12_000),
    line('operations', '运维服务', '人月', 6, 20_000),
  ],
  deployment: { mode: 'government-cloud' },
  network: '政务外网',
  securityLevel: 2,
  schedule: nextYear,
  planItem: 'SL-2026-02',
  produces: [],
  consumes: [],
  collects: [],
};

/**
 * 市人社局's clean project: on the government cloud, producing the published 社会保险参保信息
 * (301109/000001), requesting population data instead of collecting it, within SL-2026-02's room.
 */
export const cleanSubmission: ProjectInput = {
  name: '商洛市社会保险待遇资格静默认证系统',
  kind: 'new',
  description:
    '利用共享的人口、殡葬和医疗就诊数据，对领取社会保险待遇人员开展静默资格认证，减少老年人到场认证，及时停发冒领待遇。',
  functions: ['多源数据静默比对', '认证结果推送', '疑似冒领核查', '认证到期提醒', '认证情况月报'],
  budgetLines: [
    line('software', '软件开发', '人月', 30, 25_000),
    line('cloud', '云主机', '台·年', 8, 8_000),
    line('services', '数据接口对接服务', '项', 1, 150_000),
    line('services', '等保测评', '项', 1, 120_000),
    line('operations', '运维服务', '人月', 6, 20_000),
  ],
  deployment: { mode: 'government-cloud' },
  network: '政务外网',
  securityLevel: 2,
  schedule: nextYear,
  planItem: 'SL-2026-02',
  produces: ['301109/000001'],
  consumes: ['101/000001', '203/000001'],
  collects: [],
};
