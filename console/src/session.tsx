import type { GovshareClient } from '@govshare/client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useSyncExternalStore } from 'react';
import { answerOf } from './api.ts';
import type { DevelopmentAuth } from './auth/development-auth.ts';
import type { OidcAuth } from './auth/oidc-auth.ts';

/** The providers the runtime settings choose between; `kind` tells them apart. */
export type ConsoleAuth = DevelopmentAuth | OidcAuth;

interface SessionContext {
  auth: ConsoleAuth;
  client: GovshareClient;
}

const Context = createContext<SessionContext | undefined>(undefined);

export function SessionProvider({ auth, client, children }: SessionContext & { children: ReactNode }) {
  const queries = useQueryClient();
  const token = useSyncExternalStore(
    (listener) => auth.subscribe(listener),
    () => auth.token(),
  );
  // Whatever was read as one user is not shown to the next.
  useEffect(() => {
    if (!token) queries.clear();
  }, [token, queries]);
  return <Context.Provider value={{ auth, client }}>{children}</Context.Provider>;
}

/** Set by 退出登录 until the next sign-in: the redirect to sign-in then keeps no page to return to. */
let signedOutOnPurpose = false;

/**
 * 退出登录: the session ends at once, and the next person to sign in starts at the 工作台, not on the
 * page the last one was on (which may not be theirs: a 404). An expired session keeps its page.
 */
export function signOutOnPurpose(auth: ConsoleAuth) {
  signedOutOnPurpose = true;
  auth.signOut();
}

/** Where sign-in should return to, if anywhere (router.tsx's guard asks). */
export const returnAfterSignIn = (path: string) => (signedOutOnPurpose ? undefined : path);

/** A new session: an address it is sent away from is kept again. */
export function signedInAgain() {
  signedOutOnPurpose = false;
}

export function useSession() {
  const context = useContext(Context);
  if (!context) throw new Error('useSession outside SessionProvider');
  const { auth } = context;
  const token = useSyncExternalStore(
    (listener) => auth.subscribe(listener),
    () => auth.token(),
  );
  return { ...context, signedIn: token !== undefined };
}

/** The caller as the directory knows them: name, unit, roles (GET /v1/me). */
export function useMe() {
  const { client, signedIn } = useSession();
  return useQuery({
    queryKey: ['me'],
    enabled: signedIn,
    staleTime: 60_000,
    queryFn: () => answerOf(client.GET('/v1/me')),
  });
}
