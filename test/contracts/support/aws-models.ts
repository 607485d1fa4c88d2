/**
 * AWS API models, read offline from the AWS SDK v3 client packages.
 *
 * Source: each client's runtime schemas (the `<Shape>$` arrays every `@aws-sdk/client-*` exports
 * since the schema-serde releases). They are generated from AWS's Smithy models and are what the
 * client serialises with, so they carry exactly the member names (with their casing), the order
 * of required members (`[3, ns, name, traits, members, targets, requiredCount]`), nested shapes,
 * lists, maps and every modelled error (`[-3, …]`). They do not say which string member is an
 * enum: that link is read from the package's own `.d.ts` interfaces (`State?: CrawlerState`),
 * parsed with the TypeScript compiler, and the values from the enum objects the package exports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);

/** A string member's enum: its name in the SDK and its values. */
export interface EnumInfo {
  readonly name: string;
  readonly values: readonly string[];
}

/** A member of a structure. */
export interface Member {
  readonly name: string;
  readonly required: boolean;
  /** The shape the member targets (resolved on first use: models are recursive). */
  readonly target: () => Shape;
  /** Set when the member (or the list/map it targets) holds values of an SDK enum. */
  readonly enum?: EnumInfo;
}

/** A shape of the model. */
export type Shape =
  | { readonly kind: 'structure'; readonly name: string; readonly members: ReadonlyMap<string, Member>; readonly union: boolean }
  | { readonly kind: 'list'; readonly member: () => Shape }
  | { readonly kind: 'map'; readonly value: () => Shape }
  | { readonly kind: 'string' | 'number' | 'boolean' | 'timestamp' | 'blob' | 'document' | 'unit' | 'bigint' | 'bigdecimal' };

export type StructureShape = Extract<Shape, { kind: 'structure' }>;

/** One operation: its input and output structures. */
export interface Operation {
  readonly name: string;
  readonly input: StructureShape;
  readonly output: StructureShape;
}

/** A modelled error shape. */
export interface ErrorShape {
  readonly name: string;
  readonly fault: 'client' | 'server' | undefined;
}

/** One service's model. */
export interface ServiceModel {
  /** The npm package it was read from, and its version. */
  readonly packageName: string;
  readonly packageVersion: string;
  /** The SDK service id (`Glue`, `QuickSight`, `SNS`, `SFN`, …). */
  readonly serviceId: string;
  /** The Smithy namespace (`com.amazonaws.glue`). */
  readonly namespace: string;
  operation(name: string): Operation | undefined;
  readonly operationNames: readonly string[];
  /** Error shapes by name (`CrawlerRunningException`); the SDK's synthetic base class excluded. */
  readonly errors: ReadonlyMap<string, ErrorShape>;
  /** A structure shape by name, for tests. */
  structure(name: string): StructureShape | undefined;
}

/** The client package of each service the pipeline calls, by the name Step Functions and IAM use. */
export const SERVICE_PACKAGES = {
  athena: '@aws-sdk/client-athena',
  glue: '@aws-sdk/client-glue',
  lambda: '@aws-sdk/client-lambda',
  quicksight: '@aws-sdk/client-quicksight',
  sfn: '@aws-sdk/client-sfn',
  sns: '@aws-sdk/client-sns',
} as const;

export type ServiceName = keyof typeof SERVICE_PACKAGES;

export function isKnownService(name: string): name is ServiceName {
  return Object.hasOwn(SERVICE_PACKAGES, name);
}

type Raw = unknown;
type StaticSchema = readonly [number, string, string, unknown, ...unknown[]];

const cache = new Map<ServiceName, ServiceModel>();

/** The model of `service`, read once per process. */
export function serviceModel(service: ServiceName): ServiceModel {
  let model = cache.get(service);
  if (!model) {
    model = readServiceModel(SERVICE_PACKAGES[service]);
    cache.set(service, model);
  }
  return model;
}

function isStatic(value: Raw): value is StaticSchema {
  return Array.isArray(value) && value.length >= 5 && typeof value[0] === 'number' && typeof value[1] === 'string' && typeof value[2] === 'string';
}

function readServiceModel(packageName: string): ServiceModel {
  const entry = require.resolve(packageName);
  const packageRoot = packageRootOf(entry, packageName);
  const packageJson = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const exports = require(packageName) as Record<string, unknown>;

  const operations = new Map<string, StaticSchema>();
  const structures = new Map<string, StaticSchema>();
  const errors = new Map<string, ErrorShape>();
  let namespace = '';
  for (const [key, value] of Object.entries(exports)) {
    if (!key.endsWith('$') || !isStatic(value)) continue;
    const [kind, ns, name] = value;
    if (ns.startsWith('smithy.ts.sdk.synthetic.')) continue;
    if (kind === 9) {
      operations.set(name, value);
      namespace = ns;
    } else if (kind === 3 || kind === 4) {
      structures.set(name, value);
    } else if (kind === -3) {
      const traits = value[3] as { error?: 'client' | 'server' } | number;
      errors.set(name, { name, fault: typeof traits === 'object' ? traits.error : undefined });
    }
  }
  if (operations.size === 0) {
    throw new Error(`${packageName}@${packageJson.version} exports no operation schemas (X$): the contract checks need a client built with schema serde`);
  }
  // The client's default config names the service id (constructing a client would warn about Node 20).
  const sharedConfig = readFileSync(join(packageRoot, 'dist-es', 'runtimeConfig.shared.js'), 'utf8');
  const serviceId = /serviceId: config\?\.serviceId \?\? "([^"]+)"/.exec(sharedConfig)?.[1];
  if (!serviceId) throw new Error(`${packageName}: no default serviceId in dist-es/runtimeConfig.shared.js`);

  const enumLinks = readEnumLinks(packageRoot, exports);
  const shapes = new WeakMap<object, Shape>();

  const resolve = (ref: Raw): Shape => {
    let raw = typeof ref === 'function' ? (ref as () => Raw)() : ref;
    // A member reference: [target, traits].
    while (Array.isArray(raw) && raw.length === 2) {
      raw = raw[0];
      if (typeof raw === 'function') raw = (raw as () => Raw)();
    }
    if (typeof raw === 'number') return simple(raw, resolve);
    if (raw === 'unit') return { kind: 'unit' };
    if (!isStatic(raw)) throw new Error(`${packageName}: unknown schema ${JSON.stringify(raw)}`);
    const known = shapes.get(raw);
    if (known) return known;
    let shape: Shape;
    const [kind, , name] = raw;
    if (kind === 0) {
      shape = resolve(raw[4]);
    } else if (kind === 1) {
      const target = raw[4];
      shape = { kind: 'list', member: () => resolve(target) };
    } else if (kind === 2) {
      const target = raw[5];
      shape = { kind: 'map', value: () => resolve(target) };
    } else if (kind === 3 || kind === -3 || kind === 4) {
      const names = raw[4] as string[];
      const targets = raw[5] as Raw[];
      const requiredCount = typeof raw[6] === 'number' ? raw[6] : 0;
      const links = enumLinks.get(name);
      const members = new Map<string, Member>();
      names.forEach((memberName, index) => {
        let target: Shape | undefined;
        const enumInfo = links?.get(memberName);
        members.set(memberName, {
          name: memberName,
          required: index < requiredCount,
          target: () => (target ??= resolve(targets[index])),
          ...(enumInfo ? { enum: enumInfo } : {}),
        });
      });
      shape = { kind: 'structure', name, members, union: kind === 4 };
    } else {
      throw new Error(`${packageName}: unknown schema kind ${kind} of ${name}`);
    }
    shapes.set(raw, shape);
    return shape;
  };

  const operationCache = new Map<string, Operation>();
  return {
    packageName,
    packageVersion: packageJson.version,
    serviceId,
    namespace,
    operationNames: [...operations.keys()].sort(),
    errors,
    operation(name) {
      const cached = operationCache.get(name);
      if (cached) return cached;
      const raw = operations.get(name);
      if (!raw) return undefined;
      const input = resolve(raw[4]);
      const output = resolve(raw[5]);
      const operation: Operation = { name, input: asStructure(input, `${name} input`), output: asStructure(output, `${name} output`) };
      operationCache.set(name, operation);
      return operation;
    },
    structure(name) {
      const raw = structures.get(name);
      return raw ? asStructure(resolve(raw), name) : undefined;
    },
  };
}

function asStructure(shape: Shape, what: string): StructureShape {
  if (shape.kind === 'unit') return { kind: 'structure', name: what, members: new Map(), union: false };
  if (shape.kind !== 'structure') throw new Error(`${what} is a ${shape.kind}, not a structure`);
  return shape;
}

/** The simple schema numbers of `@smithy/core/schema` (string 0, numeric 1, boolean 2, …). */
function simple(id: number, resolve: (ref: Raw) => Shape): Shape {
  if (id >= 64 && id < 128) return { kind: 'list', member: () => resolve(id & 0b0011_1111) };
  if (id >= 128 && id <= 255) return { kind: 'map', value: () => resolve(id & 0b0011_1111) };
  switch (id) {
    case 0:
      return { kind: 'string' };
    case 1:
      return { kind: 'number' };
    case 2:
      return { kind: 'boolean' };
    case 4:
    case 5:
    case 6:
    case 7:
      return { kind: 'timestamp' };
    case 15:
      return { kind: 'document' };
    case 17:
      return { kind: 'bigint' };
    case 19:
      return { kind: 'bigdecimal' };
    case 21:
    case 42:
      return { kind: 'blob' };
    default:
      throw new Error(`unknown simple schema ${id}`);
  }
}

function packageRootOf(entry: string, packageName: string): string {
  let dir = dirname(entry);
  while (!dir.endsWith(join('node_modules', packageName))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of ${packageName} from ${entry}`);
    dir = parent;
  }
  return dir;
}

/** One `.d.ts` interface member: optional (`?`) or not, and the type names it refers to. */
interface DeclaredMember {
  readonly optional: boolean;
  readonly typeNames: readonly string[];
}

const declarations = new Map<string, Map<string, Map<string, DeclaredMember>>>();

/** Every interface of the package's `dist-types/models/*.d.ts`, parsed once (syntax only). */
function declaredInterfaces(packageRoot: string): Map<string, Map<string, DeclaredMember>> {
  const cached = declarations.get(packageRoot);
  if (cached) return cached;
  const interfaces = new Map<string, Map<string, DeclaredMember>>();
  const modelsDir = join(packageRoot, 'dist-types', 'models');
  for (const file of readdirSync(modelsDir).filter((f) => f.endsWith('.d.ts'))) {
    const source = ts.createSourceFile(file, readFileSync(join(modelsDir, file), 'utf8'), ts.ScriptTarget.Latest, false);
    for (const statement of source.statements) {
      if (!ts.isInterfaceDeclaration(statement)) continue;
      const members = new Map<string, DeclaredMember>();
      for (const member of statement.members) {
        if (!ts.isPropertySignature(member) || !ts.isIdentifier(member.name)) continue;
        members.set(member.name.text, { optional: !!member.questionToken, typeNames: member.type ? referencedNames(member.type) : [] });
      }
      interfaces.set(statement.name.text, members);
    }
  }
  declarations.set(packageRoot, interfaces);
  return interfaces;
}

/** `interface Crawler { State?: CrawlerState }` → Crawler → State → CrawlerState's values. */
function readEnumLinks(packageRoot: string, exports: Record<string, unknown>): Map<string, Map<string, EnumInfo>> {
  const enumValues = (name: string): readonly string[] | undefined => {
    const value = exports[name];
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const values = Object.values(value);
    return values.length > 0 && values.every((v) => typeof v === 'string') ? (values as string[]) : undefined;
  };
  const links = new Map<string, Map<string, EnumInfo>>();
  for (const [interfaceName, members] of declaredInterfaces(packageRoot)) {
    for (const [memberName, member] of members) {
      const enumName = member.typeNames.find((name) => enumValues(name));
      if (!enumName) continue;
      let byMember = links.get(interfaceName);
      if (!byMember) links.set(interfaceName, (byMember = new Map()));
      byMember.set(memberName, { name: enumName, values: enumValues(enumName)! });
    }
  }
  return links;
}

/** The type names a member's type refers to: `X | undefined`, `X[]`, `Record<string, X>`. */
function referencedNames(type: ts.TypeNode): string[] {
  if (ts.isUnionTypeNode(type)) return type.types.flatMap(referencedNames);
  if (ts.isArrayTypeNode(type)) return referencedNames(type.elementType);
  if (ts.isParenthesizedTypeNode(type)) return referencedNames(type.type);
  if (ts.isTypeReferenceNode(type)) {
    const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    return [name, ...(type.typeArguments ?? []).flatMap(referencedNames)];
  }
  return [];
}

/**
 * The interface members the package's `.d.ts` declares for `structure`, with `?` for optional:
 * used by the tests to show that both readings of the model agree.
 */
export function declaredMembers(service: ServiceName, structure: string): ReadonlyMap<string, { readonly optional: boolean }> | undefined {
  const packageName = SERVICE_PACKAGES[service];
  return declaredInterfaces(packageRootOf(require.resolve(packageName), packageName)).get(structure);
}

/**
 * How a caller spells member names: `model` as the model does, `pascal` as Step Functions' aws-sdk
 * integrations do ("Parameters in Step Functions are expressed in PascalCase, even if the native
 * service API is in camelCase": SFN's `stateMachineArn` is `StateMachineArn`, in results too).
 */
export type MemberNaming = 'model' | 'pascal';

export function spell(name: string, naming: MemberNaming): string {
  return naming === 'pascal' ? name.charAt(0).toUpperCase() + name.slice(1) : name;
}

/** The member `name` names under `naming`. */
export function memberNamed(shape: StructureShape, name: string, naming: MemberNaming): Member | undefined {
  if (naming === 'model') return shape.members.get(name);
  for (const member of shape.members.values()) if (spell(member.name, naming) === name) return member;
  return undefined;
}

/** The member names as `naming` spells them. */
export function memberNames(shape: StructureShape, naming: MemberNaming): string[] {
  return [...shape.members.keys()].map((name) => spell(name, naming));
}
