import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** Keys are fetched again after this long (jose's createRemoteJWKSet default)… */
const CACHE_MAX_AGE_MS = 10 * 60_000;
/** …and, for a token naming a key not among them (a rotation), at most this often (jose's default). */
const COOLDOWN_MS = 30_000;
const TIMEOUT_MS = 5_000;
/** A key set is a few KiB; anything much larger is not one. */
const MAX_BYTES = 512 * 1024;

/**
 * An issuer's JSON Web Key Set, fetched and cached as jose's createRemoteJWKSet does (the same
 * cache age, cooldown and timeout), but over node:http(s) instead of fetch. jose's remote set builds
 * a `Headers` as it is created, and the first use of any of fetch's classes loads Node's undici
 * (measured in a fresh Node 24: +27 ms on the 58 ms of a bundle holding only a DynamoDB client), at
 * every cold start of every HTTP function, for one small GET the AWS SDK's own node:https can make.
 */
export function remoteJwks(url: URL): JWTVerifyGetKey {
  let keys: ReturnType<typeof createLocalJWKSet> | undefined;
  let fetchedAt = 0;
  let fetching: Promise<ReturnType<typeof createLocalJWKSet>> | undefined;
  const reload = () => {
    fetching ??= getKeySet(url)
      .then((set) => {
        keys = createLocalJWKSet(set);
        fetchedAt = Date.now();
        return keys;
      })
      .finally(() => {
        fetching = undefined;
      });
    return fetching;
  };
  return async (header, token) => {
    const current = keys && Date.now() - fetchedAt < CACHE_MAX_AGE_MS ? keys : await reload();
    try {
      return await current(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - fetchedAt < COOLDOWN_MS) throw error;
      return (await reload())(header, token);
    }
  };
}

function getKeySet(url: URL): Promise<JSONWebKeySet> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'application/json, application/jwk-set+json' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new errors.JOSEError(`The JSON Web Key Set answered ${res.statusCode}, not 200`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BYTES) req.destroy(new errors.JOSEError('The JSON Web Key Set is too large'));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as JSONWebKeySet);
        } catch {
          reject(new errors.JOSEError('The JSON Web Key Set is not JSON'));
        }
      });
      res.on('error', reject);
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new errors.JWKSTimeout()));
    req.on('error', reject);
    req.end();
  });
}
