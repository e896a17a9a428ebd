import { join } from 'node:path';
import { CONSOLE_SETTINGS_FILE, IMMUTABLE, SECURITY_HEADERS } from '@govshare/local/console-site';
import { Aws, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { ConsoleSettings } from '../../console/src/settings.ts';
import { acknowledge, acknowledgeGrantWildcards } from '../nag.ts';

/** The API's paths, sent on to the HTTP API; every deployed route of the blueprint is under one (tested). */
export const API_PATH_PATTERNS = ['/v1/*', '/api/3/*'] as const;

/**
 * The console's addresses (`/`, `/catalogue/resources/101-000001`) are its page, which the router in
 * it reads; a last path segment with a dot is a file of the build. The same rule as the local
 * gateway's (packages/local/src/console-site.ts). CloudFront Functions run this ES5.1-like subset.
 */
export const SPA_FALLBACK_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/** The local gateway's Content-Security-Policy, with the issuer's origins the sign-in talks to added. */
export function consoleCsp(connectOrigins: readonly string[]): string {
  const local = SECURITY_HEADERS['content-security-policy'] ?? '';
  if (!local.includes("connect-src 'self'"))
    throw new Error("The local CSP has no connect-src 'self' to extend");
  return local.replace("connect-src 'self'", ["connect-src 'self'", ...connectOrigins].join(' '));
}

export interface ConsoleSiteProps {
  api: apigw.HttpApi;
  /** The built console (console/dist): index.html and the hashed files under assets/. */
  assets: string;
  /** Origins the browser calls to sign in (the issuer's discovery and token endpoints). */
  connectOrigins: readonly string[];
  /** Encrypts the deployment function's log group. */
  logKey: kms.IKey;
}

/**
 * The web console in AWS: its build in a private bucket, read by CloudFront through origin access
 * control, the API's paths on the same distribution (so the console calls its own origin: no CORS),
 * security headers on every answer. `deploy` writes the build and the runtime settings.
 */
export class ConsoleSite extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly bucket: s3.Bucket;
  /** https://<distribution>.cloudfront.net */
  readonly url: string;
  private readonly props: ConsoleSiteProps;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    this.props = props;
    const logs = this.logBucket();
    this.bucket = new s3.Bucket(this, 'Content', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      // The build is deployed again with every deployment: old versions are of no use after a month.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.bucket, {
      'NIST.800.53.R5-S3DefaultEncryptionKMS':
        "The console's build (HTML, JavaScript, CSS) is what CloudFront serves to anyone; SSE-S3 encrypts it at rest, and a KMS key would guard no secret.",
      'NIST.800.53.R5-S3BucketReplicationEnabled':
        'The content is the build in this repository, deployed again by every cdk deploy: a replica would hold nothing that cannot be rebuilt.',
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'govshare console: CSP as npm start sends it, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleCsp(props.connectOrigins), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    const stack = Stack.of(this);
    const apiOrigin = new origins.HttpOrigin(
      `${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`,
      {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      },
    );
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      // Every answer is the caller's own: nothing is cached, and with caching off the viewer's
      // Authorization header goes to the origin with the rest (but Host, which API Gateway must see as its own).
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers,
    };
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'govshare web console and API',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'SpaFallback', {
              comment: "Serves index.html for the console's own addresses",
              code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK_CODE),
              runtime: cloudfront.FunctionRuntime.JS_2_0,
            }),
          },
        ],
      },
      additionalBehaviors: Object.fromEntries(API_PATH_PATTERNS.map((pattern) => [pattern, apiBehavior])),
    });
    acknowledge(this.distribution, {
      'AwsSolutions-CFR1':
        'The console and API serve government staff wherever they work; who may use them is decided by sign-in and the directory, not by country.',
      'AwsSolutions-CFR2':
        'The API behind the distribution has its own stage throttling and JWT authorizer; a WAF web ACL (and its rule set) is the deploying organisation’s own, attached to the distribution where it has one.',
      'AwsSolutions-CFR4':
        'Without a custom domain the distribution answers on *.cloudfront.net with CloudFront’s default certificate, whose security policy CloudFront fixes (current browsers negotiate TLS 1.2 or 1.3 with it); a custom domain with its own certificate is what lets TLSv1.2_2021 be required.',
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Writes the build and the runtime settings. The hashed files go first and stay (a tab still on the
   * previous page keeps finding its files); then index.html and the settings, asked for again on each load.
   */
  deploy(settings: ConsoleSettings): void {
    const { assets, logKey } = this.props;
    const logGroup = new logs.LogGroup(this, 'DeploymentLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: logKey,
    });
    const hashed = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'assets/',
      sources: [s3deploy.Source.asset(join(assets, 'assets'))],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString(IMMUTABLE)],
      logGroup,
    });
    const page = new s3deploy.BucketDeployment(this, 'DeployPage', {
      destinationBucket: this.bucket,
      sources: [
        s3deploy.Source.asset(assets, { exclude: ['assets', 'assets/**', '.source-hash'] }),
        s3deploy.Source.jsonData(CONSOLE_SETTINGS_FILE, settings),
      ],
      // The hashed files are DeployAssets' own: not pruned here.
      exclude: ['assets/*'],
      cacheControl: [s3deploy.CacheControl.fromString('no-cache')],
      logGroup,
    });
    page.node.addDependency(hashed);
    this.acknowledgeDeploymentFunction(page);
  }

  /**
   * The findings on the function CDK writes for every BucketDeployment of the stack (one singleton,
   * at the stack's root): it copies the build from the CDK asset bucket into the console's bucket
   * during a deployment, and does nothing else.
   */
  private acknowledgeDeploymentFunction(deployment: s3deploy.BucketDeployment): void {
    const stack = Stack.of(this);
    const role = deployment.handlerRole as iam.Role;
    const policy = role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as iam.CfnPolicy | undefined;
    const fn = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!policy || !fn) throw new Error('The BucketDeployment function or its policy was not found');
    const copy =
      'BucketDeployment copies the console build from the CDK asset bucket into the console bucket';
    const qualifier = stack.synthesizer.bootstrapQualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    acknowledgeGrantWildcards(
      policy,
      [
        {
          arn: `arn:${Aws.PARTITION}:s3:::cdk-${qualifier}-assets-${Aws.ACCOUNT_ID}-${Aws.REGION}/*`,
          reason: `${copy}: it reads the build's zip, whose object key is known only at deployment`,
        },
        {
          arn: this.bucket.arnForObjects('*'),
          reason: `${copy}: it writes and prunes the build's files, which change with every build`,
        },
      ],
      {
        's3:GetObject*': `${copy}: reading the build's zip (CDK's S3 read grant on the asset bucket)`,
        's3:GetBucket*': `${copy}: CDK's S3 read grant on the asset bucket`,
        's3:List*': `${copy}: listing what is there to prune it (CDK's grants on the two buckets)`,
        's3:DeleteObject*': `${copy}: removing files of an earlier build (CDK's write grant on the console bucket)`,
        's3:Abort*': `${copy}: aborting its own multipart uploads (CDK's write grant on the console bucket)`,
      },
    );
    acknowledge(role, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
        'CDK’s BucketDeployment function writes only its own logs with it; the managed policy is the one AWS keeps current for that.',
      'NIST.800.53.R5-IAMNoInlinePolicy':
        'The inline policy is CDK’s grant to the BucketDeployment function on exactly the two buckets it copies between.',
    });
    acknowledge(fn, {
      'AwsSolutions-L1':
        'The runtime of CDK’s BucketDeployment function is chosen by aws-cdk-lib (it runs the AWS CLI in Python) and moves with each release of it.',
      'NIST.800.53.R5-LambdaConcurrency':
        'Runs only during a CloudFormation deployment, once per BucketDeployment: there is no traffic to limit.',
      'NIST.800.53.R5-LambdaDLQ':
        'Invoked by CloudFormation as a custom resource: a failure fails (and rolls back) the deployment, there is no event to keep.',
      'NIST.800.53.R5-LambdaInsideVPC':
        'Copies between two S3 buckets during a deployment and reaches nothing else; the platform has no VPC to put it in.',
    });
  }

  /** Access logs of the bucket (S3 server access logs) and of the distribution (CloudFront standard logs). */
  private logBucket(): s3.Bucket {
    const bucket = new s3.Bucket(this, 'AccessLogs', {
      // S3 server access logs are delivered only to SSE-S3 buckets; CloudFront standard logs need ACLs.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(bucket, {
      'NIST.800.53.R5-S3DefaultEncryptionKMS':
        'S3 server access logs can only be delivered to a bucket encrypted with S3-managed keys (SSE-S3).',
      'NIST.800.53.R5-S3BucketReplicationEnabled':
        'Access logs are versioned in place; replicating them to another region would move government data out of the region it is deployed to.',
      'AwsSolutions-S1': 'This is the access-log bucket itself; logging its own access would loop.',
    });
    return bucket;
  }
}
