import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BucketSpec, govshare } from '@govshare/blueprint';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_PATH, parseSettings } from '../../../console/src/settings.ts';
import { API_PATH_PATTERNS, SPA_FALLBACK_CODE } from '../../../infra/constructs/console-site.ts';
import { addGovshareStacks } from '../../../infra/govshare-app.ts';
import { CONSOLE_SETTINGS_FILE, SECURITY_HEADERS } from '../../../packages/local/src/console-site.ts';
import { consoleBuildFixture } from '../../support/console-build.ts';

/** The web console in the synthesized template: private bucket, OAC, headers, API on the same origin, settings. */

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, walked by the assertions below
type Json = any;
type Resources = Record<string, { Type: string; Properties: Json }>;

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

function synthesize(context: Record<string, string> = {}) {
  const cdkJson = JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8'));
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context } });
  const { api } = addGovshareStacks(app, { consoleAssets: consoleBuildFixture() });
  const resources: Resources = Template.fromStack(api).toJSON().Resources;
  return { resources, outdir: app.outdir };
}

const ofType = (resources: Resources, type: string) =>
  Object.entries(resources).filter(([, r]) => r.Type === type);
function one(resources: Resources, type: string): [string, Json] {
  const found = ofType(resources, type);
  expect(found, type).toHaveLength(1);
  const [id, resource] = found[0] as [string, { Properties: Json }];
  return [id, resource.Properties];
}

/** The settings JSON the page deployment writes, its deploy-time values put back as CloudFormation. */
function deployedSettings(resources: Resources, outdir: string): Json {
  const [, page] =
    ofType(resources, 'Custom::CDKBucketDeployment').find(([id]) => id.includes('DeployPage')) ?? [];
  expect(page).toBeDefined();
  const props = page?.Properties;
  for (const [index, key] of (props.SourceObjectKeys as string[]).entries()) {
    const dir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
    if (!readdirSync(dir).includes(CONSOLE_SETTINGS_FILE)) continue;
    const markers: Record<string, Json> = props.SourceMarkers[index];
    let text = readFileSync(join(dir, CONSOLE_SETTINGS_FILE), 'utf8');
    for (const [marker, value] of Object.entries(markers))
      text = text.replaceAll(marker, `{${JSON.stringify(value).replaceAll('"', "'")}}`);
    return JSON.parse(text);
  }
  throw new Error(`no ${CONSOLE_SETTINGS_FILE} among the page deployment's sources`);
}

let resources: Resources;
let outdir: string;
let distributionId: string;
let distribution: Json;

beforeAll(() => {
  ({ resources, outdir } = synthesize());
  [distributionId, { DistributionConfig: distribution }] = one(resources, 'AWS::CloudFront::Distribution');
}, 60_000);

describe('the console bucket', () => {
  it('is private, encrypted, TLS only, logged, and readable by this distribution alone', () => {
    const buckets = ofType(resources, 'AWS::S3::Bucket');
    const [contentId, content] = buckets.find(([id]) => id.startsWith('ConsoleContent')) ?? [];
    expect(content?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(content?.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toHaveLength(1);
    expect(content?.Properties.LoggingConfiguration.DestinationBucketName).toBeDefined();
    expect(content?.Properties.WebsiteConfiguration).toBeUndefined();

    const policy = ofType(resources, 'AWS::S3::BucketPolicy').find(
      ([, r]) => r.Properties.Bucket.Ref === contentId,
    )?.[1].Properties.PolicyDocument.Statement as Json[];
    expect(policy).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const allows = policy.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Action: 's3:GetObject',
      Principal: { Service: 'cloudfront.amazonaws.com' },
    });
    expect(JSON.stringify(allows[0].Condition.StringEquals['AWS:SourceArn'])).toContain(distributionId);
  });

  it('is the distribution’s default origin through origin access control, without OAI', () => {
    const [oacId, oac] = one(resources, 'AWS::CloudFront::OriginAccessControl');
    expect(oac.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
    });
    const s3Origin = distribution.Origins.find((origin: Json) => origin.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId['Fn::GetAtt'][0]).toBe(oacId);
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    expect(distribution.DefaultCacheBehavior.TargetOriginId).toBe(s3Origin.Id);
    expect(ofType(resources, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual([]);
    expect(distribution.Logging.Prefix).toBe('cloudfront/');
  });
});

describe('the distribution', () => {
  it('sends the local CSP (plus the issuer’s origins), HSTS, no framing, nosniff and no referrer on every behaviour', () => {
    const [headersId, headers] = one(resources, 'AWS::CloudFront::ResponseHeadersPolicy');
    const config = headers.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = (config.ContentSecurityPolicy.ContentSecurityPolicy['Fn::Join'][1] as Json[])
      .map((part) => (typeof part === 'string' ? part : '<token>'))
      .join('');
    const local = SECURITY_HEADERS['content-security-policy'] ?? '';
    expect(csp.replace(/ connect-src 'self'[^;]*;/, " connect-src 'self';")).toBe(local);
    // The issuer's, then each presigned-upload bucket's own (a page PUTs dataset files to S3).
    const uploadBuckets = Object.values(govshare.buckets as Record<string, BucketSpec>).filter(
      (spec) => spec.presignedUploads,
    );
    expect(csp).toMatch(
      new RegExp(
        "connect-src 'self' https://cognito-idp\\.<token>\\.<token> https://<token>\\.auth\\.<token>\\.amazoncognito\\.com" +
          `${' https://<token>'.repeat(uploadBuckets.length)};`,
      ),
    );
    const bucketOrigins = (
      config.ContentSecurityPolicy.ContentSecurityPolicy['Fn::Join'][1] as Json[]
    ).filter((part) => typeof part !== 'string' && JSON.stringify(part).includes('RegionalDomainName'));
    expect(bucketOrigins).toHaveLength(uploadBuckets.length);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(config.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 31_536_000,
      Override: true,
    });
    expect(config.FrameOptions.FrameOption).toBe('DENY');
    expect(config.ContentTypeOptions.Override).toBe(true);
    expect(config.ReferrerPolicy.ReferrerPolicy).toBe('no-referrer');
    for (const behaviour of [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors]) {
      expect(behaviour.ResponseHeadersPolicyId.Ref).toBe(headersId);
    }
  });

  it('sends /v1/* and /api/3/* to the HTTP API uncached, every method, with the caller’s Authorization', () => {
    const [apiId] = one(resources, 'AWS::ApiGatewayV2::Api');
    expect(distribution.CacheBehaviors.map((b: Json) => b.PathPattern)).toEqual([...API_PATH_PATTERNS]);
    for (const behaviour of distribution.CacheBehaviors) {
      expect(behaviour).toMatchObject({
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        ViewerProtocolPolicy: 'https-only',
      });
      expect(behaviour.AllowedMethods.sort()).toEqual([
        'DELETE',
        'GET',
        'HEAD',
        'OPTIONS',
        'PATCH',
        'POST',
        'PUT',
      ]);
      const origin = distribution.Origins.find((o: Json) => o.Id === behaviour.TargetOriginId);
      expect(origin.CustomOriginConfig).toEqual({
        OriginProtocolPolicy: 'https-only',
        OriginSSLProtocols: ['TLSv1.2'],
      });
      expect(origin.DomainName['Fn::Join'][1][0]).toEqual({ Ref: apiId });
    }
  });

  it('covers every deployed route of the blueprint with an API behaviour', () => {
    const covered = (path: string) =>
      API_PATH_PATTERNS.some((pattern) => path.startsWith(pattern.slice(0, -1)));
    for (const spec of Object.values(govshare.functions)) {
      if (spec.kind !== 'http') continue;
      for (const route of Object.values(spec.routes)) {
        if (!route.localOnly) expect(covered(route.path), route.path).toBe(true);
      }
    }
  });

  it('serves index.html for the console’s addresses and the files of the build as they are', () => {
    const [, fn] = one(resources, 'AWS::CloudFront::Function');
    expect(fn.FunctionCode).toBe(SPA_FALLBACK_CODE);
    const handler = new Function(`${SPA_FALLBACK_CODE}; return handler;`)() as (event: Json) => {
      uri: string;
    };
    const uriOf = (uri: string) => handler({ request: { uri } }).uri;
    expect(uriOf('/')).toBe('/index.html');
    expect(uriOf('/catalogue/resources/101-000001')).toBe('/index.html');
    expect(uriOf(CALLBACK_PATH)).toBe('/index.html');
    expect(uriOf('/assets/index-abc123.js')).toBe('/assets/index-abc123.js');
    expect(uriOf(`/${CONSOLE_SETTINGS_FILE}`)).toBe(`/${CONSOLE_SETTINGS_FILE}`);
    expect(distribution.DefaultCacheBehavior.FunctionAssociations[0].EventType).toBe('viewer-request');
    // Only the console's behaviour: an API 404 stays the API's problem+json.
    for (const behaviour of distribution.CacheBehaviors)
      expect(behaviour.FunctionAssociations).toBeUndefined();
    expect(distribution.CustomErrorResponses).toBeUndefined();
  });
});

describe('sign-in in AWS', () => {
  it('deploys the runtime settings: the API on the distribution, Cognito as issuer, the console’s client', () => {
    const settings = deployedSettings(resources, outdir);
    const [poolId] = one(resources, 'AWS::Cognito::UserPool');
    const [clientId, client] = one(resources, 'AWS::Cognito::UserPoolClient');
    const [domainId] = one(resources, 'AWS::Cognito::UserPoolDomain');
    expect(settings.apiUrl).toBe(`https://{{'Fn::GetAtt':['${distributionId}','DomainName']}}`);
    expect(settings.auth).toEqual({
      kind: 'oidc',
      issuer: `{{'Fn::GetAtt':['${poolId}','ProviderURL']}}`,
      clientId: `{{'Ref':'${clientId}'}}`,
      scopes: 'openid',
      endSessionEndpoint: `https://{{'Ref':'${domainId}'}}.auth.{{'Ref':'AWS::Region'}}.amazoncognito.com/logout`,
    });
    // With its tokens resolved, the console's own parser takes it.
    const resolved = JSON.parse(
      JSON.stringify(settings)
        .replace(/"\{\{[^}]*\}\}"/g, '"https://deploy-time.invalid"')
        .replace(/\{\{[^}]*\}\}/g, 'deploy-time'),
    );
    expect(parseSettings(resolved, 'https://x').auth.kind).toBe('oidc');

    expect(client).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(client.CallbackURLs).toEqual([
      { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, CALLBACK_PATH]] },
    ]);
    // The console's tokens are the ones the API accepts.
    const [, authorizer] = one(resources, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.JwtConfiguration.Audience).toEqual([{ Ref: clientId }]);
  });

  it('with an external issuer, signs the console in there with its console client', () => {
    const issuer = 'https://login.example.gov.invalid/realms/govshare';
    const external = synthesize({
      oidcIssuer: issuer,
      oidcAudience: 'govshare-api',
      oidcConsoleClientId: 'govshare-console',
    });
    expect(ofType(external.resources, 'AWS::Cognito::UserPoolClient')).toEqual([]);
    expect(deployedSettings(external.resources, external.outdir).auth).toEqual({
      kind: 'oidc',
      issuer,
      clientId: 'govshare-console',
      scopes: 'openid',
    });
    const [, headers] = one(external.resources, 'AWS::CloudFront::ResponseHeadersPolicy');
    // The issuer's origin, then the upload buckets' (as with Cognito above).
    expect(JSON.stringify(headers)).toContain(
      "connect-src 'self' https://login.example.gov.invalid https://",
    );
  }, 60_000);
});
