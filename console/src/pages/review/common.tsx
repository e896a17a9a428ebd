import type { components, paths } from '@govshare/client';
import { Tag } from 'antd';
import { yuan } from '../../format.ts';
import { review } from '../../strings/review.ts';
import { zh } from '../../strings.ts';

const t = review;

export type Office = 'egov' | 'finance' | 'leading-group';
export const OFFICES: readonly Office[] = ['egov', 'finance', 'leading-group'];
/** The role that decides for each office (the domain's OFFICE_ROLES). */
export const OFFICE_ROLE: Record<Office, string> = {
  egov: 'egov-reviewer',
  finance: 'finance-reviewer',
  'leading-group': 'leading-group-reviewer',
};
export const officesOf = (roles: readonly string[]) => OFFICES.filter((o) => roles.includes(OFFICE_ROLE[o]));
export const officeName = (office: string) => zh.todo.office[office] ?? office;

export type ProjectView =
  paths['/v1/review/projects/{id}']['get']['responses'][200]['content']['application/json'];
export type ProjectContent = ProjectView['content'];
export type BudgetLine = ProjectContent['budgetLines'][number];
export type ProjectInput = NonNullable<
  paths['/v1/review/projects']['post']['requestBody']
>['content']['application/json'];
export type OfficeDecision = components['schemas']['ReviewOfficeDecision'];

/** A decision as the decisions route reads it (the domain's decisionInputSchema, with the office). */
export type DecisionInput = { office?: Office } & (
  | { outcome: 'approve'; opinion?: string }
  | {
      outcome: 'approve-with-cuts';
      cuts: { line: number; approvedAmount: number; reason: string }[];
      opinion?: string;
    }
  | { outcome: 'return'; comments: { item: string; comment: string }[] }
  | { outcome: 'reject'; reason: string }
);

/** The API counts fen; people type yuan. */
export const fenOf = (yuanAmount: number | null | undefined) =>
  typeof yuanAmount === 'number' ? Math.round(yuanAmount * 100) : 0;
export const yuanOf = (fen: number | undefined) => (fen === undefined ? undefined : fen / 100);

const wanFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** 万元, as budgets are spoken of: 115800000 fen → 115.80万元. */
export const wanYuan = (fen: number) => `${wanFormat.format(fen / 1_000_000)}万元`;
/** ¥1,158,000.00（115.80万元）: the exact figure and the one a budget table speaks in. */
export const amount = (fen: number) => `${yuan(fen)}（${wanYuan(fen)}）`;
/** A change of money, signed: +¥1.00, −¥2.00. */
export const signedYuan = (fen: number) => (fen > 0 ? `+${yuan(fen)}` : fen < 0 ? `−${yuan(-fen)}` : yuan(0));

/** What InputNumber shows of yuan: thousands separated, the decimal point kept. */
export const yuanInput = {
  formatter: (value: string | number | undefined) => {
    const [whole = '', fraction] = String(value ?? '').split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return fraction === undefined ? grouped : `${grouped}.${fraction}`;
  },
  parser: (text: string | undefined) => Number((text ?? '').replace(/[,\s¥元]/g, '')) as unknown as number,
  precision: 2,
  min: 0,
  style: { width: '100%' },
} as const;

// Dark enough for white text at WCAG AA (antd's light tag palettes fall under 4.5:1 on small text).
const GREY = '#595959';
const BLUE = '#0958d9';
const ORANGE = '#ad4e00';
const GREEN = '#237804';
const RED = '#a8071a';
const STATE_COLOURS: Record<string, string> = {
  draft: GREY,
  submitted: BLUE,
  'in-review': BLUE,
  returned: ORANGE,
  approved: GREEN,
  rejected: RED,
  withdrawn: GREY,
};
export const StateTag = ({ state }: { state: string }) => (
  <Tag variant="solid" color={STATE_COLOURS[state] ?? GREY}>
    {t.state[state] ?? state}
  </Tag>
);

const OUTCOME_COLOURS: Record<string, string> = { pass: GREEN, warn: ORANGE, fail: RED };
export const OutcomeTag = ({ outcome }: { outcome: string | undefined }) =>
  outcome ? (
    <Tag variant="solid" color={OUTCOME_COLOURS[outcome] ?? GREY}>
      {t.outcome[outcome] ?? outcome}
    </Tag>
  ) : (
    <>—</>
  );
