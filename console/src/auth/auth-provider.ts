/**
 * How the console gets the bearer token it sends. Locally the development issuer signs one for a
 * chosen sample user (DevelopmentAuth); in AWS an OpenID Connect issuer does, by authorization code
 * with PKCE (OidcAuth: the stack's Cognito user pool or the configured issuer). Which one runs is the
 * runtime settings' choice (settings.ts). The rest of the console only asks for `token()`.
 */
export interface AuthProvider {
  readonly kind: 'development' | 'oidc';
  /** The token to send now; undefined when signed out or expired. */
  token(): string | undefined;
  /** Called whenever the token appears or goes away. Returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** The user's 退出登录: ends the session here and, where there is one, at the issuer. */
  signOut(): void;
  /** Drops the token here only (the API refused it with a 401); the issuer's session stays. */
  forget(): void;
}

interface StoredSession {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Per tab, gone when the tab closes; never in a URL, never in localStorage. */
const STORAGE_KEY = 'govshare.console.session';
/** A token this close to its end is not sent: the next request would be refused anyway. */
const EXPIRY_MARGIN_MS = 30_000;

/** A session kept in sessionStorage, shared by every provider kind. */
export class SessionTokens {
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly storage: Storage = sessionStorage) {
    this.armExpiry();
  }

  token(): string | undefined {
    const session = this.read();
    if (!session) return undefined;
    if (session.expiresAt - EXPIRY_MARGIN_MS <= Date.now()) {
      this.clear();
      return undefined;
    }
    return session.token;
  }

  store(token: string, expiresInSeconds: number) {
    const session: StoredSession = { token, expiresAt: Date.now() + expiresInSeconds * 1000 };
    this.storage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.armExpiry();
    this.notify();
  }

  clear() {
    if (this.storage.getItem(STORAGE_KEY) === null) return;
    this.storage.removeItem(STORAGE_KEY);
    clearTimeout(this.timer);
    this.notify();
  }

  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify() {
    for (const listener of this.listeners) listener();
  }

  /** Signs out by itself when the token runs out, so no request goes with an expired one. */
  private armExpiry() {
    clearTimeout(this.timer);
    const session = this.read();
    if (!session) return;
    const left = session.expiresAt - EXPIRY_MARGIN_MS - Date.now();
    this.timer = setTimeout(() => this.clear(), Math.max(0, Math.min(left, 2 ** 31 - 1)));
  }

  private read(): StoredSession | undefined {
    const text = this.storage.getItem(STORAGE_KEY);
    if (!text) return undefined;
    try {
      const parsed = JSON.parse(text) as StoredSession;
      return typeof parsed.token === 'string' && typeof parsed.expiresAt === 'number' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
}
