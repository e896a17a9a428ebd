import { type INavigator, type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { CALLBACK_PATH, type OidcAuthSettings, SIGNED_OUT_PATH } from '../settings.ts';
import type { AuthProvider } from './auth-provider.ts';

/** The access token is renewed this long before it runs out. */
const REFRESH_BEFORE_SECONDS = 60;

/** What of the browser the provider uses; tests give their own. */
export interface OidcEnvironment {
  /** The console's origin, e.g. https://d1234.cloudfront.net */
  origin: string;
  /** The tab's sessionStorage: the code verifier, the state and the tokens live there, per tab. */
  storage: Storage;
  /** Replaces the address bar's URL (history.replaceState), so no code or state stays in it. */
  replaceUrl: (path: string) => void;
  /** How the browser is sent to the issuer; the library's own redirect when absent. */
  navigator?: INavigator;
  refreshBeforeSeconds?: number;
}

interface SignInState {
  returnTo: string;
}

/** A path of this console to return to after sign-in; anything else (another origin, `//host`) is `/`. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return '/';
  }
  return value.startsWith(CALLBACK_PATH) ? '/' : value;
}

/**
 * OpenID Connect sign-in by authorization code with PKCE (S256), through oidc-client-ts.
 *
 * - Nothing goes to localStorage: the library keeps its request state there by default, so both of
 *   its stores are given the tab's sessionStorage. Tokens are never put in a URL, and the callback's
 *   code and state are taken out of the address bar once read, whatever the outcome.
 * - The access token is renewed with the refresh token before it runs out, when the issuer gave one
 *   (Cognito does). The library's other way, a hidden iframe with prompt=none, is off: the console's
 *   `frame-ancestors 'none'` forbids framing it, and an issuer that gives no refresh token gets a
 *   new sign-in when the token ends.
 */
export class OidcAuth implements AuthProvider {
  readonly kind = 'oidc' as const;
  private readonly manager: UserManager;
  private user: User | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly settings: OidcAuthSettings,
    private readonly env: OidcEnvironment,
  ) {
    const store = new WebStorageStateStore({ store: env.storage, prefix: 'govshare.oidc.' });
    this.manager = new UserManager(
      {
        authority: settings.issuer,
        client_id: settings.clientId,
        redirect_uri: env.origin + CALLBACK_PATH,
        post_logout_redirect_uri: env.origin + SIGNED_OUT_PATH,
        response_type: 'code',
        scope: settings.scopes,
        userStore: store,
        stateStore: store,
        automaticSilentRenew: false,
        // Session monitoring also needs an iframe of the issuer's; a refused token ends the session instead.
        monitorSession: false,
        loadUserInfo: false,
        accessTokenExpiringNotificationTimeInSeconds: env.refreshBeforeSeconds ?? REFRESH_BEFORE_SECONDS,
        ...(settings.endSessionEndpoint && {
          metadataSeed: { end_session_endpoint: settings.endSessionEndpoint },
        }),
      },
      env.navigator,
    );
    this.manager.events.addUserLoaded((user) => this.set(user));
    this.manager.events.addUserUnloaded(() => this.set(null));
    this.manager.events.addAccessTokenExpiring(() => void this.refresh());
    this.manager.events.addAccessTokenExpired(() => void this.manager.removeUser());
  }

  /** Takes up the tab's session after a reload (the tokens are in sessionStorage), arming its renewal. */
  async restore(): Promise<void> {
    const user = await this.manager.getUser();
    this.set(user && !user.expired ? user : null);
    if (user?.expired) await this.manager.removeUser();
  }

  token(): string | undefined {
    const user = this.user;
    return user && !user.expired ? user.access_token : undefined;
  }

  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Sends the browser to the issuer's sign-in; after it, the console opens `returnTo`. */
  async signIn(returnTo: string): Promise<void> {
    const state: SignInState = { returnTo: safeReturnPath(returnTo) };
    await this.manager.signinRedirect({ state });
  }

  /** Whether this address is the issuer's answer to a sign-in (the callback). */
  isCallback(url: string): boolean {
    return new URL(url).pathname === CALLBACK_PATH;
  }

  /**
   * Completes the sign-in from the callback URL: exchanges the code (with the PKCE verifier kept in
   * this tab) for the tokens. The address bar then shows the page to return to, or the sign-in page
   * when the issuer refused or the answer does not match a sign-in this tab started.
   */
  async completeSignIn(url: string): Promise<string> {
    try {
      const user = await this.manager.signinRedirectCallback(url);
      const returnTo = safeReturnPath((user.state as SignInState | undefined)?.returnTo);
      this.env.replaceUrl(returnTo);
      return returnTo;
    } catch (error) {
      this.env.replaceUrl(SIGNED_OUT_PATH);
      throw error;
    }
  }

  signOut(): void {
    const user = this.user;
    this.set(null);
    const endAtIssuer = user?.id_token
      ? this.manager.signoutRedirect({
          id_token_hint: user.id_token,
          // Cognito's /logout reads these two, not OpenID's post_logout_redirect_uri; others ignore them.
          extraQueryParams: {
            client_id: this.settings.clientId,
            logout_uri: this.env.origin + SIGNED_OUT_PATH,
          },
        })
      : Promise.reject(new Error('no id_token to end the session with'));
    // Without an end-session endpoint (or an ID token) the session ends here only.
    endAtIssuer.catch(() => this.manager.removeUser());
  }

  forget(): void {
    this.set(null);
    void this.manager.removeUser();
  }

  /** Renews the access token with the refresh token; without one the token runs out and sign-in asks again. */
  private async refresh(): Promise<void> {
    if (!this.user?.refresh_token) return;
    try {
      await this.manager.signinSilent();
    } catch {
      // Refused or unreachable: the token still works until it expires, then the session ends.
    }
  }

  private set(user: User | null) {
    if (user === this.user) return;
    this.user = user;
    for (const listener of this.listeners) listener();
  }
}
