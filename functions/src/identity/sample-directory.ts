import type { Principal, Unit, UnitKind } from '@govshare/domain/identity';
import type { Role } from '@govshare/domain/kernel';

/**
 * A synthetic sample organisation modelled on 商洛市 (Shangluo, seed 003): the city government,
 * its office and departments, its seven districts and counties with some departments and
 * townships. Unit names follow real naming patterns; every person is invented.
 *
 * Unit codes (a documented local scheme, not an official one):
 *   city and county units:  <GB/T 2260 region code, 6 digits><sequence, 3 digits>
 *     000 the people's government, 001 its general office,
 *     1xx departments (组成部门), 2xx institutions (直属机构)
 *   townships:              <county region code><township number, 3 digits>000
 *     township numbers in GB/T 10114 ranges (001–099 街道, 100–199 镇), chosen here, not official.
 */
export const CITY_REGION = '611000'; // 商洛市

const city = (seq: string) => `${CITY_REGION}${seq}`;
export const CITY_GOVERNMENT = city('000');
export const EGOV_OFFICE = city('204');

const cityUnit = (seq: string, name: string, shortName: string, kind: UnitKind = 'department'): Unit => ({
  code: city(seq),
  name: `商洛市${name}`,
  shortName,
  parentCode: CITY_GOVERNMENT,
  level: 'city',
  kind,
});

const cityUnits: Unit[] = [
  { code: CITY_GOVERNMENT, name: '商洛市人民政府', shortName: '商政', level: 'city', kind: 'government' },
  cityUnit('001', '人民政府办公室', '商政办'),
  cityUnit('101', '发展和改革委员会', '商发改'),
  cityUnit('102', '教育局', '商教'),
  cityUnit('103', '科学技术局', '商科'),
  cityUnit('104', '工业和信息化局', '商工信'),
  cityUnit('105', '公安局', '商公'),
  cityUnit('106', '民政局', '商民'),
  cityUnit('107', '司法局', '商司'),
  cityUnit('108', '财政局', '商财'),
  cityUnit('109', '人力资源和社会保障局', '商人社'),
  cityUnit('110', '自然资源局', '商自然资'),
  cityUnit('111', '住房和城乡建设局', '商住建'),
  cityUnit('112', '交通运输局', '商交'),
  cityUnit('113', '农业农村局', '商农'),
  cityUnit('114', '水利局', '商水'),
  cityUnit('115', '商务局', '商商务'),
  cityUnit('116', '文化和旅游局', '商文旅'),
  cityUnit('117', '卫生健康委员会', '商卫健'),
  cityUnit('118', '审计局', '商审'),
  cityUnit('201', '市场监督管理局', '商市监', 'institution'),
  cityUnit('202', '统计局', '商统', 'institution'),
  cityUnit('203', '医疗保障局', '商医保', 'institution'),
  cityUnit('204', '电子政务办公室', '商电政办', 'institution'),
  cityUnit('205', '行政审批服务局', '商审批', 'institution'),
];

interface County {
  region: string;
  name: string;
  /** Prefix of the county's 机关代字, e.g. 洛 → 洛政, 洛政办. */
  prefix: string;
  departments: readonly [string, string, string][];
  townships: readonly [string, string][];
}

const counties: County[] = [
  {
    region: '611002',
    name: '商州区',
    prefix: '商区',
    departments: [
      ['101', '发展和改革局', '发改'],
      ['105', '公安分局', '公'],
      ['108', '财政局', '财'],
      ['202', '统计局', '统'],
    ],
    townships: [
      ['001', '城关街道办事处'],
      ['100', '大荆镇人民政府'],
      ['101', '沙河子镇人民政府'],
    ],
  },
  {
    region: '611021',
    name: '洛南县',
    prefix: '洛',
    departments: [
      ['101', '发展和改革局', '发改'],
      ['108', '财政局', '财'],
      ['109', '人力资源和社会保障局', '人社'],
    ],
    townships: [
      ['001', '城关街道办事处'],
      ['100', '石门镇人民政府'],
    ],
  },
  {
    region: '611022',
    name: '丹凤县',
    prefix: '丹',
    departments: [['108', '财政局', '财']],
    townships: [['001', '龙驹寨街道办事处']],
  },
  {
    region: '611023',
    name: '商南县',
    prefix: '商南',
    departments: [['108', '财政局', '财']],
    townships: [['001', '城关街道办事处']],
  },
  {
    region: '611024',
    name: '山阳县',
    prefix: '山',
    departments: [['108', '财政局', '财']],
    townships: [['001', '城关街道办事处']],
  },
  {
    region: '611025',
    name: '镇安县',
    prefix: '镇',
    departments: [['108', '财政局', '财']],
    townships: [['001', '永乐街道办事处']],
  },
  {
    region: '611026',
    name: '柞水县',
    prefix: '柞',
    departments: [['108', '财政局', '财']],
    townships: [['001', '乾佑街道办事处']],
  },
];

const countyUnits: Unit[] = counties.flatMap((county) => {
  const government = `${county.region}000`;
  return [
    {
      code: government,
      name: `${county.name}人民政府`,
      shortName: `${county.prefix}政`,
      parentCode: CITY_GOVERNMENT,
      level: 'county',
      kind: 'government',
    },
    {
      code: `${county.region}001`,
      name: `${county.name}人民政府办公室`,
      shortName: `${county.prefix}政办`,
      parentCode: government,
      level: 'county',
      kind: 'department',
    },
    ...county.departments.map(
      ([seq, name, short]): Unit => ({
        code: `${county.region}${seq}`,
        name: `${county.name}${name}`,
        shortName: `${county.prefix}${short}`,
        parentCode: government,
        level: 'county',
        kind: seq.startsWith('2') ? 'institution' : 'department',
      }),
    ),
    ...county.townships.map(
      ([number, name]): Unit => ({
        code: `${county.region}${number}000`,
        name: `${county.name}${name}`,
        shortName: `${county.prefix}${name.slice(0, 2)}`,
        parentCode: government,
        level: 'township',
        kind: 'government',
      }),
    ),
  ];
});

/** Parents come before their children, so the list can be loaded in order. */
export const sampleUnits: readonly Unit[] = [...cityUnits, ...countyUnits];

// Obviously invented names: a common surname + 某 + an ordinal, the way court papers anonymise people.
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const ORDINALS = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
let nextName = 0;
const syntheticName = () => {
  const n = nextName++;
  return `${SURNAMES[n % SURNAMES.length]}某${ORDINALS[Math.floor(n / SURNAMES.length) % ORDINALS.length]}`;
};

const person = (id: string, unitCode: string, roles: Role[]): Principal => ({
  id,
  name: syntheticName(),
  unitCode,
  roles,
  kind: 'person',
});

/** The platform administrator used by README and the start-up banner. */
export const SAMPLE_ADMIN_ID = 'egov-admin';

/** Built after the principals above have taken their names (see the call site). */
function exchangeSamplePrincipals(): Principal[] {
  return [
    person('office-reviewer-2', city('001'), ['reviewer']),
    person('office-reviewer-3', city('001'), ['reviewer']),
    person('office-leader', city('001'), ['leader', 'reviewer']),
    person('office-signer-2', city('001'), ['signer']),
    person('finance-drafter', city('108'), ['drafter']),
    person('finance-signer', city('108'), ['signer']),
    person('finance-leader', city('108'), ['leader']),
    person('shangzhou-drafter', '611002001', ['drafter']),
    person('shangzhou-reviewer', '611002001', ['reviewer']),
    person('shangzhou-signer', '611002001', ['signer']),
    person('shangzhou-leader', '611002001', ['leader']),
    person('shangzhou-handler', '611002001', ['handler']),
    person('luonan-drafter', '611021001', ['drafter']),
    person('luonan-signer', '611021001', ['signer']),
    person('luonan-clerk', '611021001', ['clerk']),
    person('luonan-handler', '611021001', ['handler']),
    // Townships of 商州区: two clerks of 大荆镇 (signing for at once), one of 沙河子镇 and of 城关街道.
    person('dajing-clerk', '611002100000', ['clerk']),
    person('dajing-clerk-2', '611002100000', ['clerk']),
    person('dajing-handler', '611002100000', ['handler', 'drafter']),
    person('dajing-leader', '611002100000', ['leader']),
    person('shahezi-clerk', '611002101000', ['clerk']),
    person('chengguan-clerk', '611002001000', ['clerk']),
    // Receiving (收文): a second clerk of 城关街道 (two sign for at once, one wins), its handlers (one
    // lead, one co-handler) and leader (circulation); handlers of 沙河子镇; the finance bureau of 商州区.
    person('chengguan-clerk-2', '611002001000', ['clerk']),
    person('chengguan-handler', '611002001000', ['handler']),
    person('chengguan-handler-2', '611002001000', ['handler']),
    person('chengguan-leader', '611002001000', ['leader']),
    person('shahezi-handler', '611002101000', ['handler']),
    person('shahezi-leader', '611002101000', ['leader']),
    person('shangzhou-finance-clerk', '611002108', ['clerk']),
    person('shangzhou-finance-handler', '611002108', ['handler']),
    person('luonan-leader', '611021001', ['leader']),
    // The sample documents (functions/src/exchange/seed.ts): the city office's notice goes to every
    // county government; these receive it (商州区 also replies, 洛南县 is late handling it), and
    // the audit bureau's clerk returns it as misdirected.
    person('shangzhou-gov-clerk', '611002000', ['clerk']),
    person('shangzhou-gov-handler', '611002000', ['handler']),
    person('shangzhou-gov-leader', '611002000', ['leader', 'reviewer']),
    person('shangzhou-gov-signer', '611002000', ['signer']),
    person('luonan-gov-clerk', '611021000', ['clerk']),
    person('luonan-gov-handler', '611021000', ['handler']),
    person('luonan-gov-leader', '611021000', ['leader']),
    person('danfeng-gov-clerk', '611022000', ['clerk']),
    person('shangnan-gov-clerk', '611023000', ['clerk']),
    person('shanyang-gov-clerk', '611024000', ['clerk']),
    person('audit-clerk', city('118'), ['clerk']),
  ];
}

export const samplePrincipals: readonly Principal[] = [
  person(SAMPLE_ADMIN_ID, EGOV_OFFICE, ['platform-admin']),
  // The e-government office's reviewer also drafts the approval reply (批复) of what the office approved.
  person('egov-reviewer', EGOV_OFFICE, ['egov-reviewer', 'drafter']),
  person('egov-auditor', EGOV_OFFICE, ['auditor']),
  person('finance-reviewer', city('108'), ['finance-reviewer']),
  person('finance-clerk', city('108'), ['clerk']),
  person('finance-handler', city('108'), ['handler']),
  person('office-drafter', city('001'), ['drafter']),
  person('office-reviewer', city('001'), ['reviewer']),
  person('office-signer', city('001'), ['signer']),
  person('office-clerk', city('001'), ['clerk']),
  person('stats-editor', city('202'), ['catalogue-editor']),
  person('stats-approver', city('202'), ['data-approver']),
  person('market-editor', city('201'), ['catalogue-editor', 'data-approver']),
  // Provider of the population base database: lists who queried it (GET /v1/audit/provider/611000105/events).
  person('police-approver', city('105'), ['data-approver']),
  person('hrss-submitter', city('109'), ['project-submitter']),
  person('audit-auditor', city('118'), ['auditor']),
  person('shangzhou-clerk', '611002001', ['clerk', 'handler']),
  person('luonan-submitter', '611021109', ['project-submitter']),
  // Document exchange (公文交换): the city office drafts, reviews (会签 with the finance bureau) and
  // signs; counties and townships receive, sign for, handle and reply. Added last, so that the
  // synthetic names of the users above stay as they were.
  ...exchangeSamplePrincipals(),
  // A department's system querying shared data under grants (民政 checking residents for relief).
  {
    id: 'civil-affairs-relief-system',
    name: '商洛市民政局社会救助系统',
    unitCode: city('106'),
    roles: ['data-consumer'],
    kind: 'system',
  },
  // Project pre-review: the approval reply (批复) goes out from the e-government office, signed by its
  // signer and dispatched by its clerk, to the submitting units, whose clerks sign for it.
  person('egov-signer', EGOV_OFFICE, ['signer']),
  person('egov-clerk', EGOV_OFFICE, ['clerk']),
  person('hrss-clerk', city('109'), ['clerk']),
  person('luonan-hrss-clerk', '611021109', ['clerk']),
  // Project pre-review (项目预审): a second e-government reviewer; a reviewer of the human resources
  // bureau, which also submits projects (may not decide on its own unit's); one who reviews for both
  // offices (must say which); the finance bureau's fund-control system (may a project start?).
  person('egov-reviewer-2', EGOV_OFFICE, ['egov-reviewer']),
  person('hrss-reviewer', city('109'), ['egov-reviewer']),
  person('dual-reviewer', EGOV_OFFICE, ['egov-reviewer', 'finance-reviewer']),
  {
    id: 'fund-control-system',
    name: '商洛市财政局资金管控系统',
    unitCode: city('108'),
    roles: ['fund-controller'],
    kind: 'system',
  },
  // Project pre-review: the office of the informatisation leading group (信息化领导小组办公室), kept
  // by the city government's general office, decides after both offices the projects above the
  // leading-group threshold of the budget rules' review tiers.
  person('leading-group-reviewer', city('001'), ['leading-group-reviewer']),
  // Information reporting (政务信息报送): two editors of the city government's general office adopt,
  // decline and commission items; the information officers (信息员) of three county governments and
  // two departments submit them (functions/src/assessment/information/seed.ts).
  person('office-info-editor', city('001'), ['information-editor']),
  person('office-info-editor-2', city('001'), ['information-editor']),
  person('shangzhou-info-officer', '611002000', ['information-officer']),
  person('luonan-info-officer', '611021000', ['information-officer']),
  person('danfeng-info-officer', '611022000', ['information-officer']),
  person('stats-info-officer', city('202'), ['information-officer']),
  person('finance-info-officer', city('108'), ['information-officer']),
  // The assessment's sample quarter: 市人社局's data officer asks for base data (sharing/seed.ts), and
  // 商南县's information officer reports in the current quarter (assessment/information/seed.ts).
  person('hrss-data-officer', city('109'), ['data-consumer']),
  person('shangnan-info-officer', '611023000', ['information-officer']),
];
