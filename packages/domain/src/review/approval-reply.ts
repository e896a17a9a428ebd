import {
  assertNotClassified,
  ClassifiedDocumentError,
  type DraftInput,
  markedLevel,
  TITLE_MAX_CHARS,
} from '@govshare/domain/exchange';
import { InvalidTransitionError, UnprocessableError } from '@govshare/domain/kernel';
import {
  type ApprovedBudget,
  type Office,
  type OfficeDecision,
  type ReviewProject,
  reviewersOf,
} from './decisions.ts';
import { type BudgetCategory, formatYuan, type ProjectContent } from './project.ts';

/**
 * The approval reply (批复) of an approved project, as the exchange will draft it: from the
 * e-government office (the unit of the egov decision's reviewer, who drafts it) to the submitting
 * unit, 抄送 the finance bureau (the unit of the finance decision's reviewer) and, for a project of a
 * tier the leading group decides, the leading group's office (信息化领导小组办公室), whose approval
 * the reply states (经…审定) and whose opinion it lists among the conditions. Its body follows the
 * pattern of a 批复: the request acknowledged, the decision, the budget approved line by line, each
 * cut with its reason, the conditions of approval, 此复.
 *
 * A project name or text that reads as a classification marking (机密★…) would make the exchange
 * refuse the draft: that is refused here, before anything is sent, naming the field, so that the
 * approval is not recorded with a reply that will never appear.
 */

export interface ApprovalReplyParties {
  /** Full names (全称) by unit code, for the salutation and the text; a code is shown where a name is missing. */
  unitNames?: Readonly<Record<string, string>>;
}

export interface ApprovalReply {
  /** The egov decision's reviewer: the document's 拟稿人. */
  drafter: string;
  content: DraftInput;
}

const CATEGORY_NAMES: Record<BudgetCategory, string> = {
  hardware: '硬件',
  software: '软件',
  services: '服务',
  cloud: '云资源',
  operations: '运维',
};

/** How the reply names each office's review, in the conditions (…意见). */
const REVIEW_NAMES: Record<Office, string> = {
  egov: '技术审核',
  finance: '资金审核',
  'leading-group': '领导小组审定',
};

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 一 … 九十九: the section and item numbers of an official text. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n <= 10) return NUMERALS[n - 1] as string;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : NUMERALS[tens - 1]}十${ones === 0 ? '' : NUMERALS[ones - 1]}`;
}

const projectTitle = (name: string) => (/(项目|工程)$/.test(name) ? name : `${name}项目`);

/** 关于<项目名称>的批复, shortened with … to the exchange's title limit. */
export function approvalReplyTitle(name: string): string {
  const room = TITLE_MAX_CHARS - '关于的批复'.length;
  const full = projectTitle(name);
  const chars = Array.from(full);
  const fitted = chars.length <= room ? full : `${chars.slice(0, room - 1).join('')}…`;
  return `关于${fitted}的批复`;
}

/** The conditions of approval (批复要求), from what the project is: where it runs, its data, its security. */
export function approvalConditions(content: ProjectContent, decisions: readonly OfficeDecision[]): string[] {
  const conditions: string[] = [];
  if (content.deployment.mode === 'government-cloud') {
    conditions.push('项目须部署在全市统一的政务云平台，不得另行购置服务器、存储等基础设施，不得自建机房。');
  } else {
    const parts = content.deployment.parts.map((part) => part.name).join('、');
    conditions.push(
      `项目自建部分（${parts}）仅限申报材料所述理由范围，其余部分须部署在全市统一的政务云平台，条件具备时迁移上云。`,
    );
  }
  conditions.push(
    `项目须接入${content.network}，按网络安全等级保护第${chineseNumeral(content.securityLevel)}级要求落实安全保护措施，上线前完成等级保护测评。`,
  );
  if (content.securityLevel >= 3) {
    conditions.push('项目须同步规划、同步建设、同步运行商用密码应用，上线前完成密码应用安全性评估。');
  }
  if (content.produces.length > 0) {
    conditions.push(
      `项目产生的政务数据资源（${content.produces.join('、')}）须在政务数据资源目录中登记发布，并按规定的更新周期维护，依规共享。`,
    );
  }
  if (content.consumes.length > 0) {
    conditions.push(
      `项目所需数据（${content.consumes.join('、')}）通过政务数据共享平台申请使用，不得重复采集。`,
    );
  } else {
    conditions.push('项目所需的人口、法人等基础数据通过政务数据共享平台申请使用，不得重复采集。');
  }
  conditions.push('项目须严格按核定预算执行；建设内容、规模或预算确需调整的，须按程序重新报批。');
  conditions.push('项目建成后纳入全市信息系统目录管理，验收后三个月内报送运行情况。');
  for (const decision of decisions) {
    if (decision.opinion) {
      conditions.push(`${REVIEW_NAMES[decision.office]}意见：${sentence(decision.opinion)}`);
    }
  }
  return conditions;
}

/** Which field of the submission put the marking in the reply: the name, else a budget line or a decision's text. */
function classifiedFieldOf(content: ProjectContent): string {
  if (markedLevel(content.name)) return 'name';
  const line = content.budgetLines.findIndex((l) => markedLevel(l.item));
  return line >= 0 ? `budgetLines.${line}.item` : 'name';
}

/** 2027年1月1日 from 2027-01-01. */
export const chineseDate = (day: string) => {
  const [year, month, date] = day.split('-').map(Number);
  return `${year}年${month}月${date}日`;
};

/** A sentence a reviewer typed, closed with a full stop if it has none. */
const sentence = (text: string) => (/[。！？；.!?;]$/.test(text.trim()) ? text.trim() : `${text.trim()}。`);

const unitName = (parties: ApprovalReplyParties, code: string) => parties.unitNames?.[code] ?? code;

function budgetSection(budget: ApprovedBudget, content: ProjectContent): string[] {
  return budget.lines.map((line, index) => {
    const source = content.budgetLines[line.line];
    const quantity = source ? `，${source.quantity}${source.unit ?? ''}` : '';
    const figures =
      line.approved === line.requested
        ? `申报${formatYuan(line.requested)}，核定${formatYuan(line.approved)}`
        : `申报${formatYuan(line.requested)}，核定${formatYuan(line.approved)}（核减${formatYuan(line.requested - line.approved)}）`;
    return `（${chineseNumeral(index + 1)}）${line.item}（${CATEGORY_NAMES[line.category]}${quantity}）：${figures}。`;
  });
}

function cutSection(
  budget: ApprovedBudget,
  parties: ApprovalReplyParties,
  decisions: readonly OfficeDecision[],
) {
  const officeUnit = new Map(decisions.map((decision) => [decision.office, decision.reviewerUnit]));
  const lines: string[] = [];
  for (const line of budget.lines) {
    for (const cut of line.cuts) {
      const office = officeUnit.get(cut.office);
      lines.push(
        `（${chineseNumeral(lines.length + 1)}）${line.item}：申报${formatYuan(line.requested)}，${office ? unitName(parties, office) : cut.office}核定${formatYuan(cut.approved)}，核减${formatYuan(line.requested - cut.approved)}。理由：${sentence(cut.reason)}`,
      );
    }
  }
  return lines;
}

/**
 * The reply of an approved project: its drafter and the draft the exchange takes. Throws
 * InvalidTransitionError unless the project is approved with the decisions of every office of its
 * tier (the e-government office's among them: it issues the reply), and
 * UnprocessableError (field `name` or `description`) if its text would make the draft classified.
 */
export function approvalReplyContent(
  project: ReviewProject,
  parties: ApprovalReplyParties = {},
): ApprovalReply {
  const budget = project.approvedBudget;
  if (project.state !== 'approved' || !budget) {
    throw new InvalidTransitionError(
      `Project ${project.id} is ${project.state}: only an approved project has a reply`,
    );
  }
  const reviewers = reviewersOf(project);
  const current = project.decisions.filter(
    (d) => d.projectVersion === project.projectVersion && reviewers.includes(d.office),
  );
  const egov = current.find((d) => d.office === 'egov');
  const finance = current.find((d) => d.office === 'finance');
  const leadingGroup = current.find((d) => d.office === 'leading-group');
  const missing = reviewers.filter((office) => !current.some((d) => d.office === office));
  if (!egov || missing.length > 0) {
    throw new InvalidTransitionError(
      `Project ${project.id} lacks a decision of the ${[...new Set(['egov', ...missing])].join(', ')} office on version ${project.projectVersion}`,
    );
  }
  const { content } = project;
  const issuer = egov.reviewerUnit;
  const name = projectTitle(content.name);
  const cuts = cutSection(budget, parties, current);
  const reviews = [
    `经${unitName(parties, issuer)}技术审核`,
    ...(finance ? [`${unitName(parties, finance.reviewerUnit)}资金审核`] : []),
  ].join('、');
  const decided = leadingGroup
    ? `${reviews}，报${unitName(parties, leadingGroup.reviewerUnit)}（信息化领导小组办公室）审定同意`
    : reviews;
  const sections: string[] = [
    `${unitName(parties, project.unit)}：`,
    `你单位报送的《${name}》申报材料（项目编号${project.id}，第${project.projectVersion}版）收悉。${decided}，现批复如下：`,
    `一、同意实施${name}。项目列入电子政务规划项目${content.planItem}，建设周期自${chineseDate(content.schedule.start)}至${chineseDate(content.schedule.end)}。`,
    `二、项目申报预算${formatYuan(budget.requested)}，核定预算${formatYuan(budget.approved)}${budget.cut > 0 ? `，核减${formatYuan(budget.cut)}` : ''}。各项预算核定如下：`,
    ...budgetSection(budget, content),
  ];
  let section = 3;
  if (cuts.length > 0) sections.push(`${chineseNumeral(section++)}、核减事项及理由：`, ...cuts);
  sections.push(
    `${chineseNumeral(section)}、项目实施要求：`,
    ...approvalConditions(content, current).map((text, index) => `（${chineseNumeral(index + 1)}）${text}`),
    '此复。',
  );
  const copy = [
    ...new Set(
      [finance, leadingGroup]
        .flatMap((decision) => (decision ? [decision.reviewerUnit] : []))
        .filter((unit) => unit !== issuer && unit !== project.unit),
    ),
  ];
  const draft: DraftInput = {
    type: '批复',
    title: approvalReplyTitle(content.name),
    issuingUnits: [issuer],
    mainRecipients: [project.unit],
    copyRecipients: copy,
    body: sections.join('\n'),
  };
  try {
    assertNotClassified({ title: draft.title, body: draft.body });
  } catch (error) {
    if (!(error instanceof ClassifiedDocumentError)) throw error;
    throw new UnprocessableError(
      [
        {
          path: classifiedFieldOf(content),
          message: `reads as a classification marking (${error.level}): the approval reply (批复) would be refused by the exchange; it must be sent on paper, or the name changed`,
        },
      ],
      `The approval reply of project ${project.id} cannot be exchanged online`,
    );
  }
  return { drafter: egov.reviewer, content: draft };
}
