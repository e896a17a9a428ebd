import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import type { INavigator } from 'oidc-client-ts';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcAuth, safeReturnPath } from '../../../console/src/auth/oidc-auth.ts';
import { CALLBACK_PATH, parseSettings, SETTINGS_PATH } from '../../../console/src/settings.ts';
import { CONSOLE_SETTINGS_FILE, LOCAL_CONSOLE_SETTINGS } from '../../../packages/local/src/console-site.ts';

/**
 * OidcAuth against a real OpenID Connect provider (panva's oidc-provider, in process): the whole
 * authorization code + PKCE round trip, the storage and URL rules, renewal by refresh token and the
 * end of a session without one. The "browser" is a fetch that keeps cookies and follows redirects
 * by hand; the issuer's login page signs the test person in at once.
 */

const CONSOLE = 'http://console.test';
const PERSON = 'person-0042';

/** A Storage over a Map: the tab's sessionStorage, which the test can look into. */
class MemoryStorage implements Storage {
  readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

/** One browser tab: its sessionStorage, its address bar, and every address it was sent to. */
class Tab {
  readonly storage = new MemoryStorage();
  readonly visited: string[] = [];
  address = `${CONSOLE}/`;
  readonly navigator: INavigator = {
    prepare: async () => ({
      navigate: async ({ url }) => {
        this.visited.push(url);
        this.address = url;
        return { url };
      },
      close: () => {},
    }),
    callback: async () => {},
  };

  /** A page load of the console in this tab: a new OidcAuth over the same sessionStorage. */
  open(issuer: string, options: { clientId?: string; refreshBeforeSeconds?: number } = {}) {
    return new OidcAuth(
      { kind: 'oidc', issuer, clientId: options.clientId ?? 'console', scopes: 'openid' },
      {
        origin: CONSOLE,
        storage: this.storage,
        navigator: this.navigator,
        replaceUrl: (path) => {
          this.address = CONSOLE + path;
          this.visited.push(this.address);
        },
        ...(options.refreshBeforeSeconds !== undefined && {
          refreshBeforeSeconds: options.refreshBeforeSeconds,
        }),
      },
    );
  }

  /** Follows the issuer's redirects from the authorization URL until it sends the browser back to the console. */
  async followToCallback(authorizationUrl: string): Promise<string> {
    const cookies = new Map<string, string>();
    let url = authorizationUrl;
    for (let hop = 0; hop < 10; hop++) {
      if (url.startsWith(CONSOLE)) {
        this.visited.push(url);
        this.address = url;
        return url;
      }
      const response = await fetch(url, {
        redirect: 'manual',
        headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = ''] = cookie.split(';');
        const [name = '', value = ''] = pair.split('=');
        cookies.set(name, value);
      }
      const location = response.headers.get('location');
      if (!location) throw new Error(`${url}: ${response.status} without a redirect`);
      url = new URL(location, url).href;
    }
    throw new Error('too many redirects');
  }
}

let server: Server;
let issuer: string;
/** Seconds an access token lives; the renewal tests shorten it. */
let accessTokenSeconds = 300;

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test' };
  const callback = `${CONSOLE}${CALLBACK_PATH}`;
  const signedOut = `${CONSOLE}/sign-in`;
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'console',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [callback],
        post_logout_redirect_uris: [signedOut],
      },
      {
        // An issuer that gives this client no refresh token.
        client_id: 'console-without-refresh',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [callback],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['a-test-only-cookie-key'] },
    scopes: ['openid'],
    // As Cognito does: a refresh token with every code exchanged by a client allowed the grant.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    features: { devInteractions: { enabled: false } },
    findAccount: async (_ctx, accountId) => ({ accountId, claims: async () => ({ sub: accountId }) }),
    // A first-party console: the person's consent is the platform's, not asked page by page.
    loadExistingGrant: async (ctx) => {
      const session = ctx.oidc.session;
      const client = ctx.oidc.client;
      if (!session?.accountId || !client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid');
      await grant.save();
      return grant;
    },
    ttl: { AccessToken: () => accessTokenSeconds },
  });
  provider.on('server_error', (_ctx, error) => console.error(error));
  const handle = provider.callback();
  server.on('request', async (req, res) => {
    // The issuer's login page: whoever reaches it is the test person.
    if (req.url?.startsWith('/interaction/')) {
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: PERSON } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    handle(req, res);
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** The subject the issuer's userinfo endpoint answers for this access token (so the token is live). */
async function subjectOf(token: string | undefined): Promise<string | number> {
  const response = await fetch(`${issuer}/me`, { headers: { authorization: `Bearer ${token}` } });
  return response.ok ? ((await response.json()) as { sub: string }).sub : response.status;
}

async function signedIn(tab: Tab, options: Parameters<Tab['open']>[1] = {}, returnTo = '/exchange/inbox') {
  const before = tab.open(issuer, options);
  await before.signIn(returnTo);
  const callbackUrl = await tab.followToCallback(tab.address);
  const after = tab.open(issuer, options);
  await after.restore();
  return { auth: after, callbackUrl, landed: await after.completeSignIn(callbackUrl) };
}

describe('OidcAuth: authorization code with PKCE against a real OpenID Connect provider', () => {
  it('sends the browser to the authorization endpoint with an S256 code challenge, keeping the verifier in sessionStorage', async () => {
    const tab = new Tab();
    await tab.open(issuer).signIn('/catalogue');
    const request = new URL(tab.address);
    expect(request.origin + request.pathname).toBe(`${issuer}/auth`);
    expect(Object.fromEntries(request.searchParams)).toMatchObject({
      client_id: 'console',
      response_type: 'code',
      redirect_uri: `${CONSOLE}${CALLBACK_PATH}`,
      code_challenge_method: 'S256',
      scope: 'openid',
    });
    expect(request.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    const kept = [...tab.storage.items.values()].join('\n');
    expect(kept).toContain('code_verifier');
    // The verifier stays in the tab; only its hash travels.
    const verifier = (JSON.parse([...tab.storage.items.values()][0] ?? '{}') as { code_verifier?: string })
      .code_verifier;
    expect(verifier).toBeTruthy();
    expect(tab.address).not.toContain(verifier);
  });

  it('completes the sign-in on a new page load of the same tab, cleans the address and returns where the user was', async () => {
    const tab = new Tab();
    const { auth, callbackUrl, landed } = await signedIn(tab);
    expect(new URL(callbackUrl).searchParams.get('code')).toBeTruthy();
    expect(landed).toBe('/exchange/inbox');
    expect(tab.address).toBe(`${CONSOLE}/exchange/inbox`);
    expect(await subjectOf(auth.token())).toBe(PERSON);
    // The tokens live in this tab's sessionStorage and in no address the tab ever had.
    const token = auth.token() ?? '';
    expect([...tab.storage.items.values()].join('\n')).toContain(token);
    for (const address of tab.visited) expect(address).not.toContain(token);
    // A reload of the page takes the session up again from sessionStorage.
    const reloaded = tab.open(issuer);
    await reloaded.restore();
    expect(reloaded.token()).toBe(token);
    // Another tab has none.
    const otherTab = new Tab();
    const other = otherTab.open(issuer);
    await other.restore();
    expect(other.token()).toBeUndefined();
  });

  it('refuses a callback replayed or not started by this tab, and leaves the sign-in page in the address bar', async () => {
    const tab = new Tab();
    const { callbackUrl } = await signedIn(tab);
    const replay = tab.open(issuer);
    await expect(replay.completeSignIn(callbackUrl)).rejects.toThrow();
    expect(tab.address).toBe(`${CONSOLE}/sign-in`);

    const stranger = new Tab();
    const auth = stranger.open(issuer);
    await expect(auth.completeSignIn(callbackUrl)).rejects.toThrow();
    expect(auth.token()).toBeUndefined();
    expect(stranger.address).toBe(`${CONSOLE}/sign-in`);
  });

  it('shows the issuer’s refusal as an error and keeps no session', async () => {
    const tab = new Tab();
    const auth = tab.open(issuer);
    await auth.signIn('/');
    const state = new URL(tab.address).searchParams.get('state') ?? '';
    const refused = `${CONSOLE}${CALLBACK_PATH}?error=access_denied&error_description=denied&state=${state}`;
    await expect(tab.open(issuer).completeSignIn(refused)).rejects.toThrow(/denied/);
    expect(tab.address).toBe(`${CONSOLE}/sign-in`);
  });

  it('renews the access token with the refresh token before it runs out, telling subscribers', async () => {
    accessTokenSeconds = 5;
    try {
      const tab = new Tab();
      const { auth } = await signedIn(tab, { refreshBeforeSeconds: 4 });
      const first = auth.token();
      let changes = 0;
      auth.subscribe(() => changes++);
      await expect.poll(() => auth.token(), { timeout: 5_000, interval: 100 }).not.toBe(first);
      expect(changes).toBeGreaterThan(0);
      expect(await subjectOf(auth.token())).toBe(PERSON);
      expect([...tab.storage.items.values()].join('\n')).toContain(auth.token());
    } finally {
      accessTokenSeconds = 300;
    }
  });

  it('ends the session when the token runs out and the issuer gave no refresh token (no hidden iframe)', async () => {
    accessTokenSeconds = 2;
    try {
      const tab = new Tab();
      const { auth } = await signedIn(tab, { clientId: 'console-without-refresh', refreshBeforeSeconds: 1 });
      expect(auth.token()).toBeTruthy();
      let changes = 0;
      auth.subscribe(() => changes++);
      const visits = tab.visited.length;
      await expect.poll(() => changes, { timeout: 5_000, interval: 100 }).toBe(1);
      expect(auth.token()).toBeUndefined();
      expect(tab.storage.items.size).toBe(0);
      expect(tab.visited.length).toBe(visits);
    } finally {
      accessTokenSeconds = 300;
    }
  });

  it('signs out here at once and at the issuer, and forgets without leaving the page after a 401', async () => {
    const tab = new Tab();
    const { auth } = await signedIn(tab);
    auth.signOut();
    expect(auth.token()).toBeUndefined();
    await expect.poll(() => tab.address).toContain(`${issuer}/session/end`);
    const end = new URL(tab.address);
    expect(end.searchParams.get('id_token_hint')).toBeTruthy();
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${CONSOLE}/sign-in`);
    expect(end.searchParams.get('logout_uri')).toBe(`${CONSOLE}/sign-in`);
    expect(end.searchParams.getAll('client_id')).toEqual(['console']);
    expect(tab.storage.items.size).toBe(0);

    const second = await signedIn(tab);
    const address = tab.address;
    second.auth.forget();
    expect(second.auth.token()).toBeUndefined();
    await expect.poll(() => tab.storage.items.size).toBe(0);
    expect(tab.address).toBe(address);
  });
});

describe('safeReturnPath: only this console’s own pages', () => {
  it.each([
    ['/catalogue?q=人口', '/catalogue?q=人口'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    [`${CALLBACK_PATH}?code=x`, '/'],
    [undefined, '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });
});

describe('parseSettings: the runtime settings file', () => {
  it('resolves a relative apiUrl against the page and reads both kinds', () => {
    expect(parseSettings({ apiUrl: '/', auth: { kind: 'development' } }, 'http://localhost:3000')).toEqual({
      apiUrl: 'http://localhost:3000',
      auth: { kind: 'development' },
    });
    const oidc = {
      apiUrl: 'https://d1.cloudfront.net',
      auth: {
        kind: 'oidc',
        issuer: 'https://cognito-idp.cn-north-1.amazonaws.com/pool',
        clientId: 'c',
        scopes: 'openid email',
      },
    };
    expect(parseSettings(oidc, 'https://d1.cloudfront.net')).toEqual(oidc);
  });

  it('takes the settings npm start serves, at the path the console asks for', () => {
    expect(SETTINGS_PATH).toBe(`/${CONSOLE_SETTINGS_FILE}`);
    expect(parseSettings(LOCAL_CONSOLE_SETTINGS, 'http://localhost:3000').auth.kind).toBe('development');
  });

  it.each([
    [null, /not a JSON object/],
    [{ apiUrl: '/', auth: { kind: 'saml' } }, /auth.kind/],
    [
      { apiUrl: '/', auth: { kind: 'oidc', issuer: 'ftp://x', clientId: 'c', scopes: 'openid' } },
      /auth.issuer/,
    ],
    [
      { apiUrl: '/', auth: { kind: 'oidc', issuer: 'https://x', clientId: '', scopes: 'openid' } },
      /clientId/,
    ],
    [{ apiUrl: '/', auth: { kind: 'oidc', issuer: 'https://x', clientId: 'c', scopes: 'email' } }, /openid/],
  ])('refuses %j', (value, message) => {
    expect(() => parseSettings(value, 'https://a.example')).toThrow(message);
  });
});
