import { createGovshareClient, type GovshareClient } from '@govshare/client';
import type { AuthProvider } from './auth/auth-provider.ts';
import type { Problem } from './problem.ts';

/** A refusal of the API, carrying its problem+json body. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ProblemError';
  }
}

/**
 * Every API call of the console goes through this one typed client, on the console's own origin
 * (the API and the console share it: no CORS, no token in a URL). A 401 drops the token.
 */
export function consoleClient(auth: AuthProvider, apiUrl: string = window.location.origin): GovshareClient {
  const client = createGovshareClient(apiUrl, () => auth.token());
  client.use({
    onResponse({ response }) {
      if (response.status === 401) auth.forget();
      return response;
    },
  });
  return client;
}

/** The answer's data, or a ProblemError with the problem+json the API sent. */
export async function answerOf<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  const { data, error, response } = await call;
  if (error !== undefined || data === undefined || data === null) {
    throw new ProblemError(response.status, (error ?? {}) as Problem);
  }
  return data as NonNullable<T>;
}
