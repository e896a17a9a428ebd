import {
  type AdoptionLevel,
  type AssessmentPeriod,
  adoptInformationItem,
  adoptInformationItemSchema,
  declineInformationItem,
  type InformationCategory,
  type LeaderLevel,
  periodOf,
  previousPeriod,
  recordLeaderInstruction,
  sampleInformationQuotas,
  sampleScoringMethod,
  submitInformationItem,
  submitInformationItemSchema,
} from '@govshare/domain/assessment';
import { ConflictError } from '@govshare/domain/kernel';
import type { InformationStore, StoredCommission } from './information-store.ts';

/** The editor of the city government's general office who adopts the sample items. */
const EDITOR = 'office-info-editor';

/** Each sample unit's information officer (functions/src/identity/sample-directory.ts). */
const OFFICERS: Record<string, string> = {
  '611002000': 'shangzhou-info-officer',
  '611021000': 'luonan-info-officer',
  '611022000': 'danfeng-info-officer',
  '611000202': 'stats-info-officer',
  '611000108': 'finance-info-officer',
  '611023000': 'shangnan-info-officer',
};

/** A moment of the quarter: its day (0 = the first) and the hour, CST. */
type Moment = [day: number, hour: number];

type SampleStep =
  | { adopt: AdoptionLevel; at: Moment; combined?: boolean; issue?: string }
  | { decline: string; at: Moment }
  | { instruct: LeaderLevel; at: Moment };

interface SampleItem {
  key: string;
  unitCode: string;
  title: string;
  body: string;
  category: InformationCategory;
  at: Moment;
  /** The commission (by key) it answers. */
  answers?: string;
  steps: SampleStep[];
}

interface SampleCommission {
  key: string;
  unitCode: string;
  topic: string;
  requestedAt: Moment;
  dueAt: Moment;
}

const sampleCommissions: SampleCommission[] = [
  // Answered three days late (约稿迟报).
  {
    key: 'c1',
    unitCode: '611000202',
    topic: '部门统计报表依托数据共享平台减负情况',
    requestedAt: [20, 10],
    dueAt: [35, 18],
  },
  // Never answered (约稿未报).
  {
    key: 'c2',
    unitCode: '611000108',
    topic: '预算管理一体化系统与政务外网对接进展',
    requestedAt: [50, 10],
    dueAt: [65, 18],
  },
  // Answered in time.
  {
    key: 'c3',
    unitCode: '611002000',
    topic: '镇（街道）便民服务站网上办事情况',
    requestedAt: [60, 10],
    dueAt: [75, 18],
  },
];

const sampleItems: SampleItem[] = [
  {
    key: '01',
    unitCode: '611002000',
    title: '商州区政务服务事项网上可办率达到98%',
    body: '商州区梳理区级政务服务事项1260项，逐项明确办理条件和材料，依托全市政务服务平台实现网上申报、网上审核、结果快递送达，网上可办率由年初的81%提高到98%，群众平均跑动次数降至0.3次。下一步将推动镇（街道）便民服务站与区政务服务中心同标准办理。',
    category: '动态',
    at: [3, 9],
    steps: [
      { adopt: 'city', at: [6, 15], issue: '《政务信息》第31期' },
      { adopt: 'province', at: [20, 11] },
      { instruct: 'city', at: [25, 16] },
    ],
  },
  {
    key: '02',
    unitCode: '611002000',
    title: '商州区实现镇（街道）电子政务外网全覆盖',
    body: '商州区完成18个镇（街道）电子政务外网光纤接入，统一部署公文交换客户端，镇（街道）收文由专人每日签收，纸质文件流转减少七成。',
    category: '动态',
    at: [15, 10],
    steps: [{ adopt: 'city', at: [18, 15], issue: '《政务信息》第34期' }],
  },
  {
    key: '03',
    unitCode: '611021000',
    title: '洛南县政务数据共享交换平台接入部门达到32个',
    body: '洛南县将县级32个部门的业务系统接入政务数据共享交换平台，发布共享目录415条，办理不动产登记、社保认证等事项时由系统比对核验，不再要求群众重复提交证明材料。',
    category: '动态',
    at: [10, 9],
    steps: [{ adopt: 'city', at: [12, 15], combined: true, issue: '《政务信息》第33期' }],
  },
  {
    key: '04',
    unitCode: '611021000',
    title: '关于基层公文交换系统使用率偏低的问题及建议',
    body: '调查发现，部分乡镇仍以纸质方式报送公文，电子公文签收不及时，主要原因是专职收发人员不足、操作培训不到位。建议将电子公文签收时效纳入年度目标考核，并由县电子政务中心开展轮训。',
    category: '建议',
    at: [30, 9],
    steps: [
      { adopt: 'city', at: [33, 15], issue: '《政务信息》第38期' },
      { adopt: 'province', at: [45, 10] },
      { adopt: 'state-council', at: [60, 10] },
    ],
  },
  {
    key: '05',
    unitCode: '611022000',
    title: '丹凤县政府网站完成集约化迁移',
    body: '丹凤县将县政府网站及11个部门网站迁移至市政府网站集约化平台，统一域名和安全防护，网站栏目由286个精简为94个。',
    category: '动态',
    at: [8, 9],
    steps: [{ decline: '与本期已采用的全市网站集约化综合信息内容重复', at: [10, 16] }],
  },
  {
    key: '06',
    unitCode: '611022000',
    title: '丹凤县12345热线与政务服务平台实现工单互通',
    body: '丹凤县将12345政务服务便民热线与县政务服务平台对接，群众来电涉及的办事咨询自动生成工单并推送承办部门，办结情况按日回访。',
    category: '动态',
    at: [40, 9],
    // Left in the office's inbox: not decided yet.
    steps: [],
  },
  {
    key: '07',
    unitCode: '611000202',
    title: '市统计局依托数据共享平台减少基层重复报表',
    body: '市统计局梳理面向县区和部门的统计报表67张，其中23张的数据改由政务数据共享平台直接获取，基层填报工作量减少约三分之一。',
    category: '动态',
    at: [38, 10],
    answers: 'c1',
    steps: [{ adopt: 'city', at: [40, 15], issue: '《政务信息》第40期' }],
  },
  {
    key: '08',
    unitCode: '611000108',
    title: '市财政局推进预算管理一体化系统在县区部署',
    body: '市财政局完成预算管理一体化系统在七个县区的部署，预算编制、执行和决算数据在全市统一口径归集，为绩效评价提供数据支撑。',
    category: '动态',
    at: [55, 9],
    steps: [{ adopt: 'city', at: [58, 15], issue: '《政务信息》第45期' }],
  },
  {
    key: '09',
    unitCode: '611000202',
    title: '关于部门共享数据目录更新不及时的问题',
    body: '部分部门共享数据目录长期未更新，数据项与实际业务不一致，影响共享数据使用。',
    category: '问题',
    at: [70, 9],
    steps: [{ decline: '请补充涉及的部门和目录条数等具体情况后重新报送', at: [72, 11] }],
  },
  {
    key: '10',
    unitCode: '611002000',
    title: '商州区便民服务站网上帮办代办服务覆盖所有行政村',
    body: '商州区在全区行政村便民服务站配备帮办代办员，帮助群众通过政务服务平台网上申报，老年人办理社保认证、医保报销等事项不出村即可完成。',
    category: '动态',
    at: [70, 14],
    answers: 'c3',
    steps: [{ adopt: 'city', at: [74, 15], issue: '《政务信息》第49期' }],
  },
];

/**
 * Items of the last days, so that the quarter the first start computes (the current one) has
 * adoptions above the city and a 批示 too: their moments count back from "now" ([days before, hour CST]).
 */
const currentQuarterItems: SampleItem[] = [
  {
    key: 'r1',
    unitCode: '611023000',
    title: '商南县不动产登记实现一窗受理并联办理',
    body: '商南县将不动产登记、税费缴纳和水电气过户整合为一个窗口受理，各部门通过政务数据共享平台核验材料，办理时限由5个工作日压缩至1个工作日。',
    category: '动态',
    at: [12, 9],
    steps: [
      { adopt: 'city', at: [10, 15], issue: '《政务信息》第52期' },
      { adopt: 'province', at: [6, 10] },
      { instruct: 'city', at: [4, 16] },
    ],
  },
  {
    key: 'r2',
    unitCode: '611023000',
    title: '关于村级便民服务站网络带宽不足的建议',
    body: '商南县部分村级便民服务站仍使用10M带宽接入电子政务外网，视频办事和材料上传经常中断。建议由县电子政务中心统一扩容至100M，并纳入年度运维预算。',
    category: '建议',
    at: [8, 9],
    steps: [{ adopt: 'city', at: [5, 15], issue: '《政务信息》第53期' }],
  },
];

/** The quarter the sample activity falls in: the last whole quarter before `now` (CST). */
export const sampleInformationQuarter = (now: Date): AssessmentPeriod =>
  previousPeriod(periodOf('quarter', now));

const HOUR_MS = 3_600_000;
const momentIn = (quarter: AssessmentPeriod, [day, hour]: Moment): Date =>
  new Date(Date.parse(quarter.startsAt) + (day * 24 + hour) * HOUR_MS);
/** `days` days before `now`, at `hour` o'clock CST of that day. */
const daysBefore = (now: Date, [days, hour]: Moment): Date => {
  const cstMidnight = Math.floor((now.getTime() + 8 * HOUR_MS) / (24 * HOUR_MS)) * 24 * HOUR_MS - 8 * HOUR_MS;
  return new Date(cstMidnight - days * 24 * HOUR_MS + hour * HOUR_MS);
};

const sampleId = (quarter: AssessmentPeriod, kind: 'info' | 'commission', key: string) =>
  `sample-${kind}-${quarter.key}-${key}`;

/**
 * The sample city's information reporting: the yearly quotas (seed 004's table, `sampleInformationQuotas`)
 * and scoring method of the sample quarter's year and of the current year, and a quarter of items
 * of five units (three county governments, 统计局, 财政局) reached as the routes reach them: adopted
 * at one to three levels (one combined), one with a city leader's 批示, two declined, one still in
 * the office's inbox; three commissions (约稿), one answered late, one missed, one in time; and two
 * items of 商南县 in the last days (currentQuarterItems: adopted by the province, a 批示), so the
 * current quarter has them too. Idempotent: what exists is left as it is.
 */
export async function seedInformation(
  store: InformationStore,
  { now }: { now: Date },
): Promise<{ created: number; skipped: number }> {
  let created = 0;
  let skipped = 0;
  const quarter = sampleInformationQuarter(now);
  const years = [...new Set([quarter.year, periodOf('year', now).year])];
  // Version 1 of each year's settings, as the office's editor would enter them; a later version stays.
  const firstVersion = { version: 1, savedBy: EDITOR, savedAt: now.toISOString() };
  const savedFirst = async (save: () => Promise<unknown>) => {
    try {
      await save();
      created += 1;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      skipped += 1;
    }
  };
  for (const year of years) {
    await savedFirst(() => store.saveQuotaTable(sampleInformationQuotas(year), firstVersion));
    await savedFirst(() => store.saveScoringMethod(sampleScoringMethod(year), firstVersion));
  }

  const commissions = new Map<string, StoredCommission>();
  for (const sample of sampleCommissions) {
    const id = sampleId(quarter, 'commission', sample.key);
    const existing = await store.getCommission(id);
    if (existing) {
      commissions.set(sample.key, existing);
      skipped += 1;
      continue;
    }
    const commission: StoredCommission = {
      id,
      unitCode: sample.unitCode,
      topic: sample.topic,
      requestedAt: momentIn(quarter, sample.requestedAt).toISOString(),
      requestedBy: EDITOR,
      dueAt: momentIn(quarter, sample.dueAt).toISOString(),
      version: 1,
    };
    await store.createCommission(commission);
    commissions.set(sample.key, commission);
    created += 1;
  }

  const current = periodOf('quarter', now);
  const placed = [
    ...sampleItems.map((sample) => ({ sample, quarter, when: (m: Moment) => momentIn(quarter, m) })),
    ...currentQuarterItems.map((sample) => ({
      sample,
      quarter: current,
      when: (m: Moment) => daysBefore(now, m),
    })),
  ];
  for (const { sample, quarter, when } of placed) {
    const id = sampleId(quarter, 'info', sample.key);
    if (await store.getItem(id)) {
      skipped += 1;
      continue;
    }
    const answered = sample.answers ? commissions.get(sample.answers) : undefined;
    const author = OFFICERS[sample.unitCode] ?? 'seed';
    const item = submitInformationItem({
      id,
      unitCode: sample.unitCode,
      authorId: author,
      input: submitInformationItemSchema.parse({
        title: sample.title,
        body: sample.body,
        category: sample.category,
        ...(answered ? { commissionId: answered.id } : {}),
      }),
      now: when(sample.at),
    });
    await store.submit(item, author, answered);
    for (const step of sample.steps) {
      const at = when(step.at);
      await store.updateItem(id, (before) => {
        if ('adopt' in step) {
          const input = adoptInformationItemSchema.parse({
            level: step.adopt,
            combined: step.combined ?? false,
            ...(step.issue ? { issue: step.issue } : {}),
          });
          return {
            item: adoptInformationItem({ item: before, input, editorId: EDITOR, now: at }),
            line: {
              action: 'adopted',
              at: at.toISOString(),
              by: EDITOR,
              level: input.level,
              combined: input.combined,
            },
          };
        }
        if ('decline' in step) {
          return {
            item: declineInformationItem({ item: before, reason: step.decline, editorId: EDITOR, now: at }),
            line: { action: 'declined', at: at.toISOString(), by: EDITOR },
          };
        }
        return {
          item: recordLeaderInstruction({
            item: before,
            leaderLevel: step.instruct,
            recordedBy: EDITOR,
            now: at,
          }),
          line: { action: 'instructed', at: at.toISOString(), by: EDITOR, leaderLevel: step.instruct },
        };
      });
    }
    created += 1;
  }
  return { created, skipped };
}
