import type { Blueprint, BucketSpec, KeySpec, QueueSpec, TableSpec } from '@govshare/blueprint';
import { Aws, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Alarms } from '../constructs/alarms.ts';
import { acknowledge } from '../nag.ts';

/** What the stateless stack needs from the stateful one. */
export interface DataResources {
  /** Encrypts tables, buckets, queues and log groups. */
  readonly key: kms.IKey;
  readonly tables: Readonly<Record<string, dynamodb.ITable>>;
  readonly buckets: Readonly<Record<string, s3.IBucket>>;
  readonly queues: Readonly<Record<string, sqs.IQueue>>;
  /** Keys the HMAC of subject identifiers (citizen IDs, credit codes) in the audit trail. */
  readonly auditSubjectKey: secretsmanager.ISecret;
  /** Where every alarm of the platform notifies (subscribe the operators to it). */
  readonly alarmTopic: sns.ITopic;
}

export interface DataStackProps extends StackProps {
  blueprint: Blueprint;
  /** Origins allowed to PUT to presigned upload URLs (the web console). */
  uploadOrigins: string[];
}

const mapValues = <V, R>(record: Record<string, V>, fn: (name: string, value: V) => R): Record<string, R> =>
  Object.fromEntries(Object.entries(record).map(([name, value]) => [name, fn(name, value)]));

const attribute = (key: KeySpec): dynamodb.Attribute => ({
  name: key.name,
  type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
});

/** The stateful stack: everything here is retained when the stack goes away. */
export class DataStack extends Stack implements DataResources {
  readonly key: kms.Key;
  readonly tables: Record<string, dynamodb.Table>;
  readonly buckets: Record<string, s3.Bucket>;
  readonly queues: Record<string, sqs.Queue>;
  readonly auditSubjectKey: secretsmanager.Secret;
  readonly alarmTopic: sns.Topic;
  private readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { blueprint } = props;

    this.key = new kms.Key(this, 'Key', {
      description: `${blueprint.name}: tables, buckets, queues and logs`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts the functions' and the API's log groups with this key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // S3 server access logging delivers only to buckets encrypted with S3-managed keys.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.accessLogs, {
      'NIST.800.53.R5-S3DefaultEncryptionKMS':
        'S3 server access logs can only be delivered to a bucket encrypted with S3-managed keys (SSE-S3).',
      'NIST.800.53.R5-S3BucketReplicationEnabled':
        'Access logs are versioned in place; replicating them to another region would move government data out of the region it is deployed to.',
      'AwsSolutions-S1': 'This is the access-log bucket itself; logging its own access would loop.',
    });

    const tables = new Construct(this, 'Tables');
    this.tables = mapValues(blueprint.tables, (name, spec) => this.table(tables, name, spec));
    const buckets = new Construct(this, 'Buckets');
    this.buckets = mapValues(blueprint.buckets, (name, spec) =>
      this.bucket(buckets, name, spec, props.uploadOrigins),
    );
    this.alarmTopic = this.alarms();
    const alarms = new Alarms(this, 'Alarms', this.alarmTopic);
    const queues = new Construct(this, 'Queues');
    this.queues = mapValues(blueprint.queues, (name, spec) => {
      const queue = this.queue(queues, name, spec);
      alarms.watchQueue(name, queue, queue.deadLetterQueue?.queue ?? queue, spec.alarmAfterSeconds);
      return queue;
    });
    this.backUp(Object.values(this.tables));
    this.auditSubjectKey = this.subjectKey();
  }

  /**
   * The audit trail's subject-hash key (functions/src/audit/audit-trail.ts): 64 random characters,
   * generated once, retained, never rotated, since a new key would orphan every earlier hash and the
   * answer to "who queried my record" with it.
   */
  private subjectKey(): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'AuditSubjectKey', {
      description: 'HMAC key of subject identifiers in the audit trail; never rotate',
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(secret, {
      'AwsSolutions-SMG4':
        'A keyed-hash key must not rotate: earlier audit events are found by hashes made with it.',
      'NIST.800.53.R5-SecretsManagerRotationEnabled':
        'A keyed-hash key must not rotate: earlier audit events are found by hashes made with it.',
    });
    return secret;
  }

  /** The alarm topic, encrypted with the platform key, which CloudWatch may use to publish. */
  private alarms(): sns.Topic {
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'govshare alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    return topic;
  }

  /** Daily and monthly backups beyond the 35 days point-in-time recovery covers. */
  private backUp(tables: dynamodb.Table[]): void {
    const vault = new backup.BackupVault(this, 'BackupVault', {
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = backup.BackupPlan.dailyMonthly1YearRetention(this, 'BackupPlan', vault);
    const selection = plan.addSelection('Tables', {
      resources: tables.map((table) => backup.BackupResource.fromDynamoDbTable(table)),
    });
    acknowledge(selection, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]':
        'The role is assumed only by AWS Backup; its AWS-managed policy is the one AWS keeps current as Backup adds resource types.',
    });
  }

  private table(scope: Construct, name: string, spec: TableSpec): dynamodb.Table {
    const table = new dynamodb.Table(scope, name, {
      partitionKey: attribute(spec.partitionKey),
      sortKey: spec.sortKey && attribute(spec.sortKey),
      timeToLiveAttribute: spec.timeToLiveAttribute,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of spec.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: index.sortKey && attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  private bucket(scope: Construct, name: string, spec: BucketSpec, uploadOrigins: string[]): s3.Bucket {
    const lock = spec.objectLock;
    const bucket = new s3.Bucket(scope, name, {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `${name}/`,
      removalPolicy: RemovalPolicy.RETAIN,
      cors: spec.presignedUploads
        ? [
            {
              allowedMethods: [s3.HttpMethods.PUT],
              allowedOrigins: uploadOrigins,
              allowedHeaders: ['*'],
              exposedHeaders: ['ETag'],
              maxAge: 3600,
            },
          ]
        : undefined,
      lifecycleRules: spec.noncurrentVersionsExpireAfterDays
        ? [{ noncurrentVersionExpiration: Duration.days(spec.noncurrentVersionsExpireAfterDays) }]
        : undefined,
      objectLockEnabled: lock !== undefined,
      objectLockDefaultRetention: lock && objectLockRetention(lock),
    });
    acknowledge(bucket, {
      'NIST.800.53.R5-S3BucketReplicationEnabled':
        'Versioning (and Object Lock where the blueprint asks) protects the objects; cross-region replication would move government data out of the region it is deployed to.',
    });
    return bucket;
  }

  private queue(scope: Construct, name: string, spec: QueueSpec): sqs.Queue {
    const encrypted = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
    } satisfies sqs.QueueProps;
    const deadLetters = new sqs.Queue(scope, `${name}-dlq`, {
      ...encrypted,
      retentionPeriod: Duration.days(14),
    });
    return new sqs.Queue(scope, name, {
      ...encrypted,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: spec.maxReceiveCount },
    });
  }
}

function objectLockRetention(lock: NonNullable<BucketSpec['objectLock']>): s3.ObjectLockRetention {
  const days = Duration.days(lock.days);
  return lock.mode === 'COMPLIANCE'
    ? s3.ObjectLockRetention.compliance(days)
    : s3.ObjectLockRetention.governance(days);
}
