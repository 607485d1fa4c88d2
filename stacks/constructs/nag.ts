/**
 * Acknowledging cdk-nag findings (cdk-nag 3 uses CDK's `Validations.of().acknowledge()`): each
 * finding is named exactly and carries a written reason, so a new wildcard cannot slip in.
 */
import { Stack, Validations } from 'aws-cdk-lib';
// The same flattening AwsSolutions-IAM5 applies to a resource before naming the finding.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/** Acknowledges one rule (or one `Rule[finding]`) on `scope` and everything under it. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledges the AwsSolutions-IAM5 findings of wildcard `resources` granted under `scope`.
 * Only resources that AWS cannot name more narrowly belong here (object keys, log streams).
 */
export function acknowledgeWildcardResources(scope: IConstruct, resources: readonly string[], reason: string): void {
  const stack = Stack.of(scope);
  for (const resource of resources) {
    acknowledge(scope, `AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(resource))}]`, reason);
  }
}
