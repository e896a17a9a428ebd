import { PRINCIPAL_KINDS, ROLES } from '@govshare/domain/kernel';
import * as z from 'zod';

/** Levels of the administrative hierarchy, highest first (省 / 市 / 县区 / 乡镇). */
export const UNIT_LEVELS = ['province', 'city', 'county', 'township'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** 政府 / 部门 / 直属机构. */
export const UNIT_KINDS = ['government', 'department', 'institution'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * A unit code: upper-case letters and digits. The sample data uses the GB/T 2260 region code
 * followed by a three-digit sequence (see functions/src/identity/sample-directory.ts), but a province
 * may bring its own scheme, so the domain only fixes the alphabet and length.
 */
export const unitCodeSchema = z
  .string()
  .regex(/^[0-9A-Z]{4,24}$/, 'must be 4 to 24 upper-case letters or digits');

/** A user or system id: lower-case, URL-safe, no personal data (never a citizen ID). */
export const principalIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{1,62}$/,
    'must be 2 to 63 lower-case letters, digits, dots, dashes or underscores',
  );

const nameSchema = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const unitSchema = z.strictObject({
  code: unitCodeSchema,
  name: nameSchema(100),
  /** 机关代字, used in document numbers (e.g. 商政办). */
  shortName: nameSchema(20),
  /** Absent only for the top of the tree this deployment serves. */
  parentCode: unitCodeSchema.optional(),
  level: z.enum(UNIT_LEVELS),
  kind: z.enum(UNIT_KINDS),
  /** 撤销: a unit merged or abolished keeps its record (old documents name it) but receives nothing. */
  dissolved: z.boolean().optional(),
});
export type Unit = z.infer<typeof unitSchema>;

export const principalSchema = z.strictObject({
  id: principalIdSchema,
  /** Display name; personal data, so never logged. */
  name: nameSchema(60),
  unitCode: unitCodeSchema,
  // Unknown roles are refused when stored (unlike in tokens, where they are ignored).
  roles: z
    .array(z.enum(ROLES))
    .max(ROLES.length)
    .refine((roles) => new Set(roles).size === roles.length, 'must not repeat a role'),
  kind: z.enum(PRINCIPAL_KINDS),
  /** A disabled user or system keeps its record (the audit trail names it) but is refused at once. */
  disabled: z.boolean().optional(),
  /**
   * The subject (`sub`) an external OIDC issuer (Cognito, a provincial identity platform) puts in
   * this principal's tokens, where it is not the principal's id. Unique across the directory.
   */
  externalSubject: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'is printable ASCII')
    .optional(),
});
export type Principal = z.infer<typeof principalSchema>;

/** What the platform administrator may change of a principal: its roles, and whether it is disabled. */
export const updatePrincipalSchema = z.strictObject({
  roles: principalSchema.shape.roles,
  disabled: z.boolean(),
});
export type UpdatePrincipalInput = z.infer<typeof updatePrincipalSchema>;

/** Creating a unit takes exactly a unit. */
export const createUnitSchema = unitSchema;
export type CreateUnitInput = z.infer<typeof createUnitSchema>;

export const createPrincipalSchema = principalSchema;
export type CreatePrincipalInput = z.infer<typeof createPrincipalSchema>;
