import { useQuery } from '@tanstack/react-query';
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
