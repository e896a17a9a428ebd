import { govshare } from '@govshare/blueprint';
import type { App } from 'aws-cdk-lib';
import { ApiStack, type ExternalIssuer } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';

/**
 * Context values (`cdk synth -c key=value`):
 * - `oidcIssuer` + `oidcAudience` (+ optional `oidcJwksUrl`, `oidcConsoleClientId`): trust an external
 *   OIDC issuer instead of creating a Cognito user pool; the web console signs in there with
 *   `oidcConsoleClientId` (default: the audience);
 * - `cognitoDomainPrefix`: the prefix of the Cognito sign-in pages' domain, unique in the region
 *   (default `govshare-<account id>`);
 * - `publicBaseUrl`: where the API is reached from outside (a custom domain, https://…); the DCAT-AP
 *   export and the CKAN API mint their addresses under it (default: the HTTP API's own endpoint);
 * - `uploadOrigins`: comma-separated origins allowed to PUT to presigned upload URLs (default `*`:
 *   the presigned signature, not the origin, is what authorises an upload).
 */
function externalIssuer(app: App): ExternalIssuer | undefined {
  const issuer: unknown = app.node.tryGetContext('oidcIssuer');
  const audience: unknown = app.node.tryGetContext('oidcAudience');
  const jwksUrl: unknown = app.node.tryGetContext('oidcJwksUrl');
  const consoleClientId: unknown = app.node.tryGetContext('oidcConsoleClientId');
  if (issuer === undefined && audience === undefined) return undefined;
  if (typeof issuer !== 'string' || typeof audience !== 'string') {
    throw new Error('Set both context values oidcIssuer and oidcAudience, or neither (to use Cognito)');
  }
  if (!/^https:\/\/[^/\s]+/.test(issuer)) throw new Error('Context value oidcIssuer must be an https:// URL');
  return {
    issuer,
    audience,
    ...(typeof jwksUrl === 'string' && { jwksUrl }),
    ...(typeof consoleClientId === 'string' && { consoleClientId }),
  };
}

function cognitoDomainPrefix(app: App): string | undefined {
  const prefix: unknown = app.node.tryGetContext('cognitoDomainPrefix');
  if (prefix === undefined) return undefined;
  if (typeof prefix !== 'string' || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix)) {
    throw new Error('Context value cognitoDomainPrefix must be lower-case letters, digits and hyphens');
  }
  return prefix;
}

function uploadOrigins(app: App): string[] {
  const origins: unknown = app.node.tryGetContext('uploadOrigins');
  return typeof origins === 'string' ? origins.split(',').map((origin) => origin.trim()) : ['*'];
}

function publicBaseUrl(app: App): string | undefined {
  const url: unknown = app.node.tryGetContext('publicBaseUrl');
  if (url === undefined) return undefined;
  if (typeof url !== 'string' || !/^https:\/\/[^/\s]+(\/[^\s]*)?$/.test(url)) {
    throw new Error('Context value publicBaseUrl must be an https:// URL, e.g. https://data.example.gov.cn');
  }
  return url.replace(/\/+$/, '');
}

export interface GovshareStacksOptions {
  /** The built web console (console/dist, made by ensureConsoleBuilt of @govshare/local). */
  consoleAssets: string;
}

/** Adds govshare's two environment-agnostic stacks, both derived from the blueprint, to the app. */
export function addGovshareStacks(
  app: App,
  options: GovshareStacksOptions,
): { data: DataStack; api: ApiStack } {
  const data = new DataStack(app, 'GovshareData', {
    description: 'govshare stateful resources: KMS key, tables, buckets, queues',
    blueprint: govshare,
    uploadOrigins: uploadOrigins(app),
  });
  const api = new ApiStack(app, 'GovshareApi', {
    description:
      'govshare stateless resources: web console (CloudFront, S3), HTTP API, functions, consumers, schedules',
    blueprint: govshare,
    data,
    externalIssuer: externalIssuer(app),
    publicBaseUrl: publicBaseUrl(app),
    consoleAssets: options.consoleAssets,
    cognitoDomainPrefix: cognitoDomainPrefix(app),
  });
  return { data, api };
}
