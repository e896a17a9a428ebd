import * as z from 'zod';

/** Text a person must fill in: trimmed, not empty, at most `max` characters; the messages name the limit. */
export const requiredText = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/**
 * A superRefine for a list whose items must differ by `key`: each repeat is an issue at its own
 * index ("repeats an attachment name"), so the form can point at the second one.
 */
export function noRepeats<T>(key: (item: T) => string, what: string) {
  return (items: readonly T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [index], message: `repeats ${what}` });
      seen.add(k);
    });
  };
}
