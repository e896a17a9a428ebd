import {
  type Access,
  AUDIT_ENV,
  type Blueprint,
  bucketEnvName,
  COMMON_ENV,
  type FunctionSpec,
  functionNameEnvName,
  type HttpFunctionSpec,
  queueUrlEnvName,
  type ScheduleSpec,
  SEAL_ENV,
  tableEnvName,
} from '@govshare/blueprint';
import { ROLES } from '@govshare/domain/kernel';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CALLBACK_PATH, SIGNED_OUT_PATH } from '../../console/src/settings.ts';
import { Alarms } from '../constructs/alarms.ts';
import { ConsoleSite } from '../constructs/console-site.ts';
import { DEFAULT_TIMEOUT_SECONDS, GovshareFunction } from '../constructs/govshare-function.ts';
import { acknowledge, acknowledgeGrantWildcards, type GrantedWildcard } from '../nag.ts';
import type { DataResources } from './data-stack.ts';

/** Who issues the bearer tokens the API accepts. */
export interface TokenIssuer {
  issuer: string;
  audience: string;
  /** Where the issuer publishes its keys, if not at `${issuer}/.well-known/jwks.json`. */
  jwksUrl?: string;
}

/** An external OIDC issuer, and the client the web console signs in with there. */
export interface ExternalIssuer extends TokenIssuer {
  /** A public client (no secret) allowed the authorization code grant with PKCE; default: the audience. */
  consoleClientId?: string;
}

export interface ApiStackProps extends StackProps {
  blueprint: Blueprint;
  data: DataResources;
  /** An external OIDC issuer; without it the stack creates a Cognito user pool. */
  externalIssuer?: ExternalIssuer;
  /** The built web console (console/dist). */
  consoleAssets: string;
  /** The Cognito domain prefix of the sign-in pages (unique in the region); default govshare-<account>. */
  cognitoDomainPrefix?: string;
  /** Where the API is reached from outside (a custom domain); default: the HTTP API's endpoint. */
  publicBaseUrl?: string;
}

type AnyFunction = FunctionSpec<string, string, string>;

/** Stage-wide limits in requests per second: a ceiling against runaway clients, far above expected load. */
const THROTTLE = { rateLimit: 200, burstLimit: 400 };

const tableGrants: Record<Access, (table: dynamodb.ITable, to: iam.IGrantable) => void> = {
  read: (table, to) => table.grantReadData(to),
  write: (table, to) => table.grantWriteData(to),
  readwrite: (table, to) => table.grantReadWriteData(to),
};

const bucketGrants: Record<Access, (bucket: s3.IBucket, to: iam.IGrantable, objects: string) => void> = {
  read: (bucket, to, objects) => bucket.grantRead(to, objects),
  write: (bucket, to, objects) => bucket.grantWrite(to, objects),
  readwrite: (bucket, to, objects) => bucket.grantReadWrite(to, objects),
};

/** Looks a blueprint name up among the deployed resources; a miss is a blueprint error. */
function resource<T>(resources: Readonly<Record<string, T>>, name: string, kind: string): T {
  const found = resources[name];
  if (found === undefined)
    throw new Error(`The blueprint names ${kind} '${name}', which the data stack lacks`);
  return found;
}

/**
 * Functions that send to the audit-trail queue record audit events, so they hash subjects with the
 * audit trail's key; a few others declare that they need it (the chain's checkpoints are signed with it).
 */
const readsAuditKey = (spec: AnyFunction) =>
  (spec.sendsTo ?? []).includes('audit-trail') || spec.auditKey === true;

/** Entries of a partial record, without the absent ones. */
const accessEntries = (record: Partial<Record<string, Access>> = {}) =>
  Object.entries(record).filter((entry): entry is [string, Access] => entry[1] !== undefined);

function eventSchedule(schedule: ScheduleSpec): events.Schedule {
  if ('everyMinutes' in schedule) return events.Schedule.rate(Duration.minutes(schedule.everyMinutes));
  const [hour, minute] = schedule.dailyAtUtc.split(':');
  return events.Schedule.cron({ hour: String(Number(hour)), minute: String(Number(minute)) });
}

/** What the console asks of the issuer: only the subject; the unit and roles are the directory's. */
const CONSOLE_SCOPES = 'openid';

/**
 * The stateless stack: HTTP API, functions, consumers and schedules, all from the blueprint; and the
 * web console before it (CloudFront + S3). The console is here rather than in a stack of its own
 * because Cognito's console client needs the distribution's address and the API's authorizer needs
 * that client: across two stacks the references would run both ways.
 */
export class ApiStack extends Stack {
  readonly api: apigw.HttpApi;
  readonly console: ConsoleSite;
  readonly functions: Record<string, GovshareFunction> = {};
  private readonly authorizer: HttpJwtAuthorizer;
  private readonly issuer: TokenIssuer;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ApiStackProps,
  ) {
    super(scope, id, props);
    this.api = this.httpApi();
    const external = props.externalIssuer;
    const cognito = external ? undefined : this.userPool();
    this.console = new ConsoleSite(this, 'Console', {
      api: this.api,
      assets: props.consoleAssets,
      connectOrigins: [
        ...(cognito
          ? // Discovery at the pool's issuer, the token endpoint at its domain.
            [`https://cognito-idp.${this.region}.${this.urlSuffix}`, cognito.domain.baseUrl()]
          : [new URL((external as ExternalIssuer).issuer).origin]),
        // A page PUTs files to presigned URLs (a dataset upload): S3's own, virtual-hosted, per bucket.
        ...Object.entries(props.blueprint.buckets)
          .filter(([, spec]) => spec.presignedUploads)
          .map(
            ([name]) => `https://${resource(props.data.buckets, name, 'bucket').bucketRegionalDomainName}`,
          ),
      ],
      logKey: props.data.key,
    });
    if (cognito) {
      const client = this.consoleClient(cognito.pool);
      this.issuer = { issuer: cognito.pool.userPoolProviderUrl, audience: client.userPoolClientId };
      this.console.deploy({
        apiUrl: this.console.url,
        auth: {
          kind: 'oidc',
          issuer: this.issuer.issuer,
          clientId: client.userPoolClientId,
          scopes: CONSOLE_SCOPES,
          // Cognito's discovery document names no end-session endpoint.
          endSessionEndpoint: `${cognito.domain.baseUrl()}/logout`,
        },
      });
    } else {
      const { consoleClientId, ...issuer } = external as ExternalIssuer;
      this.issuer = issuer;
      this.console.deploy({
        apiUrl: this.console.url,
        auth: {
          kind: 'oidc',
          issuer: issuer.issuer,
          clientId: consoleClientId ?? issuer.audience,
          scopes: CONSOLE_SCOPES,
        },
      });
    }
    new CfnOutput(this, 'ConsoleUrl', { value: this.console.url });
    this.authorizer = new HttpJwtAuthorizer('Jwt', this.issuer.issuer, {
      jwtAudience: [this.issuer.audience],
    });

    const functions = new Construct(this, 'Functions');
    const alarms = new Alarms(this, 'Alarms', props.data.alarmTopic);
    for (const [name, spec] of Object.entries(props.blueprint.functions)) {
      const fn = new GovshareFunction(functions, name, {
        entry: spec.entry,
        description: spec.description,
        memoryMb: spec.memoryMb,
        timeoutSeconds: spec.timeoutSeconds,
        ...(spec.files ? { files: spec.files } : {}),
        environment: this.functionEnvironment(spec),
        logKey: props.data.key,
      });
      this.grantAccess(fn, spec);
      this.wire(name, fn, spec);
      alarms.watchFunction(name, fn.function);
      this.functions[name] = fn;
    }
    for (const [name, spec] of Object.entries(props.blueprint.functions)) {
      this.grantInvokes(name, spec);
    }
  }

  /**
   * A function that `invokes` others learns their names and may invoke exactly those (their
   * unqualified ARN: no version or alias is deployed), after all functions exist.
   */
  private grantInvokes(name: string, spec: AnyFunction): void {
    const caller = resource(this.functions, name, 'function');
    for (const target of spec.invokes ?? []) {
      const invoked = resource(this.functions, target, 'function');
      if (this.props.blueprint.functions[target]?.kind !== 'invoked') {
        throw new Error(`${name} invokes ${target}, which the blueprint does not declare kind 'invoked'`);
      }
      caller.function.addEnvironment(functionNameEnvName(target), invoked.function.functionName);
      caller.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: [invoked.function.functionArn],
        }),
      );
    }
  }

  private userPool(): { pool: cognito.UserPool; domain: cognito.UserPoolDomain } {
    const pool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      customAttributes: { unit: new cognito.StringAttribute({ mutable: true, minLen: 1, maxLen: 64 }) },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      // The pool holds the people: it outlives this otherwise stateless stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Group names are the roles: Cognito puts them in the token's cognito:groups claim.
    for (const role of ROLES) pool.addGroup(role, { groupName: role });
    // Cognito's own sign-in pages (and its token endpoint) for the console.
    const domain = pool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: this.props.cognitoDomainPrefix ?? `govshare-${this.account}` },
    });
    new CfnOutput(this, 'UserPoolId', { value: pool.userPoolId });
    return { pool, domain };
  }

  /**
   * The web console's client, whose id is the audience of every token the API accepts: a public
   * client (no secret, which a browser could not keep) using the authorization code grant with PKCE,
   * back to the distribution only.
   */
  private consoleClient(pool: cognito.UserPool): cognito.UserPoolClient {
    const client = pool.addClient('WebClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // A working day: the console renews its access token with it, and signs in again the next day.
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID],
        callbackUrls: [this.console.url + CALLBACK_PATH],
        logoutUrls: [this.console.url + SIGNED_OUT_PATH],
      },
    });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    return client;
  }

  private httpApi(): apigw.HttpApi {
    const api = new apigw.HttpApi(this, 'Api', {
      apiName: this.props.blueprint.name,
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: this.props.data.key,
    });
    const stage = api.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: THROTTLE,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // Who called what and how it ended; no body, no token, no personal data beyond the source IP.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            responseLength: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    return api;
  }

  private functionEnvironment(spec: AnyFunction): Record<string, string> {
    const { tables, buckets, queues } = this.props.data;
    return {
      [COMMON_ENV.mode]: 'aws',
      [COMMON_ENV.authIssuer]: this.issuer.issuer,
      [COMMON_ENV.authAudience]: this.issuer.audience,
      [COMMON_ENV.publicBaseUrl]: this.props.publicBaseUrl ?? this.api.apiEndpoint,
      ...(this.issuer.jwksUrl && { [COMMON_ENV.authJwksUrl]: this.issuer.jwksUrl }),
      ...Object.fromEntries(
        accessEntries(spec.tables).map(([name]) => [
          tableEnvName(name),
          resource(tables, name, 'table').tableName,
        ]),
      ),
      ...Object.fromEntries(
        accessEntries(spec.buckets).map(([name]) => [
          bucketEnvName(name),
          resource(buckets, name, 'bucket').bucketName,
        ]),
      ),
      ...Object.fromEntries(
        (spec.sendsTo ?? []).map((name) => [queueUrlEnvName(name), resource(queues, name, 'queue').queueUrl]),
      ),
      // Producers of audit events hash subjects with the audit trail's key; checkpoints are signed with it.
      ...(readsAuditKey(spec) && {
        [AUDIT_ENV.subjectKeySecretArn]: this.props.data.auditSubjectKey.secretArn,
      }),
      // The units' private seal keys are kept encrypted under the platform's key (seal-keys.ts).
      ...(spec.sealKeys && { [SEAL_ENV.kmsKeyId]: this.props.data.key.keyArn }),
    };
  }

  /** Least privilege: exactly the blueprint's access levels; the KMS grants follow from them. */
  private grantAccess(fn: GovshareFunction, spec: AnyFunction): void {
    const { tables, buckets, queues } = this.props.data;
    const wildcards: GrantedWildcard[] = [];
    for (const [name, access] of accessEntries(spec.tables)) {
      const table = resource(tables, name, 'table');
      tableGrants[access](table, fn.function);
      wildcards.push({
        arn: `${table.tableArn}/index/*`,
        reason: `Queries on the indexes of the ${name} table, which the blueprint grants ${access}`,
      });
    }
    for (const [name, access] of accessEntries(spec.buckets)) {
      const bucket = resource(buckets, name, 'bucket');
      const prefix = spec.objectPrefixes?.[name as keyof typeof spec.objectPrefixes] ?? '';
      bucketGrants[access](bucket, fn.function, `${prefix}*`);
      wildcards.push({
        arn: bucket.arnForObjects(`${prefix}*`),
        reason: prefix
          ? `Objects under ${prefix} of the ${name} bucket, which the blueprint grants ${access} there`
          : `Objects of the ${name} bucket, which the blueprint grants ${access}`,
      });
    }
    for (const name of spec.sendsTo ?? []) resource(queues, name, 'queue').grantSendMessages(fn.function);
    if (readsAuditKey(spec)) {
      // Granted on the role (Secret.grantRead would also write the key policy of the data stack: a cycle).
      fn.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          resources: [this.props.data.auditSubjectKey.secretArn],
        }),
      );
      this.props.data.key.grantDecrypt(fn.function);
    }
    if (spec.sealKeys) {
      // Exactly the calls the seal keys need, on the role (as above: no cycle through the key policy):
      // Encrypt makes a unit's key, Decrypt seals with it; a function handed keys only decrypts.
      fn.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: spec.sealKeys === 'decrypt' ? ['kms:Decrypt'] : ['kms:Encrypt', 'kms:Decrypt'],
          resources: [this.props.data.key.keyArn],
          conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'govshare-seal-key' } },
        }),
      );
    }
    acknowledgeGrantWildcards(fn.policy, wildcards);
  }

  /** Connects the function to what invokes it. */
  private wire(name: string, fn: GovshareFunction, spec: AnyFunction): void {
    switch (spec.kind) {
      case 'http':
        this.addRoutes(name, fn, spec);
        acknowledge(fn.function, {
          'NIST.800.53.R5-LambdaDLQ':
            'Invoked synchronously by API Gateway: a failure is returned to the caller, there is no event to keep.',
        });
        return;
      case 'consumer': {
        const queue = resource(this.props.data.queues, spec.queue, 'queue');
        const timeout = spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
        const visibility = this.props.blueprint.queues[spec.queue]?.visibilityTimeoutSeconds ?? 0;
        if (timeout > visibility) {
          throw new Error(
            `Consumer ${name} may run ${timeout}s, longer than ${spec.queue}'s visibility timeout`,
          );
        }
        fn.function.addEventSource(
          new SqsEventSource(queue, {
            batchSize: spec.batchSize,
            maxBatchingWindow:
              spec.maxBatchingWindowSeconds === undefined
                ? undefined
                : Duration.seconds(spec.maxBatchingWindowSeconds),
            reportBatchItemFailures: true,
          }),
        );
        acknowledge(fn.function, {
          'NIST.800.53.R5-LambdaDLQ': `Fed by SQS: failed messages return to ${spec.queue} and move to its dead-letter queue after maxReceiveCount.`,
        });
        return;
      }
      case 'invoked':
        acknowledge(fn.function, {
          'NIST.800.53.R5-LambdaDLQ':
            'Invoked synchronously (RequestResponse) by the functions the blueprint lets invoke it: a failure is returned to the caller, there is no event to keep.',
        });
        return;
      case 'schedule':
        new events.Rule(fn, 'Schedule', {
          description: `Runs ${name}`,
          schedule: eventSchedule(spec.schedule),
          targets: [new targets.LambdaFunction(fn.function, { retryAttempts: 2 })],
        });
        acknowledge(fn.function, {
          'NIST.800.53.R5-LambdaDLQ':
            'A scheduled sweep carries no payload to keep: a failed run is retried, and the next scheduled run sweeps again.',
        });
        return;
    }
  }

  private addRoutes(
    name: string,
    fn: GovshareFunction,
    spec: HttpFunctionSpec<string, string, string>,
  ): void {
    // One invoke permission per function for this API, not one per route: 136 routes made 143
    // permissions (a third of the stack's 500-resource limit) and fill the function's 20 KB resource
    // policy. Still only this API may invoke it, and the function answers only the routes the
    // blueprint gives it (platform/http.ts refuses any other path).
    const integration = new HttpLambdaIntegration(`${name}Integration`, fn.function, {
      scopePermissionToRoute: false,
    });
    for (const route of Object.values(spec.routes)) {
      if (route.localOnly) continue;
      const isPublic = route.access === 'public';
      const [added] = this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
        authorizer: isPublic ? undefined : this.authorizer,
      });
      if (isPublic && added) {
        acknowledge(added, {
          'AwsSolutions-APIG4': `The blueprint declares ${route.method} ${route.path} public (${route.summary}); it reveals nothing about units or people.`,
        });
      }
    }
  }
}
