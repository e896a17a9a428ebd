import {
  ADOPTION_LEVELS,
  type Adoption,
  INFORMATION_CATEGORIES,
  INFORMATION_STATES,
  type InformationItem,
  type InformationPointEntry,
  LEADER_LEVELS,
  type LeaderInstruction,
} from '@govshare/domain/assessment';
import * as z from 'zod';
import { pageOf } from '../../platform/http.ts';
import { fieldsOf } from '../../platform/schemas.ts';
import type { InboxEntry, InformationHistoryLine, StoredCommission } from './information-store.ts';

/**
 * Response schemas of the information routes (what each handler answers; the tests check every
 * reply). The enums are the domain's lists.
 */

const level = z.enum(ADOPTION_LEVELS);
const leaderLevel = z.enum(LEADER_LEVELS);
const category = z.enum(INFORMATION_CATEGORIES);
const state = z.enum(INFORMATION_STATES);

const adoptionSchema = z.object({
  level,
  combined: z.boolean(),
  issue: z.string().optional(),
  adoptedAt: z.string(),
  adoptedBy: z.string(),
}) satisfies z.ZodType<Adoption>;

const instructionSchema = z.object({
  leaderLevel,
  instructedAt: z.string(),
  recordedBy: z.string(),
}) satisfies z.ZodType<LeaderInstruction>;

/** An item in a list: everything but its body. */
export const informationItemSummarySchema = z
  .object({
    id: z.string(),
    unitCode: z.string(),
    authorId: z.string(),
    title: z.string(),
    category,
    submittedAt: z.string(),
    year: z.number(),
    commissionId: z.string().optional(),
    state,
    adoptions: z.array(adoptionSchema),
    instructions: z.array(instructionSchema),
    declinedAt: z.string().optional(),
    declinedBy: z.string().optional(),
    declineReason: z.string().optional(),
    version: z.number(),
  })
  .meta({ id: 'InformationItemSummary' });

export const informationItemSchema = informationItemSummarySchema
  .extend({ body: z.string() })
  .meta({ id: 'InformationItem' }) satisfies z.ZodType<InformationItem>;

const historyLineSchema = z.object({
  itemId: z.string(),
  version: z.number(),
  action: z.enum(['submitted', 'adopted', 'declined', 'instructed']),
  at: z.string(),
  by: z.string(),
  level: level.optional(),
  combined: z.boolean().optional(),
  leaderLevel: leaderLevel.optional(),
  commissionId: z.string().optional(),
}) satisfies z.ZodType<InformationHistoryLine>;

export const informationItemWithHistorySchema = informationItemSchema.extend({
  history: z.array(historyLineSchema),
});

export const informationItemPageSchema = pageOf(informationItemSummarySchema);

export const inboxPageSchema = pageOf(
  z.object({
    itemId: z.string(),
    unitCode: z.string(),
    title: z.string(),
    category,
    submittedAt: z.string(),
    commissionId: z.string().optional(),
  }) satisfies z.ZodType<InboxEntry>,
);

export const pointEntrySchema = z
  .object({
    recordKind: z.enum(['information-item', 'commission']),
    recordId: z.string(),
    unitCode: z.string(),
    at: z.string(),
    points: z.number(),
    reason: z.string(),
    level: level.optional(),
    leaderLevel: leaderLevel.optional(),
    combined: z.boolean().optional(),
  })
  .meta({ id: 'InformationPointEntry' }) satisfies z.ZodType<InformationPointEntry>;

export const itemPointsSchema = z.object({
  itemId: z.string(),
  year: z.number(),
  points: z.number(),
  entries: z.array(pointEntrySchema),
});

export const commissionSchema = z
  .object({
    id: z.string(),
    unitCode: z.string(),
    topic: z.string(),
    requestedAt: z.string(),
    requestedBy: z.string(),
    dueAt: z.string(),
    year: z.number(),
    itemId: z.string().optional(),
    answeredAt: z.string().optional(),
    version: z.number(),
  })
  .meta({ id: 'InformationCommission' }) satisfies z.ZodType<StoredCommission>;

export const commissionPageSchema = pageOf(commissionSchema);

export const progressSchema = z
  .object({
    unitCode: z.string(),
    year: z.number(),
    quota: z.number().optional(),
    points: z.number(),
    share: z.number().optional(),
    remaining: z.number().optional(),
    adopted: z.object(fieldsOf(ADOPTION_LEVELS, z.number())),
    instructions: z.number(),
    commissionPoints: z.number(),
  })
  // The domain's progress, with an absent quota (and so share and remaining) left out rather than null.
  .meta({ id: 'InformationProgress' });

export const unitProgressSchema = progressSchema.extend({ entries: z.array(pointEntrySchema) });

export const progressPageSchema = pageOf(progressSchema).extend({ year: z.number(), asOf: z.string() });

const savedBy = { version: z.number().int(), savedBy: z.string(), savedAt: z.string() };

/** A year's quota table in force, with its version. */
export const quotaTableSchema = z
  .object({
    year: z.number().int(),
    quotas: z.array(z.object({ unitCode: z.string(), points: z.number(), basis: z.string().optional() })),
    ...savedBy,
  })
  .meta({ id: 'informationQuotaTable' });

/** A year's scoring method in force, with its version. */
export const scoringMethodSchema = z
  .object({
    year: z.number().int(),
    pointsPerLevel: z.object({ city: z.number(), province: z.number(), 'state-council': z.number() }),
    combinedShare: z.number(),
    instructionBonus: z.object({ city: z.number(), province: z.number(), national: z.number() }),
    commission: z.object({ latePoints: z.number(), missingPoints: z.number() }),
    ...savedBy,
  })
  .meta({ id: 'informationScoringMethod' });
