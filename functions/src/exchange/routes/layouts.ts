import { createHash } from 'node:crypto';
import {
  checkSealedPackage,
  type LayoutFormat,
  type PublishedSealKey,
  sealedPackageOf,
} from '@govshare/domain/exchange';
import { ConflictError, UnprocessableError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { UPLOAD_URL_SECONDS } from '../../platform/uploads.ts';
import { exchangeFunctions } from '../blueprint.ts';
import type { StoredDocument } from '../document-store.ts';
import type { OfdVerification } from '../rendering/ofd/sign.ts';
import { getLayoutResponse, verifyLayoutResponse } from '../schemas.ts';
import { actorOf, auditor, type ExchangeRouteContext, readableDocument } from './context.ts';
import { documentParams } from './shapes.ts';

const routes = exchangeFunctions.exchange.routes;

export const LAYOUT_URL_SECONDS = UPLOAD_URL_SECONDS;
/** The largest file the verify route takes in its body (as base64, about 4/3 of it). */
export const VERIFY_MAX_FILE_BYTES = 4 * 1024 * 1024;

const verifyBody = z.strictObject({
  contentBase64: z
    .string()
    .min(8)
    .max(Math.ceil(VERIFY_MAX_FILE_BYTES / 3) * 4, `must be a file of at most ${VERIFY_MAX_FILE_BYTES} bytes`)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
});

/** A PDF starts %PDF-; an OFD is a zip package (PK\x03\x04). */
function formatOf(bytes: Uint8Array): LayoutFormat {
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  if (head === '%PDF-') return 'pdf';
  if (head.startsWith('PK\x03\x04')) return 'ofd';
  throw new UnprocessableError([{ path: 'body.contentBase64', message: 'is neither a PDF nor an OFD' }]);
}

const MESSAGES = {
  intact: 'Issued by this platform and unchanged; its seal is valid',
  tampered: 'Names a document of this platform but is not the file that was sealed: it was changed',
  'not-issued': 'No document of this platform has this file: not issued by this platform, or changed',
} as const;

/**
 * 版式: the signed document's PDF and OFD (rendered at sign-off, official-layout.ts) as presigned
 * GETs, for whoever may read the document; and verifying a file someone holds: found by its
 * SHA-256 among the files the platform rendered, its document's seal (which covers the digest)
 * checked against the published keys, and an OFD's own GB/T 38540 signature checked too.
 */
export function layoutRoutes(context: ExchangeRouteContext): RouteDefinition[] {
  const { documents, layouts, sealKeys, now } = context;
  const audit = auditor(context);
  const bucket = context.config.buckets.documents;

  const download =
    (format: LayoutFormat) =>
    async ({
      params,
      caller,
      correlationId,
    }: {
      params: { id: string };
      caller: Parameters<typeof actorOf>[0];
      correlationId: string;
    }) => {
      const actor = actorOf(caller);
      const document = await readableDocument(context, params.id, actor);
      const file = document.layout?.[format];
      if (!file) {
        throw new ConflictError(
          `Document ${document.id} is ${document.state} and has no ${format.toUpperCase()}: it is rendered at its last sign-off`,
        );
      }
      const name = `${document.number?.normalised ?? document.id}.${format}`;
      const url = await context.downloads.url(
        { bucket, key: file.key },
        { expiresInSeconds: LAYOUT_URL_SECONDS, fileName: name },
      );
      await audit({
        action: 'exchange.document.layout-read',
        caller,
        correlationId,
        at: now().toISOString(),
        subject: document.id,
        unit: actor.unit,
        items: [`format:${format}`, `sha256:${file.sha256}`],
      });
      return {
        status: 200 as const,
        body: {
          documentId: document.id,
          format,
          sha256: file.sha256,
          bytes: file.bytes,
          pages: file.pages,
          url,
          method: 'GET' as const,
          expiresAt: new Date(now().getTime() + LAYOUT_URL_SECONDS * 1000).toISOString(),
        },
      };
    };

  /** The platform's key for an OFD's seal: among the keys of the unit that sealed the document. */
  const keysFor = async (document: StoredDocument | undefined): Promise<PublishedSealKey[]> => {
    const unit = document?.content.issuingUnits[0];
    return unit ? sealKeys.keysOf(unit) : [];
  };

  return [
    route(routes.getLayoutPdf, {
      response: { status: 200, body: getLayoutResponse },
      params: documentParams,
      handle: download('pdf'),
    }),
    route(routes.getLayoutOfd, {
      response: { status: 200, body: getLayoutResponse },
      params: documentParams,
      handle: download('ofd'),
    }),

    route(routes.verifyLayout, {
      response: { status: 200, body: verifyLayoutResponse },
      body: verifyBody,
      maxBodyBytes: Math.ceil(VERIFY_MAX_FILE_BYTES / 3) * 4 + 1024,
      handle: async ({ body, caller, correlationId }) => {
        const actor = actorOf(caller);
        const bytes = new Uint8Array(Buffer.from(body.contentBase64, 'base64'));
        const format = formatOf(bytes);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const issued = await layouts.issued(sha256);
        let document = issued ? await documents.get(issued.documentId) : undefined;

        let ofd: OfdVerification | undefined;
        if (format === 'ofd') {
          // The OFD reader (ASN.1, XML) loads with the first OFD verified, not at every cold start.
          const { verifyOfd } = await import('../rendering/ofd/sign.ts');
          // Which document an unknown OFD claims to be (its CustomData), to look its seal key up.
          const first = await verifyOfd(bytes, () => undefined);
          if (!document && first.documentId) document = await documents.get(first.documentId);
          const keys = await keysFor(document);
          ofd = await verifyOfd(bytes, ({ keyId }) => keys.find((key) => key.keyId === keyId)?.publicJwk, {
            ...(document?.layout?.ofd ? { expectedSha256: document.layout.ofd.sha256 } : {}),
          });
        }

        const seal =
          issued && document?.seal
            ? checkSealedPackage(sealedPackageOf(document), await keysFor(document))
            : undefined;
        const verdict: keyof typeof MESSAGES = issued
          ? seal?.valid && (ofd?.intact ?? true)
            ? 'intact'
            : 'tampered'
          : document
            ? 'tampered'
            : 'not-issued';
        const lead = document?.content.issuingUnits[0];
        const leadUnit = lead ? await context.directory.unit(lead) : undefined;
        await audit({
          action: 'exchange.layout.verify',
          caller,
          correlationId,
          at: now().toISOString(),
          subject: document?.id ?? `sha256:${sha256}`,
          unit: actor.unit,
          items: [`format:${format}`, `sha256:${sha256}`, `verdict:${verdict}`],
        });
        return {
          status: 200,
          body: {
            sha256,
            format,
            verdict,
            intact: verdict === 'intact',
            message: MESSAGES[verdict],
            ...(document ? { documentId: document.id } : {}),
            ...(issued && document?.number ? { number: document.number.normalised } : {}),
            ...(issued && document ? { title: document.content.title } : {}),
            ...(document?.seal && lead
              ? {
                  sealedBy: {
                    unit: lead,
                    ...(leadUnit ? { name: leadUnit.name } : {}),
                    keyId: document.seal.keyId,
                  },
                }
              : {}),
            ...(seal ? { seal: { valid: seal.valid, ...(seal.valid ? {} : { reason: seal.reason }) } } : {}),
            ...(ofd
              ? {
                  ofdSignature: {
                    intact: ofd.intact,
                    problems: ofd.problems,
                    signatures: ofd.signatures.map((check) => ({
                      unitName: check.unitName,
                      keyId: check.keyId,
                      signatureValid: check.signatureValid,
                      keyKnown: check.keyKnown,
                      changedFiles: check.changedFiles,
                    })),
                  },
                }
              : {}),
          },
        };
      },
    }),
  ];
}
