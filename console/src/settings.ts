/**
 * The console's runtime settings, `/console-settings.json` beside the page: written by the deployment
 * (the CDK app's BucketDeployment in AWS, the local gateway for `npm start`), so one build serves
 * every deployment.
 */
export interface ConsoleSettings {
  /** Where the API is; the console's own origin when the API shares it (as locally and behind CloudFront). */
  apiUrl: string;
  auth: DevelopmentAuthSettings | OidcAuthSettings;
}

export interface DevelopmentAuthSettings {
  kind: 'development';
}

export interface OidcAuthSettings {
  kind: 'oidc';
  /** The OpenID Connect issuer; its discovery document is at `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Space-separated, e.g. `openid profile email`. */
  scopes: string;
  /** The issuer's sign-out address when its discovery document names none (Cognito's `/logout`). */
  endSessionEndpoint?: string;
}

export const SETTINGS_PATH = '/console-settings.json';
/** Where the issuer sends the browser back with the authorization code (registered with the issuer). */
export const CALLBACK_PATH = '/auth/callback';
/** Where the issuer sends the browser after signing out (registered with the issuer). */
export const SIGNED_OUT_PATH = '/sign-in';

const isHttpUrl = (value: unknown): value is string =>
  typeof value === 'string' && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);

/** Checks the settings file: a deployment that wrote a wrong one hears it at once, not at sign-in. */
export function parseSettings(value: unknown, base: string): ConsoleSettings {
  const fail = (what: string): never => {
    throw new Error(`${SETTINGS_PATH}: ${what}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not a JSON object');
  const { apiUrl, auth } = value as Record<string, unknown>;
  if (typeof apiUrl !== 'string' || !URL.canParse(apiUrl, base)) fail('apiUrl must be a URL');
  const resolvedApiUrl = new URL(apiUrl as string, base).href.replace(/\/+$/, '');
  if (typeof auth !== 'object' || auth === null) return fail('auth is missing');
  const { kind, issuer, clientId, scopes, endSessionEndpoint } = auth as Record<string, unknown>;
  if (kind === 'development') return { apiUrl: resolvedApiUrl, auth: { kind } };
  if (kind !== 'oidc') return fail("auth.kind must be 'development' or 'oidc'");
  if (!isHttpUrl(issuer)) fail('auth.issuer must be an http(s) URL');
  if (typeof clientId !== 'string' || clientId === '') fail('auth.clientId is missing');
  if (typeof scopes !== 'string' || !scopes.split(' ').includes('openid')) {
    fail('auth.scopes must include openid');
  }
  if (endSessionEndpoint !== undefined && !isHttpUrl(endSessionEndpoint)) {
    fail('auth.endSessionEndpoint must be an http(s) URL');
  }
  return {
    apiUrl: resolvedApiUrl,
    auth: {
      kind,
      issuer: issuer as string,
      clientId: clientId as string,
      scopes: scopes as string,
      ...(endSessionEndpoint !== undefined && { endSessionEndpoint: endSessionEndpoint as string }),
    },
  };
}

/** Reads the settings served beside the page; never cached, since a deployment rewrites them. */
export async function loadSettings(origin: string): Promise<ConsoleSettings> {
  const response = await fetch(new URL(SETTINGS_PATH, origin), { cache: 'no-store' });
  if (!response.ok) throw new Error(`${SETTINGS_PATH}: HTTP ${response.status}`);
  return parseSettings(await response.json(), origin);
}
