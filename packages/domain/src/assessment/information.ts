import {
  ConflictError,
  cstDay,
  type FieldIssue,
  InvalidTransitionError,
  noRepeats,
  requiredText,
  ValidationError,
} from '@govshare/domain/kernel';
import * as z from 'zod';

/**
 * 政务信息报送与采用 (seed 004): units submit information items to the city government office, whose
 * editors adopt (采用) an item at one or more levels or decline it with a reason; leaders may comment
 * on an adopted item (批示). Each adoption, each 批示 and each late or missing commissioned item (约稿)
 * scores by the year's scoring method (计分办法), against the unit's yearly quota (采用任务).
 *
 *   submitted ──adopt(level)──▶ adopted ──adopt(higher level), 批示──▶ adopted
 *       └──────decline(reason)──▶ declined            (nothing leaves declined)
 *
 * An item counts to the CST year it was submitted in ("2026年政务信息"), even when adopted in the
 * first days of the next: the year's quota and scoring method are the ones it was written for.
 */
export const INFORMATION_CATEGORIES = ['动态', '问题', '建议'] as const;
export type InformationCategory = (typeof INFORMATION_CATEGORIES)[number];

/** Where an item is adopted: the city's 《政务信息》, reported to and adopted by the province, the State Council. */
export const ADOPTION_LEVELS = ['city', 'province', 'state-council'] as const;
export type AdoptionLevel = (typeof ADOPTION_LEVELS)[number];
export const ADOPTION_LEVEL_NAMES: Record<AdoptionLevel, string> = {
  city: '市《政务信息》采用',
  province: '报省采用',
  'state-council': '报国务院办公厅采用',
};

/** Whose leader commented (批示) on an adopted item. */
export const LEADER_LEVELS = ['city', 'province', 'national'] as const;
export type LeaderLevel = (typeof LEADER_LEVELS)[number];
export const LEADER_LEVEL_NAMES: Record<LeaderLevel, string> = {
  city: '市领导批示',
  province: '省领导批示',
  national: '国家领导批示',
};

export const INFORMATION_STATES = ['submitted', 'adopted', 'declined'] as const;
export type InformationState = (typeof INFORMATION_STATES)[number];

export interface Adoption {
  level: AdoptionLevel;
  /** 综合采用: merged with other units' items into one; scores a share of the level's points. */
  combined: boolean;
  /** 期号, e.g. 《政务信息》2026年第12期. */
  issue?: string;
  adoptedAt: string;
  /** An editor's user id. */
  adoptedBy: string;
}

export interface LeaderInstruction {
  leaderLevel: LeaderLevel;
  instructedAt: string;
  recordedBy: string;
}

export interface InformationItem {
  id: string;
  unitCode: string;
  /** A user id (never a name). */
  authorId: string;
  title: string;
  body: string;
  category: InformationCategory;
  submittedAt: string;
  /** The commission (约稿) this item answers, if any. */
  commissionId?: string;
  state: InformationState;
  adoptions: Adoption[];
  instructions: LeaderInstruction[];
  declinedAt?: string;
  declinedBy?: string;
  declineReason?: string;
  /** Optimistic lock: +1 on every change. */
  version: number;
}

export const submitInformationItemSchema = z.strictObject({
  title: requiredText(100),
  body: requiredText(20_000),
  category: z.enum(INFORMATION_CATEGORIES),
  commissionId: z.string().min(1).max(64).optional(),
});
export type SubmitInformationItemInput = z.infer<typeof submitInformationItemSchema>;

export const adoptInformationItemSchema = z.strictObject({
  level: z.enum(ADOPTION_LEVELS),
  combined: z.boolean().default(false),
  issue: requiredText(60).optional(),
});
export type AdoptInformationItemInput = z.input<typeof adoptInformationItemSchema>;

export const declineInformationItemSchema = z.strictObject({ reason: requiredText(500) });

export const leaderInstructionSchema = z.strictObject({ leaderLevel: z.enum(LEADER_LEVELS) });

/** The CST year an item counts to. */
export const informationYearOf = (item: Pick<InformationItem, 'submittedAt'>): number =>
  Number(cstDay(new Date(item.submittedAt)).slice(0, 4));

export function submitInformationItem(args: {
  id: string;
  unitCode: string;
  authorId: string;
  input: SubmitInformationItemInput;
  now: Date;
}): InformationItem {
  const { input } = args;
  return {
    id: args.id,
    unitCode: args.unitCode,
    authorId: args.authorId,
    title: input.title,
    body: input.body,
    category: input.category,
    submittedAt: args.now.toISOString(),
    ...(input.commissionId ? { commissionId: input.commissionId } : {}),
    state: 'submitted',
    adoptions: [],
    instructions: [],
    version: 1,
  };
}

/** Adopts at a level; the same level twice is a conflict, a declined item cannot be adopted. */
export function adoptInformationItem(args: {
  item: InformationItem;
  input: z.output<typeof adoptInformationItemSchema>;
  editorId: string;
  now: Date;
}): InformationItem {
  const { item, input } = args;
  if (item.state === 'declined')
    throw new InvalidTransitionError(`Information item ${item.id} was declined: it cannot be adopted`);
  if (item.adoptions.some((a) => a.level === input.level))
    throw new ConflictError(
      `Information item ${item.id} is adopted at ${ADOPTION_LEVEL_NAMES[input.level]} already: an item scores once per level`,
    );
  const adoption: Adoption = {
    level: input.level,
    combined: input.combined,
    ...(input.issue ? { issue: input.issue } : {}),
    adoptedAt: args.now.toISOString(),
    adoptedBy: args.editorId,
  };
  return { ...item, state: 'adopted', adoptions: [...item.adoptions, adoption], version: item.version + 1 };
}

/** Declines a submitted item with a reason; an adopted or declined one cannot be. */
export function declineInformationItem(args: {
  item: InformationItem;
  reason: string;
  editorId: string;
  now: Date;
}): InformationItem {
  const { item } = args;
  if (item.state !== 'submitted')
    throw new InvalidTransitionError(
      `Information item ${item.id} is ${item.state}: only a submitted item can be declined`,
    );
  return {
    ...item,
    state: 'declined',
    declinedAt: args.now.toISOString(),
    declinedBy: args.editorId,
    declineReason: args.reason,
    version: item.version + 1,
  };
}

/** Records a leader's 批示 on an adopted item, once per leader level. */
export function recordLeaderInstruction(args: {
  item: InformationItem;
  leaderLevel: LeaderLevel;
  recordedBy: string;
  now: Date;
}): InformationItem {
  const { item, leaderLevel } = args;
  if (item.state !== 'adopted')
    throw new InvalidTransitionError(
      `Information item ${item.id} is ${item.state}: a leader comments on adopted items`,
    );
  if (item.instructions.some((i) => i.leaderLevel === leaderLevel))
    throw new ConflictError(
      `Information item ${item.id} has a ${LEADER_LEVEL_NAMES[leaderLevel]} recorded already`,
    );
  const instruction: LeaderInstruction = {
    leaderLevel,
    instructedAt: args.now.toISOString(),
    recordedBy: args.recordedBy,
  };
  return { ...item, instructions: [...item.instructions, instruction], version: item.version + 1 };
}

/** 约稿: the office commissions an item on a topic from a unit, due by an instant. */
export interface Commission {
  id: string;
  unitCode: string;
  topic: string;
  requestedAt: string;
  dueAt: string;
  /** The item that answered it, and when it was submitted. */
  itemId?: string;
  answeredAt?: string;
}

const yearSchema = z.number().int().min(2000).max(2099);
const points = z.number().min(0).max(1000);

/**
 * 计分办法: the points of each adoption level, the share a combined (综合) adoption scores, the bonus
 * of each leader's 批示, and the points taken for a commissioned item answered late or not at all.
 */
export const informationScoringMethodSchema = z.strictObject({
  year: yearSchema,
  pointsPerLevel: z.strictObject({ city: points, province: points, 'state-council': points }),
  combinedShare: z.number().min(0).max(1),
  instructionBonus: z.strictObject({ city: points, province: points, national: points }),
  commission: z.strictObject({ latePoints: points, missingPoints: points }),
});
export type InformationScoringMethod = z.infer<typeof informationScoringMethodSchema>;

/** 采用任务分配表: each unit's yearly quota of points; a unit absent has no quota. */
export const informationQuotaTableSchema = z.strictObject({
  year: yearSchema,
  quotas: z
    .array(
      z.strictObject({
        unitCode: z.string().regex(/^[0-9A-Z]{4,24}$/, 'must be a unit code'),
        points: z.number().int().min(1).max(100_000),
        /** Where the figure comes from (the seed's row, a decision of the office). */
        basis: z.string().max(200).optional(),
      }),
    )
    .max(10_000)
    .superRefine(noRepeats((q) => q.unitCode, 'a unit')),
});
export type InformationQuotaTable = z.infer<typeof informationQuotaTableSchema>;

export const quotaOf = (table: InformationQuotaTable, unitCode: string): number | undefined =>
  table.quotas.find((q) => q.unitCode === unitCode)?.points;

/** One line of a unit's information account: points won or lost, and the record behind them. */
export interface InformationPointEntry {
  recordKind: 'information-item' | 'commission';
  recordId: string;
  unitCode: string;
  /** When the points were won or lost (adopted, commented on, the commission's deadline or late answer). */
  at: string;
  points: number;
  /** Short, in Chinese: "市《政务信息》采用 +2 分". */
  reason: string;
  level?: AdoptionLevel;
  leaderLevel?: LeaderLevel;
  combined?: boolean;
}

const signed = (n: number) => `${n >= 0 ? '+' : '−'}${Math.abs(Math.round(n * 100) / 100)} 分`;

function assertYear(method: InformationScoringMethod, year: number, what: string, field: string): void {
  if (year === method.year) return;
  const issue: FieldIssue = {
    path: field,
    message: `${what} counts to ${year}, not to ${method.year}: score it with the ${year} scoring method and quota`,
  };
  throw new ValidationError([issue], `${what} belongs to another year`);
}

/** The points of one item under the year's method (its adoptions and 批示); another year's item is refused. */
export function informationItemEntries(
  method: InformationScoringMethod,
  item: InformationItem,
): InformationPointEntry[] {
  assertYear(method, informationYearOf(item), `Information item ${item.id}`, 'itemId');
  const entries: InformationPointEntry[] = [];
  for (const adoption of item.adoptions) {
    const full = method.pointsPerLevel[adoption.level];
    const won = adoption.combined ? full * method.combinedShare : full;
    entries.push({
      recordKind: 'information-item',
      recordId: item.id,
      unitCode: item.unitCode,
      at: adoption.adoptedAt,
      points: won,
      reason: `${ADOPTION_LEVEL_NAMES[adoption.level]}${adoption.combined ? '（综合）' : ''} ${signed(won)}`,
      level: adoption.level,
      combined: adoption.combined,
    });
  }
  for (const instruction of item.instructions) {
    const won = method.instructionBonus[instruction.leaderLevel];
    entries.push({
      recordKind: 'information-item',
      recordId: item.id,
      unitCode: item.unitCode,
      at: instruction.instructedAt,
      points: won,
      reason: `${LEADER_LEVEL_NAMES[instruction.leaderLevel]} ${signed(won)}`,
      leaderLevel: instruction.leaderLevel,
    });
  }
  return entries;
}

/**
 * The points a commission takes, judged at `asOf`: answered after its deadline, or still
 * unanswered once it passed. A commission counts to the CST year of its deadline.
 */
export function commissionEntries(
  method: InformationScoringMethod,
  commission: Commission,
  asOf: Date,
): InformationPointEntry[] {
  const dueAt = Date.parse(commission.dueAt);
  assertYear(
    method,
    Number(cstDay(new Date(dueAt - 1)).slice(0, 4)),
    `Commission ${commission.id}`,
    'commissionId',
  );
  const base = { recordKind: 'commission' as const, recordId: commission.id, unitCode: commission.unitCode };
  if (commission.answeredAt) {
    if (Date.parse(commission.answeredAt) <= dueAt || Date.parse(commission.answeredAt) > asOf.getTime())
      return [];
    const lost = -method.commission.latePoints;
    return [{ ...base, at: commission.answeredAt, points: lost, reason: `约稿迟报 ${signed(lost)}` }];
  }
  if (dueAt > asOf.getTime()) return [];
  const lost = -method.commission.missingPoints;
  return [{ ...base, at: commission.dueAt, points: lost, reason: `约稿未报 ${signed(lost)}` }];
}

/** Every entry of a unit's year: its items' adoptions and 批示 and its commissions, in time order. */
export function informationEntries(args: {
  method: InformationScoringMethod;
  items: readonly InformationItem[];
  commissions: readonly Commission[];
  asOf: Date;
}): InformationPointEntry[] {
  const entries = [
    ...args.items.flatMap((item) => informationItemEntries(args.method, item)),
    ...args.commissions.flatMap((c) => commissionEntries(args.method, c, args.asOf)),
  ].filter((entry) => Date.parse(entry.at) <= args.asOf.getTime());
  return entries.sort((a, b) => a.at.localeCompare(b.at) || a.recordId.localeCompare(b.recordId));
}

export interface InformationProgress {
  unitCode: string;
  year: number;
  /** Undefined: the unit has no quota this year. */
  quota: number | undefined;
  points: number;
  /** points / quota, 0–1 and beyond; undefined without a quota. */
  share: number | undefined;
  /** Points still needed (0 once met). */
  remaining: number | undefined;
  adopted: Record<AdoptionLevel, number>;
  instructions: number;
  /** Points taken for late or missing commissioned items (≤ 0). */
  commissionPoints: number;
}

/** A unit's progress against its quota from its entries (as informationEntries gives them). */
export function informationProgress(args: {
  unitCode: string;
  year: number;
  quota: number | undefined;
  entries: readonly InformationPointEntry[];
}): InformationProgress {
  const own = args.entries.filter((e) => e.unitCode === args.unitCode);
  const total = round2(own.reduce((sum, e) => sum + e.points, 0));
  const adopted = Object.fromEntries(ADOPTION_LEVELS.map((l) => [l, 0])) as Record<AdoptionLevel, number>;
  for (const e of own) if (e.level) adopted[e.level]++;
  const { quota } = args;
  return {
    unitCode: args.unitCode,
    year: args.year,
    quota,
    points: total,
    share: quota ? total / quota : undefined,
    remaining: quota === undefined ? undefined : Math.max(0, round2(quota - total)),
    adopted,
    instructions: own.filter((e) => e.leaderLevel).length,
    commissionPoints: round2(
      own.filter((e) => e.recordKind === 'commission').reduce((s, e) => s + e.points, 0),
    ),
  };
}

export const round2 = (n: number): number => Math.round(n * 100) / 100;
