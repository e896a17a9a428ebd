import { fileURLToPath } from 'node:url';
import { FUNCTION_DEFAULTS } from '@govshare/blueprint';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import { bundleFunction, unbundledPlaceholder } from './function-bundle.ts';

/** The repository root: blueprint entries are relative to it. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The generated OpenAPI document, relative to the repo root. */
const OPENAPI_DOCUMENT = 'functions/src/platform/openapi.json';

/** From the blueprint, which the local runtime reads too. */
export const DEFAULT_MEMORY_MB = FUNCTION_DEFAULTS.memoryMb;
export const DEFAULT_TIMEOUT_SECONDS = FUNCTION_DEFAULTS.timeoutSeconds;

export interface GovshareFunctionProps {
  /** Path from the repo root to the module exporting `handler`. */
  entry: string;
  description: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  /** Files under node_modules the bundle reads at run time, copied to the same path in the asset. */
  files?: readonly string[];
  environment: Record<string, string>;
  /** Key that encrypts the function's log group. */
  logKey: kms.IKey;
}

/** A Lambda function with govshare's defaults: Node 24 on ARM64, a split esbuild ESM bundle, own log group, X-Ray. */
export class GovshareFunction extends Construct {
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GovshareFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.logKey,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: it may write to its own log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${id} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new lambda.Function(this, 'Function', {
      code: lambda.Code.fromAsset(
        // Stacks left out of bundling (`cdk synth --exclusively`, the template tests' bundling-stacks
        // context) get an empty placeholder, as NodejsFunction did.
        Stack.of(this).bundlingRequired
          ? bundleFunction({
              repoRoot,
              entry: props.entry,
              ...(props.files ? { files: props.files } : {}),
              // Read from beside the bundle on the first request that serves it (platform/openapi.ts),
              // never parsed at a cold start.
              besideBundle: [OPENAPI_DOCUMENT],
            })
          : unbundledPlaceholder(),
      ),
      handler: 'index.handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(props.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      environment: { ...props.environment },
    });

    acknowledge(this, {
      'NIST.800.53.R5-LambdaInsideVPC':
        'The function reaches only AWS service endpoints (DynamoDB, S3, SQS, KMS) with IAM-signed TLS requests; it has no private network resource to reach, and a VPC would add NAT gateways without narrowing access.',
      'NIST.800.53.R5-LambdaConcurrency':
        'Load is bounded by the API stage throttle and by SQS batch settings; reserving concurrency per function would fail deployment in accounts with the default low concurrency quota.',
      'NIST.800.53.R5-IAMNoInlinePolicy':
        "The role's policy is generated from the blueprint for this one function (its log group, X-Ray and the resources it is granted); a shared managed policy would widen access.",
    });
  }

  /** The role's policy, where CDK grants land. */
  get policy(): iam.CfnPolicy {
    const policy = this.role.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
    if (!(policy instanceof iam.CfnPolicy)) throw new Error(`${this.node.path} has no default policy yet`);
    return policy;
  }
}
