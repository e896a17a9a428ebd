import type { FormInstance } from 'antd';
import { useRef, useState } from 'react';
import { ProblemError } from './api.ts';
import { type FieldErrors, fieldErrorsOf, type Problem } from './problem.ts';

/** A field the form shows, '*' standing for any index of a list: ['budgetLines', '*', 'unitPrice']. */
export type FieldPattern = readonly (string | '*')[];

const matches = (name: readonly (string | number)[], pattern: FieldPattern) =>
  pattern.length <= name.length &&
  pattern.every((segment, index) =>
    segment === '*' ? typeof name[index] === 'number' : segment === name[index],
  );

/**
 * The problem's field errors placed on the fields the form shows: an error deeper than any of them
 * (`functions.2`, `deployment.parts.0.name`) goes beside the nearest one that holds it; one that no
 * shown field holds goes above the form.
 */
export function placeFieldErrors(problem: Problem | undefined, shown: readonly FieldPattern[]): FieldErrors {
  const tops = [...new Set(shown.map((pattern) => String(pattern[0])))];
  const { fields, general } = fieldErrorsOf(problem, tops);
  const placed = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const field of fields) {
    const nearest = shown
      .filter((pattern) => matches(field.name, pattern))
      .sort((a, b) => b.length - a.length)[0];
    if (!nearest) {
      general.push(...field.errors);
      continue;
    }
    const name = field.name.slice(0, nearest.length);
    const key = JSON.stringify(name);
    const entry = placed.get(key) ?? { name, errors: [] };
    entry.errors.push(...field.errors);
    placed.set(key, entry);
  }
  return { fields: [...placed.values()], general };
}

/**
 * The one way a console form shows the API's refusal: `show` puts the API's field errors beside the
 * fields `shown` (clearing those of the refusal before) and keeps the rest in `general`, for above
 * the form; `clear` after a success. `arrange` moves errors the form shows elsewhere (a list's item
 * beside the list's box).
 */
export function useRefusals(
  form: FormInstance,
  shown: readonly FieldPattern[],
  arrange?: (errors: FieldErrors) => FieldErrors,
) {
  const [general, setGeneral] = useState<string[]>([]);
  const placed = useRef<FieldErrors['fields']>([]);
  const put = (errors: FieldErrors) => {
    form.setFields([...placed.current.map(({ name }) => ({ name, errors: [] })), ...errors.fields]);
    placed.current = errors.fields;
    setGeneral(errors.general);
  };
  return {
    general,
    show: (error: Error) => {
      const placed = placeFieldErrors(error instanceof ProblemError ? error.problem : undefined, shown);
      const errors = arrange ? arrange(placed) : placed;
      // A refusal without a problem body (a network failure) still says something.
      put(
        errors.fields.length > 0 || errors.general.length > 0
          ? errors
          : { fields: [], general: [error.message] },
      );
    },
    clear: () => put({ fields: [], general: [] }),
  };
}
