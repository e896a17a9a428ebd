import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Passes a request on to the S3 endpoint and its answer back; true when it took the request. */
export type ObjectPassThrough = (req: IncomingMessage, res: ServerResponse, pathname: string) => boolean;

const METHODS = new Set(['GET', 'HEAD', 'PUT']);

/**
 * Locally, presigned URLs point at the gateway's own origin (functions sign them against
 * PRESIGNED_URL_ENDPOINT, the gateway's URL) and the gateway passes them, path, query and Host
 * untouched, to the S3 emulator. The console can then PUT a file from the browser: its page allows
 * connections to its own origin only (connect-src 'self'), and fauxqs answers no CORS preflight. The
 * signature stays that of the URL as signed, so an emulator that checks signatures accepts it too.
 * Only the buckets of the blueprint, with S3's own methods for presigned URLs, are passed on.
 */
export function objectPassThrough(endpoint: string, buckets: readonly string[]): ObjectPassThrough {
  const target = new URL(endpoint);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const known = new Set(buckets);
  return (req, res, pathname) => {
    const bucket = pathname.split('/')[1] ?? '';
    if (!METHODS.has(req.method ?? '') || !known.has(bucket)) return false;
    const upstream = send(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('The object store did not answer.');
    });
    req.pipe(upstream);
    return true;
  };
}
