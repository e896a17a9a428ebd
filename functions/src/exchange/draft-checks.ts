import type { DraftContent, Recipient, ReviewStepsInput } from '@govshare/domain/exchange';
import type { Unit } from '@govshare/domain/identity';
import { type FieldIssue, type Role, UnprocessableError } from '@govshare/domain/kernel';
import type { UnitDirectory } from '../identity/index.ts';
import type { AttachmentStore } from './attachment-store.ts';
import type { RecipientListStore } from './recipient-lists.ts';

/**
 * What a draft must satisfy against the directory and the stores, beyond its shape (the domain's
 * draftInputSchema) and its classification (checked first, by the domain): every unit it names
 * exists and is not dissolved, every group names a county or unit that exists, a saved list is one
 * of the drafter's unit, every attachment is a completed upload of that unit with that SHA-256 and
 * size. Each failure is a 422 naming the field, e.g. `body.mainRecipients.3`.
 */
export interface DraftCheckDeps {
  directory: UnitDirectory;
  recipientLists: RecipientListStore;
  attachments: AttachmentStore;
}

/**
 * The unit that stands for a county in the directory: its people's government, `<region>000`
 * (the directory's code scheme, functions/src/identity/sample-directory.ts). "All townships of
 * county X" are that government's children of level township; the dispatch consumer expands them.
 */
export const countyGovernmentCode = (county: string) => `${county}000`;

const usable = (unit: Unit | undefined): string | undefined => {
  if (!unit) return 'is no unit of the directory';
  if (unit.dissolved) return 'is a dissolved unit (撤销), which receives nothing';
  return undefined;
};

async function recipientProblem(
  recipient: Recipient,
  drafterUnit: string,
  deps: DraftCheckDeps,
): Promise<string | undefined> {
  if (typeof recipient === 'string') return usable(await deps.directory.unit(recipient));
  if ('list' in recipient) {
    const list = await deps.recipientLists.get(drafterUnit, recipient.list);
    return list ? undefined : "is not one of your unit's saved recipient lists";
  }
  if (recipient.group === 'townships-of') {
    const county = await deps.directory.unit(countyGovernmentCode(recipient.county));
    if (county?.level !== 'county' || county.kind !== 'government') return 'names no county of the directory';
    return county.dissolved ? 'names a dissolved county' : undefined;
  }
  return usable(await deps.directory.unit(recipient.unit));
}

export async function checkDraft(content: DraftContent, drafterUnit: string, deps: DraftCheckDeps) {
  const issues: FieldIssue[] = [];
  await Promise.all([
    ...content.issuingUnits.map(async (code, index) => {
      const problem = usable(await deps.directory.unit(code));
      if (problem) issues.push({ path: `body.issuingUnits.${index}`, message: problem });
    }),
    ...(['mainRecipients', 'copyRecipients'] as const).flatMap((field) =>
      content[field].map(async (recipient, index) => {
        const problem = await recipientProblem(recipient, drafterUnit, deps);
        if (problem) issues.push({ path: `body.${field}.${index}`, message: problem });
      }),
    ),
  ]);
  const recipients = [...content.mainRecipients, ...content.copyRecipients];
  if (
    recipients.length > 0 &&
    recipients.every((recipient) => typeof recipient === 'string' && content.issuingUnits.includes(recipient))
  ) {
    issues.push({ path: 'body.mainRecipients', message: 'names only the issuing units themselves' });
  }
  if (content.attachments.length > 0) {
    const found = await deps.attachments.contents(
      drafterUnit,
      content.attachments.map((attachment) => attachment.sha256),
    );
    content.attachments.forEach((attachment, index) => {
      const upload = found.get(attachment.sha256);
      if (!upload || upload.size !== attachment.size) {
        issues.push({
          path: `body.attachments.${index}`,
          message: `was not uploaded by your unit with this SHA-256 and size (${attachment.name})`,
        });
      }
    });
  }
  if (issues.length > 0) {
    throw new UnprocessableError(
      issues.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true })),
      'The draft names units, lists or attachments that cannot be used',
    );
  }
}

/** Who may review: the roles the review routes admit (blueprint.ts). */
const REVIEWER_ROLES: readonly Role[] = ['reviewer', 'signer', 'leader'];

/**
 * Every reviewer named at submission exists, is enabled, and holds a role that may review (else
 * the document would wait for ever). That the drafter is none of them is the domain's rule.
 */
export async function checkReviewers(steps: ReviewStepsInput, directory: UnitDirectory) {
  const named = steps.flatMap((step, index) =>
    typeof step === 'string'
      ? [{ id: step, path: `body.steps.${index}` }]
      : step.countersign.map((id, j) => ({ id, path: `body.steps.${index}.countersign.${j}` })),
  );
  const issues: FieldIssue[] = [];
  await Promise.all(
    named.map(async ({ id, path }) => {
      const principal = await directory.principal(id);
      if (principal?.kind !== 'person') issues.push({ path, message: 'is no user of the directory' });
      else if (principal.disabled) issues.push({ path, message: 'is a disabled user' });
      else if (!principal.roles.some((role) => REVIEWER_ROLES.includes(role))) {
        issues.push({ path, message: `holds none of the roles that review (${REVIEWER_ROLES.join(', ')})` });
      }
    }),
  );
  if (issues.length > 0) {
    throw new UnprocessableError(
      issues.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true })),
      'The review steps name users who cannot review',
    );
  }
}
