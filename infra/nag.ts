import { type App, Stack, Validations } from 'aws-cdk-lib';
import type { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Runs the AWS Solutions and NIST 800-53 rev 5 packs at synthesis. Any finding that is
 * not acknowledged fails the synthesis, so `npm run synth` exits non-zero.
 */
export function addComplianceChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
}

/** Acknowledges findings on one construct (and its children), each with the reason it is acceptable here. */
export function acknowledge(construct: IConstruct, reasons: Record<string, string>): void {
  for (const [id, reason] of Object.entries(reasons)) Validations.of(construct).acknowledge({ id, reason });
}

/** Wildcard actions that CDK's grant methods write, each limited to the resources of that grant. */
const GRANT_ACTION_WILDCARDS: Record<string, string> = {
  'kms:GenerateDataKey*': 'CDK KMS grant for the platform key only (its ARN is the resource)',
  'kms:ReEncrypt*': 'CDK KMS grant for the platform key only (its ARN is the resource)',
  's3:GetObject*': 'CDK S3 read grant, limited to the buckets the blueprint grants this function',
  's3:GetBucket*': 'CDK S3 read grant, limited to the buckets the blueprint grants this function',
  's3:List*': 'CDK S3 read grant, limited to the buckets the blueprint grants this function',
  's3:DeleteObject*': 'CDK S3 write grant, limited to the buckets the blueprint grants this function',
  's3:Abort*': 'CDK S3 write grant (abort multipart uploads), limited to the granted buckets',
};

/** A resource ARN (a token is fine) whose wildcard sub-resources a grant legitimately covers. */
export interface GrantedWildcard {
  /** e.g. `${table.tableArn}/index/*` */
  arn: string;
  reason: string;
}

/**
 * Acknowledges AwsSolutions-IAM5 on a function's policy for exactly the wildcards its grants
 * explain: CDK's grant actions (with the reasons given, by default those of the blueprint's grants),
 * `Resource::*` of X-Ray statements (X-Ray has no resource-level permissions) and the given
 * sub-resource wildcards (table indexes, bucket objects). Any other wildcard stays a finding. Runs
 * as a validation, after cross-stack references are resolved, because the finding ids embed the
 * resolved ARNs.
 */
export function acknowledgeGrantWildcards(
  policy: CfnPolicy,
  granted: GrantedWildcard[],
  actionReasons: Record<string, string> = GRANT_ACTION_WILDCARDS,
): void {
  policy.node.addValidation({
    validate: () => {
      const stack = Stack.of(policy);
      const explained = new Map<string, string>(
        granted.map(({ arn, reason }) => [`Resource::${flatten(stack.resolve(arn))}`, reason]),
      );
      const document = stack.resolve(policy.policyDocument) as { Statement?: Statement[] };
      for (const statement of document.Statement ?? []) {
        if (statement.Effect !== 'Allow') continue;
        const actions = list(statement.Action);
        for (const action of actions.filter((a) => a.includes('*'))) {
          const reason = actionReasons[action];
          if (reason) acknowledge(policy, { [`AwsSolutions-IAM5[Action::${action}]`]: reason });
        }
        for (const resource of list(statement.Resource).map(flatten)) {
          const finding = `Resource::${resource}`;
          const xrayOnly = resource === '*' && actions.every((a) => a.startsWith('xray:'));
          const reason = xrayOnly
            ? 'X-Ray tracing actions do not support resource-level permissions'
            : explained.get(finding);
          if (reason) acknowledge(policy, { [`AwsSolutions-IAM5[${finding}]`]: reason });
        }
      }
      return [];
    },
  });
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The same flat form cdk-nag gives a CloudFormation reference in its finding ids. */
function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\${/g, '<').replace(/}/g, '>');
  const fn = node as Record<string, unknown>;
  if (fn['Fn::Join']) {
    const [delimiter, items] = fn['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (fn['Fn::Sub']) return flatten(fn['Fn::Sub']);
  if (fn['Fn::GetAtt']) {
    const [resource, attribute] = fn['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (fn['Fn::ImportValue']) return flatten(fn['Fn::ImportValue']);
  if (fn.Ref) return `<${flatten(fn.Ref)}>`;
  return JSON.stringify(node);
}
