import type { DraftInput } from '@govshare/domain/exchange';
import type { AssessmentPeriod } from './periods.ts';
import type { BulletinGroup, RankingEntry } from './ranking.ts';

/**
 * The 通报 of a period's assessment, as the exchange will draft it: from the e-government office to
 * every assessed unit, naming per peer group the best and the slowest units with their scores
 * (bulletinHighlights) and the units that failed a veto (单项否决).
 */
const LEVEL_NAMES: Record<string, string> = {
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡镇级',
};
const KIND_NAMES: Record<string, string> = {
  government: '政府',
  department: '部门',
  institution: '直属机构',
};

export const peerGroupName = (group: string): string => {
  const [level, kind] = group.split('/');
  return `${LEVEL_NAMES[level ?? ''] ?? level}${KIND_NAMES[kind ?? ''] ?? kind}`;
};

const PERIOD_WORDS: Record<AssessmentPeriod['kind'], (p: AssessmentPeriod) => string> = {
  month: (p) => `${p.year}年${p.index}月`,
  quarter: (p) => `${p.year}年第${['一', '二', '三', '四'][p.index - 1]}季度`,
  'half-year': (p) => `${p.year}年${p.index === 1 ? '上' : '下'}半年`,
  year: (p) => `${p.year}年度`,
};
export const periodName = (period: AssessmentPeriod): string => PERIOD_WORDS[period.kind](period);

const scoreOf = (entry: RankingEntry) => (entry.total === null ? '—' : `${entry.total.toFixed(2)}分`);
const named = (entries: readonly RankingEntry[]) =>
  entries.map((e) => `${e.unitName}（${scoreOf(e)}，第${e.rank}名）`).join('、');

export const NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

export function bulletinContent(args: {
  period: AssessmentPeriod;
  schemeName: string;
  groups: readonly BulletinGroup[];
  issuingUnit: string;
  recipients: readonly string[];
  units: number;
}): DraftInput {
  const { period, groups } = args;
  const name = periodName(period);
  const sections = groups
    .filter((g) => g.best.length + g.slowest.length > 0)
    .map((g, index) => {
      const lines = [`${NUMBERS[index] ?? index + 1}、${peerGroupName(g.peerGroup)}`];
      if (g.best.length > 0) lines.push(`成绩较好的单位：${named(g.best)}。`);
      if (g.slowest.length > 0) lines.push(`办理效率较低、需要改进的单位：${named(g.slowest)}。`);
      if (g.vetoed.length > 0) lines.push(`触及单项否决的单位：${named(g.vetoed)}。`);
      return lines.join('\n');
    });
  const body = [
    '各有关单位：',
    `根据《${args.schemeName}》，电子政务平台依据公文交换、政务数据共享、目录维护、项目预审和政务信息报送的平台记录，对${args.units}个单位${name}的工作情况进行了考核，每一项扣分均可追溯至平台记录。现将考核结果通报如下：`,
    ...sections,
    '请成绩较好的单位继续保持；请办理效率较低的单位对照扣分明细认真查找原因，切实整改。各单位可在平台查看本单位考核表及扣分依据，对结果有异议的，请于通报印发之日起5个工作日内提出。',
  ].join('\n');
  return {
    type: '通报',
    title: `关于${name}电子政务绩效考核结果的通报`,
    issuingUnits: [args.issuingUnit],
    mainRecipients: [...args.recipients],
    copyRecipients: [],
    body,
    attachments: [],
  };
}
