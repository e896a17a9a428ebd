import type { components, GovshareClient } from '@govshare/client';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { answerOf } from './api.ts';
import { useSession } from './session.tsx';

/** A unit's name by its code (GET /v1/units/{code}), cached for the session; the code while loading. */
export function useUnitName(code: string | undefined): string | undefined {
  const { client } = useSession();
  const unit = useQuery({
    queryKey: ['unit', code],
    enabled: code !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () => answerOf(client.GET('/v1/units/{code}', { params: { path: { code: code ?? '' } } })),
  });
  return unit.data?.name ?? code;
}

export function UnitName({ code }: { code: string }) {
  return <>{useUnitName(code)}</>;
}

export type Unit = components['schemas']['Unit'];

/** Every child of a unit, dissolved ones too (the API pages them: a county's are a few pages at most). */
export async function childUnitsOf(client: GovshareClient, parent: string): Promise<Unit[]> {
  const units: Unit[] = [];
  let cursor: string | undefined;
  do {
    const page = await answerOf(
      client.GET('/v1/units', { params: { query: { parent, limit: 100, ...(cursor ? { cursor } : {}) } } }),
    );
    units.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return units;
}

/** The top of the unit tree this deployment serves, found from a unit up through its parents (a unit knows only its parent). */
export async function topUnitFrom(client: GovshareClient, code: string): Promise<Unit> {
  let unit = await answerOf(client.GET('/v1/units/{code}', { params: { path: { code } } }));
  while (unit.parentCode) {
    unit = await answerOf(client.GET('/v1/units/{code}', { params: { path: { code: unit.parentCode } } }));
  }
  return unit;
}

/**
 * The people of my unit (GET /v1/units/{code}/people, every page) who have one of `roles` (all of
 * them without), as a picker's options: handlers to assign, readers to circulate to, reviewers.
 */
export function useColleagues(unit: string, roles?: readonly string[]) {
  const { client } = useSession();
  const people = useQuery({
    queryKey: ['colleagues', unit],
    staleTime: 60_000,
    queryFn: async () => {
      const items: { id: string; name: string; roles: readonly string[] }[] = [];
      let cursor: string | undefined;
      do {
        const page = await answerOf(
          client.GET('/v1/units/{code}/people', {
            params: { path: { code: unit }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          }),
        );
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    },
  });
  return useMemo(
    () =>
      (people.data ?? [])
        .filter((person) => !roles || person.roles.some((role) => roles.includes(role)))
        .map((person) => ({ value: person.id, label: `${person.name}（${person.id}）` })),
    [people.data, roles],
  );
}
