import type { RouteAccess } from '@govshare/blueprint';

import { ForbiddenError, type PrincipalKind, type Role, UnauthorizedError } from '@govshare/domain/kernel';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  decodeProtectedHeader,
  importJWK,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { DevSigningKey, PlatformConfig } from './config.ts';
import { remoteJwks } from './remote-jwks.ts';

/** Who is calling, as a verified token says. */
export interface Caller {
  subject: string;
  unit: string;
  roles: Role[];
  kind: PrincipalKind;
}

const ALGORITHMS = ['ES256', 'RS256'];

export interface TokenVerifier {
  /** Verifies `Authorization: Bearer <JWT>`; throws UnauthorizedError for anything else. */
  verify(authorization: string | undefined): Promise<Caller>;
}

/** A verified token is trusted again without its signature check for at most this long… */
const VERIFIED_TOKEN_MAX_MS = 5 * 60_000;
/** …and this many tokens are remembered per instance (the oldest forgotten first). */
const MAX_VERIFIED_TOKENS = 1000;
/** How far ahead of this clock an issuer's clock may be (a token "issued" later is refused). */
const CLOCK_SKEW_SECONDS = 60;

/** A principal as the platform's directory holds it: the one source of a caller's authority. */
export interface DirectoryEntry {
  id: string;
  unitCode: string;
  roles: readonly Role[];
  kind: PrincipalKind;
  disabled?: boolean;
}

/** Where a caller's unit and roles come from: the platform's directory, never the token's claims. */
export interface Directory {
  /** The principal a token's subject is: its id, or the external subject mapped to it; undefined if none. */
  principalFor(subject: string): Promise<DirectoryEntry | undefined>;
}

const invalid = () => new UnauthorizedError('The bearer token is invalid or expired');

/**
 * Builds the verifier once per cold start. Locally the keys are the development issuer's;
 * elsewhere the issuer's JWKS, fetched and cached as jose would (remote-jwks.ts).
 *
 * A token authenticates a subject, nothing more: its unit and roles are the directory's (asked on
 * every request, through the directory's own short cache), so a role revoked or a user disabled
 * is refused within that cache's lifetime, whatever the token still says. A subject the directory
 * does not know is refused. Beyond the signature, issuer, audience and expiry, a token must carry
 * `iat` no later than the clock allows, live no longer than `maxTokenLifetimeSeconds`, and, from an
 * issuer's JWKS, name its key (`kid`): a token that leaves the key to be guessed among several is
 * refused.
 *
 * A token that verified is remembered until it expires (`exp`) or for 5 minutes, whichever comes
 * first, so a system calling many times with one token pays the signature check once (≈0.3 ms a
 * call); the directory is still asked each time.
 */
export async function createTokenVerifier(
  auth: PlatformConfig['auth'],
  directory: Directory,
): Promise<TokenVerifier> {
  const key: CryptoKey | JWTVerifyGetKey = auth.devSigningKey
    ? await importDevPublicKey(auth.devSigningKey)
    : remoteJwks(new URL(auth.jwksUrl));
  const verified = new Map<string, { subject: string; untilMs: number }>();

  const subjectOf = async (token: string): Promise<string> => {
    const known = verified.get(token);
    if (known && Date.now() < known.untilMs) return known.subject;
    if (known) verified.delete(token);
    if (typeof key === 'function') {
      let kid: unknown;
      try {
        kid = decodeProtectedHeader(token).kid;
      } catch {
        throw invalid();
      }
      if (typeof kid !== 'string' || kid.length === 0) throw invalid();
    }
    let payload: JWTPayload;
    try {
      const options = { issuer: auth.issuer, algorithms: ALGORITHMS, requiredClaims: ['exp', 'iat', 'sub'] };
      ({ payload } =
        typeof key === 'function'
          ? await jwtVerify(token, key, options)
          : await jwtVerify(token, key, options));
    } catch {
      // jose's reasons (expired, bad signature, wrong issuer) stay server-side: they help forgers.
      throw invalid();
    }
    const iat = payload.iat as number;
    const exp = payload.exp as number;
    const nowSeconds = Date.now() / 1000;
    if (!audienceMatches(payload, auth.audience)) throw invalid();
    if (iat > nowSeconds + CLOCK_SKEW_SECONDS || exp - iat > auth.maxTokenLifetimeSeconds) throw invalid();
    const subject = payload.sub as string;
    // jose refuses a token once the clock reaches exp (seconds); so does the cache.
    const untilMs = Math.min(exp * 1000, Date.now() + VERIFIED_TOKEN_MAX_MS);
    if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value as string);
    verified.set(token, { subject, untilMs });
    return subject;
  };

  return {
    async verify(authorization) {
      // The scheme is case-insensitive (RFC 9110 §11.1); the token is base64url JWT characters only.
      const match = /^Bearer +([A-Za-z0-9_.-]+)$/i.exec(authorization?.trim() ?? '');
      if (!match?.[1]) throw new UnauthorizedError('A bearer token is required');
      const subject = await subjectOf(match[1]);
      const principal = await directory.principalFor(subject);
      if (!principal)
        throw new UnauthorizedError('The bearer token names no user or system of this platform');
      if (principal.disabled) throw new UnauthorizedError('This user or system is disabled');
      return {
        subject: principal.id,
        unit: principal.unitCode,
        roles: [...principal.roles],
        kind: principal.kind,
      };
    },
  };
}

/**
 * The verifier of one cold start: its keys are prepared at once, in the background, and a failure
 * to prepare them (no JWKS, a bad key) surfaces on the first verify instead of as an unhandled
 * rejection.
 */
export function tokenVerifierFor(auth: PlatformConfig['auth'], directory: Directory): TokenVerifier {
  const ready = createTokenVerifier(auth, directory);
  ready.catch(() => undefined);
  return { verify: async (authorization) => (await ready).verify(authorization) };
}

/** `aud` for ID tokens and most issuers; Cognito access tokens put the app client in `client_id`. */
function audienceMatches(payload: JWTPayload, audience: string): boolean {
  const aud = payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  return aud.includes(audience) || payload.client_id === audience;
}

/**
 * Deny by default: undefined access (a route the blueprint does not declare) is refused to all.
 * Returns normally when the caller may proceed.
 */
export function authorize(access: RouteAccess | undefined, caller: Caller | undefined): void {
  if (access === undefined) throw new ForbiddenError('This route is not declared in the blueprint');
  if (access === 'public') return;
  if (!caller) throw new UnauthorizedError('A bearer token is required');
  if (access === 'authenticated') return;
  if (!access.some((role) => caller.roles.includes(role))) {
    throw new ForbiddenError('Your roles do not permit this action');
  }
}

/** The caller of a route that needs one (every route but the public ones): a copy, the domain's actor. */
export function requiredCaller(caller: Caller | undefined): Caller {
  if (!caller) throw new UnauthorizedError('A bearer token is required');
  return { subject: caller.subject, unit: caller.unit, roles: caller.roles, kind: caller.kind };
}

// --- The local development issuer -----------------------------------------------------------

/** The public half of the development key, as served at /.well-known/jwks.json. */
export async function devPublicJwk(key: DevSigningKey): Promise<JWK> {
  const { kty, crv, x, y } = key;
  const kid = key.kid ?? (await calculateJwkThumbprint({ kty, crv, x, y }));
  return { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' };
}

async function importDevPublicKey(key: DevSigningKey): Promise<CryptoKey> {
  const { kty, crv, x, y } = key;
  return (await importJWK({ kty, crv, x, y }, 'ES256')) as CryptoKey;
}

export const DEV_TOKEN_LIFETIME_SECONDS = 3600;

/** Signs a one-hour ES256 token for a stored user or system; local mode only. */
export async function signDevToken(
  auth: PlatformConfig['auth'],
  principal: { id: string; unitCode: string; roles: readonly Role[]; kind: PrincipalKind },
): Promise<{ token: string; expiresIn: number }> {
  if (!auth.devSigningKey) throw new Error('The development issuer runs only in local mode');
  const privateKey = await importJWK(auth.devSigningKey, 'ES256');
  const { kid } = await devPublicJwk(auth.devSigningKey);
  const token = await new SignJWT({
    unit: principal.unitCode,
    roles: [...principal.roles],
    kind: principal.kind,
  })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .setSubject(principal.id)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt()
    .setExpirationTime(`${DEV_TOKEN_LIFETIME_SECONDS}s`)
    .sign(privateKey);
  return { token, expiresIn: DEV_TOKEN_LIFETIME_SECONDS };
}
