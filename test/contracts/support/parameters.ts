/**
 * Checks a request written as JSON (a Task's `Parameters`, an AwsCustomResource call) against a
 * model input structure: every key a member with that exact casing, nested objects too, every
 * required member present, every static value of the member's type and, for enum members, one
 * of the enum's values.
 */
import { memberNamed, memberNames, spell, type EnumInfo, type MemberNaming, type Shape, type StructureShape } from './aws-models.js';

export type ProblemKind = 'parameter' | 'required' | 'enum' | 'type';

export interface ParameterProblem {
  readonly kind: ProblemKind;
  /** Where in the request: `Parameters.QueryExecutionContext.Database`. */
  readonly at: string;
  readonly message: string;
}

export interface ParameterOptions {
  /**
   * Step Functions' spelling: keys may end in `.$` (a path or intrinsic whose value is known only
   * at run time), and a model member `Equals` is written `EqualsValue`.
   */
  readonly dynamicKeys: boolean;
  /** How the request spells member names (Step Functions' aws-sdk integrations: PascalCase). */
  readonly naming: MemberNaming;
  /** Top-level members that take JSON although the model says blob (`lambda:invoke` Payload). */
  readonly jsonMembers?: readonly string[];
}

/** Step Functions' aws-sdk integrations spell the model member `Equals` as `EqualsValue`. */
const RENAMED_MEMBERS: Record<string, string> = { EqualsValue: 'Equals' };

function caseHint(name: string, members: Iterable<string>): string {
  const sameLetters = [...members].find((member) => member.toLowerCase() === name.toLowerCase());
  return sameLetters ? ` (the model spells it ${sameLetters})` : '';
}

function describeMembers(shape: StructureShape, naming: MemberNaming): string {
  const names = memberNames(shape, naming);
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
}

/** Problems of `request` as an instance of `shape`. */
export function checkRequest(request: unknown, shape: StructureShape, at: string, options: ParameterOptions): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  checkStructure(request, shape, at, options, problems, true);
  return problems;
}

function checkStructure(value: unknown, shape: StructureShape, at: string, options: ParameterOptions, problems: ParameterProblem[], top: boolean): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ kind: 'type', at, message: `${at} must be an object (${shape.name})` });
    return;
  }
  const given = new Set<string>();
  for (const [key, child] of Object.entries(value)) {
    const dynamic = options.dynamicKeys && key.endsWith('.$');
    const written = dynamic ? key.slice(0, -2) : key;
    const name = options.dynamicKeys ? (RENAMED_MEMBERS[written] ?? written) : written;
    const member = memberNamed(shape, name, options.naming);
    if (!member || (options.dynamicKeys && written === 'Equals')) {
      const hint = written === 'Equals' ? ' (Step Functions calls it EqualsValue)' : caseHint(written, memberNames(shape, options.naming));
      problems.push({ kind: 'parameter', at: `${at}.${key}`, message: `${shape.name} has no member ${written}${hint}; it has ${describeMembers(shape, options.naming)}` });
      continue;
    }
    given.add(member.name);
    if (dynamic) continue;
    if (top && options.jsonMembers?.includes(member.name)) continue;
    checkValue(child, member.target(), member.enum, `${at}.${key}`, options, problems);
  }
  if (shape.union) return;
  for (const member of shape.members.values()) {
    if (member.required && !given.has(member.name)) {
      problems.push({ kind: 'required', at, message: `${shape.name} requires ${spell(member.name, options.naming)}, which ${at} does not set` });
    }
  }
}

function checkValue(value: unknown, shape: Shape, enumInfo: EnumInfo | undefined, at: string, options: ParameterOptions, problems: ParameterProblem[]): void {
  switch (shape.kind) {
    case 'structure':
      checkStructure(value, shape, at, options, problems, false);
      return;
    case 'list':
      if (!Array.isArray(value)) {
        problems.push({ kind: 'type', at, message: `${at} must be a list` });
        return;
      }
      value.forEach((item, index) => checkValue(item, shape.member(), enumInfo, `${at}[${index}]`, options, problems));
      return;
    case 'map':
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        problems.push({ kind: 'type', at, message: `${at} must be an object (a map)` });
        return;
      }
      for (const [key, child] of Object.entries(value)) {
        if (options.dynamicKeys && key.endsWith('.$')) continue;
        checkValue(child, shape.value(), enumInfo, `${at}.${key}`, options, problems);
      }
      return;
    case 'string':
      if (typeof value !== 'string') {
        problems.push({ kind: 'type', at, message: `${at} must be a string` });
        return;
      }
      if (enumInfo && !isPlaceholder(value) && !enumInfo.values.includes(value)) {
        problems.push({ kind: 'enum', at, message: `${at} is ${JSON.stringify(value)}, not a ${enumInfo.name} (${enumInfo.values.join(', ')})` });
      }
      return;
    case 'number':
    case 'bigint':
    case 'bigdecimal':
      if (typeof value !== 'number' && !(typeof value === 'string' && isPlaceholder(value))) problems.push({ kind: 'type', at, message: `${at} must be a number` });
      return;
    case 'boolean':
      if (typeof value !== 'boolean' && !(typeof value === 'string' && isPlaceholder(value))) problems.push({ kind: 'type', at, message: `${at} must be a boolean` });
      return;
    case 'timestamp':
    case 'blob':
      if (typeof value !== 'string' && typeof value !== 'number') problems.push({ kind: 'type', at, message: `${at} must be a ${shape.kind} (a string)` });
      return;
    default:
      return;
  }
}

/** A definition substitution (`${AccountId}`) or a CloudFormation token stands for a value chosen at deploy time. */
function isPlaceholder(value: string): boolean {
  return /\$\{[^}]+\}/.test(value) || /\$\{Token\[/.test(value);
}
