import type { AssessmentSchemeInput } from './scheme.ts';

/**
 * The sample city's scheme (issue 13): what the platform's own records show of each unit, with no
 * self-reporting. The 100 points are split between document exchange (45), data sharing (30),
 * project pre-review (5), urges (10) and information reporting (10, cf. seed 004's 政务信息 table,
 * where 完成全年政务信息采用任务 is 70 of its 100). A unit that provides no catalogue resources,
 * receives no documents or has no information quota is scored on the rest, scaled to 100.
 * A project rejected outright for duplicate construction fails the unit (单项否决); items adopted
 * by the province or the State Council, and leaders' 批示, earn capped bonus points.
 *
 * Data, not code: the platform administrator edits a copy through the API; this file is the
 * version a fresh start loads (checked by assessmentSchemeSchema in test/unit/assessment).
 */
export const SAMPLE_ASSESSMENT_SCHEME: AssessmentSchemeInput = {
  id: 'egov-performance',
  version: 1,
  name: '商洛市电子政务绩效考核方案（示例）',
  periodKinds: ['month', 'quarter', 'half-year', 'year'],
  indicators: [
    {
      id: 'sign-for-on-time',
      name: '公文按时签收率',
      weight: 15,
      formula: { kind: 'on-time-sign-for' },
      rule: { kind: 'rate', whenNoRecords: 'not-applicable' },
    },
    {
      id: 'handled-on-time',
      name: '公文按时办结率',
      weight: 20,
      formula: { kind: 'on-time-handling' },
      rule: { kind: 'rate', whenNoRecords: 'not-applicable' },
    },
    {
      id: 'misdirected-returns',
      name: '误投退文（发文单位）',
      weight: 10,
      formula: { kind: 'misdirected-returns' },
      rule: { kind: 'deduction', pointsPerRecord: 2 },
      description: '每件被收文单位以误投退回的公文扣 2 分，扣完为止',
    },
    {
      id: 'urges-received',
      name: '被催办次数',
      weight: 10,
      formula: { kind: 'urges-received' },
      rule: { kind: 'deduction', pointsPerRecord: 1 },
      description: '每次被催办扣 1 分（一级、二级催办各计一次），扣完为止',
    },
    {
      id: 'catalogue-fresh',
      name: '目录资源按期更新率',
      weight: 15,
      formula: { kind: 'catalogue-freshness' },
      rule: { kind: 'rate', whenNoRecords: 'not-applicable' },
      description: '不提供目录资源的单位不考核此项，其余指标折算为 100 分',
    },
    {
      id: 'access-requests-on-time',
      name: '共享申请 10 个工作日内答复率',
      weight: 15,
      formula: { kind: 'access-requests-answered-in-time' },
      rule: { kind: 'rate', whenNoRecords: 'not-applicable' },
    },
    {
      id: 'duplicate-construction',
      name: '重复建设项目退回',
      weight: 5,
      formula: { kind: 'duplicate-construction-projects', outcomes: ['returned'] },
      rule: { kind: 'deduction', pointsPerRecord: 2.5 },
    },
    {
      id: 'information-quota',
      name: '政务信息采用任务完成率',
      weight: 10,
      formula: { kind: 'information-points-against-quota' },
      rule: { kind: 'rate', whenNoRecords: 'not-applicable' },
      description: '累计采用得分对照年度采用任务按时间进度折算（第三季度末应完成 9/12）',
    },
  ],
  vetoes: [
    {
      id: 'duplicate-construction-rejected',
      name: '项目因重复建设被否决',
      formula: { kind: 'duplicate-construction-projects', outcomes: ['rejected'] },
    },
  ],
  bonuses: [
    {
      id: 'adopted-above-city',
      name: '信息被省政府办公厅、国务院办公厅采用',
      formula: { kind: 'information-adoptions', levels: ['province', 'state-council'] },
      pointsPerRecord: 1,
      cap: 3,
    },
    {
      id: 'leader-instructions',
      name: '信息获领导批示',
      formula: { kind: 'information-adoptions', leaderLevels: ['city', 'province', 'national'] },
      pointsPerRecord: 1,
      cap: 3,
    },
  ],
  bonusCap: 5,
  grades: [
    { name: '优秀', minimum: 90 },
    { name: '良好', minimum: 80 },
    { name: '合格', minimum: 60 },
    { name: '不合格', minimum: 0 },
  ],
};
