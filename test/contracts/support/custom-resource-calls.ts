/**
 * The AWS SDK calls of CDK's AwsCustomResource (`Custom::AWS`) against the service models: the
 * operation exists and its parameters are a request of the operation's input (member names as
 * the JavaScript SDK spells them, nested keys, required members, static values and enums).
 */
import { isKnownService, serviceModel } from './aws-models.js';
import type { CfnTemplate } from './iam-contracts.js';
import { checkRequest } from './parameters.js';

export interface CallFinding {
  /** `ReportCatalogCsvClassifierC9B7F799 Create`. */
  readonly where: string;
  readonly message: string;
}

/** `where: message`. */
export function formatCallFinding(finding: CallFinding): string {
  return `${finding.where}: ${finding.message}`;
}

/** `Glue`, `glue`, `@aws-sdk/client-glue` → `glue`. */
function serviceKey(service: string): string {
  return service.replace(/^@aws-sdk\/client-/, '').toLowerCase();
}

/** Every problem of every Custom::AWS call in `template`. */
export function checkCustomResourceCalls(template: CfnTemplate): { findings: CallFinding[]; calls: number } {
  const findings: CallFinding[] = [];
  let calls = 0;
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'Custom::AWS') continue;
    for (const phase of ['Create', 'Update', 'Delete'] as const) {
      const raw = resource.Properties?.[phase];
      if (raw === undefined) continue;
      const where = `${id} ${phase}`;
      if (typeof raw !== 'string') {
        findings.push({ where, message: 'the call is built from CloudFormation intrinsics; the checker reads only literal calls' });
        continue;
      }
      calls++;
      const call = JSON.parse(raw) as { service: string; action: string; parameters?: unknown };
      const service = serviceKey(call.service);
      if (!isKnownService(service)) {
        findings.push({ where, message: `no model of ${call.service} here: add @aws-sdk/client-${service} to devDependencies and SERVICE_PACKAGES` });
        continue;
      }
      const model = serviceModel(service);
      const operationName = call.action.replace(/Command$/, '').replace(/^./, (first) => first.toUpperCase());
      const operation = model.operation(operationName);
      if (!operation) {
        findings.push({ where, message: `${model.serviceId} has no operation ${operationName}` });
        continue;
      }
      for (const problem of checkRequest(call.parameters ?? {}, operation.input, 'parameters', { dynamicKeys: false, naming: 'model' })) {
        findings.push({ where, message: `${model.serviceId} ${operation.name}: ${problem.message}` });
      }
    }
  }
  return { findings, calls };
}
