import { readFileSync } from 'node:fs';
import {
  AUDIT_ENV,
  bucketEnvName,
  COMMON_ENV,
  FUNCTION_DEFAULTS,
  type FunctionSpec,
  functionNameEnvName,
  govshare,
  queueUrlEnvName,
  type ScheduleSpec,
  SEAL_ENV,
  tableEnvName,
} from '@govshare/blueprint';
import { ROLES } from '@govshare/domain/kernel';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { addGovshareStacks } from '../../../infra/govshare-app.ts';
import { consoleBuildFixture } from '../../support/console-build.ts';

/**
 * The synthesized templates, read as CloudFormation, must say what the blueprint says.
 * Resources are found by what the blueprint names (the construct path segment, or the
 * function description), then checked property by property.
 */

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, walked by the assertions below
type Json = any;
type Resource = { Type: string; Properties: Record<string, Json>; DeletionPolicy?: string; Metadata?: Json };
type Resources = Record<string, Resource>;
type Spec = FunctionSpec<string, string, string>;

const functions = Object.entries(govshare.functions) as [string, Spec][];
const deployedRoutes = functions.flatMap(([name, spec]) =>
  spec.kind === 'http'
    ? Object.values(spec.routes)
        .filter((r) => !r.localOnly)
        .map((route) => ({ name, route }))
    : [],
);

function synthesize(context: Record<string, string> = {}): { data: Resources; api: Resources } {
  const cdkJson = JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8'));
  const app = new App({
    context: {
      ...cdkJson.context,
      // No esbuild in unit tests: the template is what is checked, not the bundle.
      'aws:cdk:bundling-stacks': [],
      'aws:cdk:enable-path-metadata': true,
      ...context,
    },
  });
  const stacks = addGovshareStacks(app, { consoleAssets: consoleBuildFixture() });
  return {
    data: Template.fromStack(stacks.data).toJSON().Resources,
    api: Template.fromStack(stacks.api).toJSON().Resources,
  };
}

let data: Resources;
let api: Resources;

beforeAll(() => {
  ({ data, api } = synthesize());
}, 60_000);

const ofType = (resources: Resources, type: string) =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

/** The resource of `type` whose construct path has `name` as a segment (e.g. GovshareData/Tables/audit/Resource). */
function named(resources: Resources, type: string, name: string): [string, Resource] {
  const found = ofType(resources, type).filter(([, r]) =>
    String(r.Metadata?.['aws:cdk:path']).split('/').includes(name),
  );
  expect(found, `${type} named ${name}`).toHaveLength(1);
  return found[0] as [string, Resource];
}

function lambdaOf(spec: Spec): [string, Resource] {
  const found = ofType(api, 'AWS::Lambda::Function').filter(
    ([, r]) => r.Properties.Description === spec.description,
  );
  expect(found, `function "${spec.description}"`).toHaveLength(1);
  return found[0] as [string, Resource];
}

/** True if `value` (any CloudFormation expression) mentions the logical id `id`. */
const mentions = (value: unknown, id: string) => JSON.stringify(value).includes(id);

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
}

/** Every statement of the policies on the function's role. */
function statementsOf(fn: Resource['Properties']): Statement[] {
  const roleId = JSON.stringify(fn.Role).match(/"Fn::GetAtt":\["(\w+)"/)?.[1] ?? '';
  return ofType(api, 'AWS::IAM::Policy')
    .filter(([, p]) => mentions(p.Properties.Roles, roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
}

describe('HTTP API routes', () => {
  it('has exactly the non-local blueprint routes, each with its method and path', () => {
    const routeKeys = ofType(api, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
    const expected = deployedRoutes.map(({ route }) => `${route.method} ${route.path}`);
    expect(routeKeys.sort()).toEqual(expected.sort());
  });

  it.each(
    deployedRoutes.map(({ name, route }) => [`${route.method} ${route.path}`, name, route.access] as const),
  )('%s goes to the %s function and is authorised as the blueprint says', (routeKey, name, access) => {
    const [, route] =
      ofType(api, 'AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === routeKey) ?? [];
    expect(route).toBeDefined();
    if (access === 'public') {
      expect(route?.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    } else {
      expect(route?.Properties.AuthorizationType).toBe('JWT');
      const [authorizerId] = ofType(api, 'AWS::ApiGatewayV2::Authorizer')[0] ?? [];
      expect(route?.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
    }
    const integrationId = JSON.stringify(route?.Properties.Target).match(/"Ref":"(\w+)"/)?.[1] ?? '';
    const [lambdaId] = lambdaOf(govshare.functions[name as keyof typeof govshare.functions] as Spec);
    expect(mentions(api[integrationId]?.Properties.IntegrationUri, lambdaId)).toBe(true);
  });

  it('validates JWTs and throttles and logs the stage', () => {
    const [[, authorizer] = []] = ofType(api, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer?.Properties.AuthorizerType).toBe('JWT');
    const [[, stage] = []] = ofType(api, 'AWS::ApiGatewayV2::Stage');
    expect(stage?.Properties.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(stage?.Properties.AccessLogSettings.DestinationArn).toBeDefined();
  });
});

describe('tables', () => {
  it('has one table per blueprint table, no more', () => {
    expect(ofType(data, 'AWS::DynamoDB::Table')).toHaveLength(Object.keys(govshare.tables).length);
  });

  it.each(Object.entries(govshare.tables))(
    '%s has the blueprint keys, indexes and protection',
    (name, spec) => {
      const [, { Properties: table, DeletionPolicy }] = named(data, 'AWS::DynamoDB::Table', name);
      const keySchema = (pk: { name: string }, sk?: { name: string }) => [
        { AttributeName: pk.name, KeyType: 'HASH' },
        ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' }] : []),
      ];
      expect(table.KeySchema).toEqual(keySchema(spec.partitionKey, spec.sortKey));
      const indexes = [...(table.GlobalSecondaryIndexes ?? [])].sort((a, b) =>
        a.IndexName.localeCompare(b.IndexName),
      );
      expect(indexes).toEqual(
        [...spec.indexes]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((index) => ({
            IndexName: index.name,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: 'ALL' },
          })),
      );
      const keys = [
        spec.partitionKey,
        spec.sortKey,
        ...spec.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
      ];
      for (const key of keys.filter((k) => k !== undefined)) {
        expect(table.AttributeDefinitions).toContainEqual({
          AttributeName: key.name,
          AttributeType: key.type,
        });
      }
      expect(table.TimeToLiveSpecification).toEqual(
        spec.timeToLiveAttribute ? { AttributeName: spec.timeToLiveAttribute, Enabled: true } : undefined,
      );
      expect(table.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.PointInTimeRecoverySpecification).toMatchObject({ PointInTimeRecoveryEnabled: true });
      expect(table.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
      expect(table.SSESpecification.KMSMasterKeyId).toBeDefined();
      expect(table.DeletionProtectionEnabled).toBe(true);
      expect(DeletionPolicy).toBe('Retain');
    },
  );
});

describe('buckets', () => {
  it('has one bucket per blueprint bucket, plus the access-log bucket', () => {
    expect(ofType(data, 'AWS::S3::Bucket')).toHaveLength(Object.keys(govshare.buckets).length + 1);
  });

  it.each(Object.entries(govshare.buckets))(
    '%s is encrypted, private, versioned, logged and TLS-only',
    (name, spec) => {
      const [id, { Properties: bucket }] = named(data, 'AWS::S3::Bucket', name);
      expect(
        bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
      ).toMatchObject({
        SSEAlgorithm: 'aws:kms',
      });
      expect(bucket.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.LoggingConfiguration.DestinationBucketName).toBeDefined();
      const lock = 'objectLock' in spec ? spec.objectLock : undefined;
      expect(bucket.ObjectLockEnabled ?? false).toBe(lock !== undefined);
      if (lock) {
        expect(bucket.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({
          Mode: lock.mode,
          Days: lock.days,
        });
      }
      const presigned = 'presignedUploads' in spec && spec.presignedUploads;
      const putRules = (bucket.CorsConfiguration?.CorsRules ?? []).filter((rule: Json) =>
        rule.AllowedMethods.includes('PUT'),
      );
      expect(putRules.length > 0).toBe(Boolean(presigned));
      const policy = ofType(data, 'AWS::S3::BucketPolicy').find(([, p]) => mentions(p.Properties.Bucket, id));
      expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain(
        '"aws:SecureTransport":"false"',
      );
    },
  );
});

describe('queues', () => {
  it('has one queue and one dead-letter queue per blueprint queue', () => {
    expect(ofType(data, 'AWS::SQS::Queue')).toHaveLength(2 * Object.keys(govshare.queues).length);
  });

  it.each(Object.entries(govshare.queues))('%s redrives to its DLQ and is encrypted', (name, spec) => {
    const [, { Properties: queue }] = named(data, 'AWS::SQS::Queue', name);
    expect(queue.VisibilityTimeout).toBe(spec.visibilityTimeoutSeconds);
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(spec.maxReceiveCount);
    expect(queue.KmsMasterKeyId).toBeDefined();
    const dlqId =
      JSON.stringify(queue.RedrivePolicy.deadLetterTargetArn).match(/"Fn::GetAtt":\["(\w+)"/)?.[1] ?? '';
    expect(data[dlqId]?.Type).toBe('AWS::SQS::Queue');
    expect(data[dlqId]?.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expect(data[dlqId]?.Properties.KmsMasterKeyId).toBeDefined();
  });
});

/** The alarms on a metric of the resource with this logical id, by metric name. */
const alarmsOn = (resources: Resources, logicalId: string) =>
  Object.fromEntries(
    ofType(resources, 'AWS::CloudWatch::Alarm')
      .filter(([, alarm]) => JSON.stringify(alarm.Properties.Dimensions ?? []).includes(`"${logicalId}"`))
      .map(([, alarm]) => [alarm.Properties.MetricName as string, alarm.Properties]),
  );

/** Every alarm notifies the one alarm topic, when it goes off and when it clears. */
const notifiesTopic = (alarm: Json) => {
  expect(alarm.AlarmActions).toHaveLength(1);
  expect(alarm.OKActions).toEqual(alarm.AlarmActions);
  expect(JSON.stringify(alarm.AlarmActions)).toMatch(/AlarmTopic/);
};

describe('alarms (every queue and function of the blueprint, without anyone remembering)', () => {
  it.each(Object.entries(govshare.queues))('%s: its dead letters, and its oldest message', (name, spec) => {
    const [queueId, { Properties: queue }] = named(data, 'AWS::SQS::Queue', name);
    const dlqId =
      JSON.stringify(queue.RedrivePolicy.deadLetterTargetArn).match(/"Fn::GetAtt":\["(\w+)"/)?.[1] ?? '';
    const onDeadLetters = alarmsOn(data, dlqId).ApproximateNumberOfMessagesVisible;
    expect(onDeadLetters).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    notifiesTopic(onDeadLetters);
    const onAge = alarmsOn(data, queueId).ApproximateAgeOfOldestMessage;
    expect(onAge).toMatchObject({ Threshold: spec.alarmAfterSeconds });
    notifiesTopic(onAge);
  });

  it.each(functions)('%s: its errors and throttles', (_name, spec) => {
    const [id] = lambdaOf(spec);
    const alarms = alarmsOn(api, id);
    expect(alarms.Errors).toMatchObject({ Threshold: 1, Statistic: 'Sum' });
    expect(alarms.Throttles).toMatchObject({ Threshold: 1, Statistic: 'Sum' });
    notifiesTopic(alarms.Errors);
    notifiesTopic(alarms.Throttles);
  });

  it('notifies an encrypted, TLS-only topic that CloudWatch may publish to', () => {
    const [, { Properties: topic }] = named(data, 'AWS::SNS::Topic', 'AlarmTopic');
    expect(topic.KmsMasterKeyId).toBeDefined();
    const [, { Properties: key }] = ofType(data, 'AWS::KMS::Key')[0] as [string, Resource];
    expect(JSON.stringify(key.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
  });
});

describe('functions', () => {
  it.each(functions)('%s runs Node 24 on ARM64 with its resources in the environment', (_name, spec) => {
    const [, { Properties: fn }] = lambdaOf(spec);
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
    const env: Record<string, unknown> = fn.Environment.Variables;
    expect(env[COMMON_ENV.mode]).toBe('aws');
    expect(env[COMMON_ENV.authIssuer]).toBeDefined();
    expect(env[COMMON_ENV.authAudience]).toBeDefined();
    const resourceNames = Object.keys(env).filter((key) => /^(TABLE|BUCKET|QUEUE)_/.test(key));
    expect(resourceNames.sort()).toEqual(
      [
        ...Object.keys(spec.tables ?? {}).map(tableEnvName),
        ...Object.keys(spec.buckets ?? {}).map(bucketEnvName),
        ...(spec.sendsTo ?? []).map(queueUrlEnvName),
      ].sort(),
    );
  });

  it.each(functions)('%s reads the audit key only if it records audit events or declares it', (_n, spec) => {
    const [, { Properties: fn }] = lambdaOf(spec);
    const needsKey = (spec.sendsTo ?? []).includes('audit-trail') || spec.auditKey === true;
    expect(AUDIT_ENV.subjectKeySecretArn in fn.Environment.Variables).toBe(needsKey);
  });

  it.each(functions)('%s may encrypt and decrypt seal keys with the KMS key only if it seals', (_n, spec) => {
    const [, { Properties: fn }] = lambdaOf(spec);
    const seals = spec.sealKeys !== undefined;
    expect(SEAL_ENV.kmsKeyId in fn.Environment.Variables).toBe(seals);
    const statements = statementsOf(fn);
    const sealing = statements.filter((statement) =>
      JSON.stringify(statement.Condition ?? {}).includes('govshare-seal-key'),
    );
    expect(sealing.map((statement) => [statement.Action].flat().sort())).toEqual(
      !seals ? [] : spec.sealKeys === 'decrypt' ? [['kms:Decrypt']] : [['kms:Decrypt', 'kms:Encrypt']],
    );
  });

  it.each(functions)('%s may invoke exactly the functions it invokes, and knows their names', (_n, spec) => {
    const [, { Properties: fn }] = lambdaOf(spec);
    const invoking = statementsOf(fn).filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('lambda:')),
    );
    const targets = (spec.invokes ?? []).map(
      (name) => lambdaOf(govshare.functions[name as keyof typeof govshare.functions] as Spec)[0],
    );
    expect(invoking).toEqual(
      targets.map((id) => ({
        Action: 'lambda:InvokeFunction',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [id, 'Arn'] },
      })),
    );
    const names = Object.keys(fn.Environment.Variables).filter((key) => /^FUNCTION_.*_NAME$/.test(key));
    expect(names).toEqual((spec.invokes ?? []).map(functionNameEnvName));
    for (const [index, name] of (spec.invokes ?? []).entries()) {
      expect(fn.Environment.Variables[functionNameEnvName(name)]).toEqual({ Ref: targets[index] });
    }
  });

  it.each(functions.filter(([, spec]) => spec.objectPrefixes))(
    '%s reaches only the objects under its prefix of a bucket',
    (_n, spec) => {
      const [, { Properties: fn }] = lambdaOf(spec);
      const objectArns = statementsOf(fn)
        .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('s3:')))
        .flatMap((statement) => [statement.Resource].flat())
        .map((resource) => JSON.stringify(resource))
        .filter((resource) => resource.includes('/'));
      const prefixes = Object.values(spec.objectPrefixes ?? {});
      expect(objectArns.length).toBeGreaterThan(0);
      for (const arn of objectArns)
        expect(prefixes.some((prefix) => arn.includes(`"/${prefix}*"`))).toBe(true);
    },
  );

  it.each(functions)(
    '%s has its own memory and timeout, or the defaults the local runtime reports too',
    (_name, spec) => {
      const [, { Properties: fn }] = lambdaOf(spec);
      expect(fn.MemorySize).toBe(spec.memoryMb ?? FUNCTION_DEFAULTS.memoryMb);
      expect(fn.Timeout).toBe(spec.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds);
    },
  );

  it.each(functions.filter(([, spec]) => spec.kind === 'consumer'))(
    '%s consumes its queue in batches',
    (_n, spec) => {
      if (spec.kind !== 'consumer') return;
      const [lambdaId] = lambdaOf(spec);
      const [queueId] = named(data, 'AWS::SQS::Queue', spec.queue);
      const mappings = ofType(api, 'AWS::Lambda::EventSourceMapping').filter(([, m]) =>
        mentions(m.Properties.FunctionName, lambdaId),
      );
      expect(mappings).toHaveLength(1);
      const mapping = mappings[0]?.[1].Properties;
      expect(mapping?.BatchSize).toBe(spec.batchSize);
      expect(mapping?.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mentions(mapping?.EventSourceArn, queueId)).toBe(true);
      if (spec.maxBatchingWindowSeconds !== undefined) {
        expect(mapping?.MaximumBatchingWindowInSeconds).toBe(spec.maxBatchingWindowSeconds);
      }
      // It may extend a message's visibility on its queue (its lease, where it holds one).
      const [, { Properties: fn }] = lambdaOf(spec);
      const roleId = JSON.stringify(fn.Role).match(/"Fn::GetAtt":\["(\w+)"/)?.[1] ?? '';
      const onQueue = ofType(api, 'AWS::IAM::Policy')
        .filter(([, p]) => mentions(p.Properties.Roles, roleId))
        .flatMap(
          ([, p]) =>
            p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
        )
        .filter((s) => mentions(s.Resource, queueId))
        .flatMap((s) => s.Action);
      expect(onQueue).toContain('sqs:ChangeMessageVisibility');
      if (spec.leaseSeconds !== undefined) {
        expect(spec.leaseSeconds).toBeLessThan(
          (govshare.queues as Record<string, { visibilityTimeoutSeconds: number }>)[spec.queue]
            ?.visibilityTimeoutSeconds ?? 0,
        );
      }
    },
  );

  const expression = (schedule: ScheduleSpec) => {
    if ('everyMinutes' in schedule) {
      return `rate(${schedule.everyMinutes} minute${schedule.everyMinutes === 1 ? '' : 's'})`;
    }
    const [hour, minute] = schedule.dailyAtUtc.split(':').map(Number);
    return `cron(${minute} ${hour} * * ? *)`;
  };

  it.each(functions.filter(([, spec]) => spec.kind === 'schedule'))('%s runs on its schedule', (_n, spec) => {
    if (spec.kind !== 'schedule') return;
    const [lambdaId] = lambdaOf(spec);
    const rules = ofType(api, 'AWS::Events::Rule').filter(([, r]) =>
      mentions(r.Properties.Targets, lambdaId),
    );
    expect(rules.map(([, r]) => r.Properties.ScheduleExpression)).toEqual([expression(spec.schedule)]);
  });
});

describe('least privilege', () => {
  const writeActions = [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ];

  it.each(functions)('%s may touch only the tables its blueprint entry grants', (_name, spec) => {
    const [, { Properties: fn }] = lambdaOf(spec);
    const roleId = JSON.stringify(fn.Role).match(/"Fn::GetAtt":\["(\w+)"/)?.[1] ?? '';
    const statements = ofType(api, 'AWS::IAM::Policy')
      .filter(([, p]) => mentions(p.Properties.Roles, roleId))
      .flatMap(
        ([, p]) =>
          p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      );
    expect(statements.length).toBeGreaterThan(0);
    const granted = spec.tables ?? {};
    for (const [table, access] of Object.entries(govshare.tables).map(
      ([name]) => [name, (granted as Record<string, string>)[name]] as const,
    )) {
      const [tableId] = named(data, 'AWS::DynamoDB::Table', table);
      const touching = statements.filter((s) => mentions(s.Resource, tableId));
      expect(touching.length > 0, `${table} in the policy`).toBe(access !== undefined);
      const actions = touching.flatMap((s) => s.Action);
      if (access === 'read') expect(actions.filter((a) => writeActions.includes(a))).toEqual([]);
      if (access === 'write' || access === 'readwrite') expect(actions).toContain('dynamodb:PutItem');
      if (access === 'write') expect(actions).not.toContain('dynamodb:Query');
    }
  });
});

describe('identity', () => {
  it('creates a Cognito user pool with the unit attribute and one group per role by default', () => {
    const [[, pool] = []] = ofType(api, 'AWS::Cognito::UserPool');
    expect(pool?.Properties.Schema).toContainEqual(expect.objectContaining({ Name: 'unit', Mutable: true }));
    expect(pool?.Properties.MfaConfiguration).toBe('ON');
    const groups = ofType(api, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it('trusts an external OIDC issuer instead when oidcIssuer and oidcAudience are given', () => {
    const issuer = 'https://login.example.gov.invalid/realms/govshare';
    const external = synthesize({ oidcIssuer: issuer, oidcAudience: 'govshare-api' }).api;
    expect(ofType(external, 'AWS::Cognito::UserPool')).toEqual([]);
    const [[, authorizer] = []] = ofType(external, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer?.Properties.JwtConfiguration).toEqual({ Issuer: issuer, Audience: ['govshare-api'] });
    // The platform's functions (not the console deployment's): each of the blueprint's.
    const platform = ofType(external, 'AWS::Lambda::Function').filter(
      ([, fn]) => fn.Properties.Environment?.Variables?.[COMMON_ENV.mode] === 'aws',
    );
    expect(platform).toHaveLength(functions.length);
    for (const [, fn] of platform) {
      expect(fn.Properties.Environment.Variables[COMMON_ENV.authIssuer]).toBe(issuer);
    }
  }, 60_000);
});
