/**
 * What CloudFormation creates before what: the dependency graph of a synthesized template, from
 * each resource's `DependsOn` and every `Ref`, `Fn::GetAtt` and `Fn::Sub` reference in it, and
 * the check that one resource comes after another, directly or through others.
 */

/** Plain template JSON. */
type Json = any;

/** A template's resources by logical id. */
export interface TemplateJson {
  Resources: Record<string, Json>;
}

/** The logical ids a value references (`Ref`, `Fn::GetAtt`, `${Id}` / `${Id.Attr}` in `Fn::Sub`). */
function referencesIn(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, into);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'Ref' && typeof inner === 'string') into.add(inner);
    else if (key === 'Fn::GetAtt') into.add(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]!);
    else if (key === 'Fn::Sub') {
      const text = Array.isArray(inner) ? inner[0] : inner;
      for (const match of String(text).matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) into.add(match[1]!);
      if (Array.isArray(inner)) referencesIn(inner[1], into);
    } else referencesIn(inner, into);
  }
}

/** Each resource's direct dependencies: other resources of the template only (not pseudo parameters). */
export function dependencyGraph(template: TemplateJson): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    const direct = new Set<string>([resource.DependsOn ?? []].flat());
    referencesIn(resource.Properties ?? {}, direct);
    graph.set(id, new Set([...direct].filter((dependency) => dependency in template.Resources)));
  }
  return graph;
}

/** Every resource `id` waits for, directly or through others. */
export function transitiveDependencies(graph: ReadonlyMap<string, ReadonlySet<string>>, id: string): Set<string> {
  const seen = new Set<string>();
  const pending = [...(graph.get(id) ?? [])];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...(graph.get(next) ?? []));
  }
  return seen;
}

/**
 * One line per resource of `dependents` that CloudFormation could create before `prerequisite`
 * (no chain of DependsOn, Ref or GetAtt leads from it to the prerequisite); empty when all wait.
 */
export function missingOrder(template: TemplateJson, dependents: readonly string[], prerequisite: string): string[] {
  const graph = dependencyGraph(template);
  return dependents
    .filter((id) => !transitiveDependencies(graph, id).has(prerequisite))
    .map((id) => `${id} (${template.Resources[id]?.Type}) does not depend on ${prerequisite} (${template.Resources[prerequisite]?.Type})`);
}

/** Logical ids of the resources of `type`. */
export function idsOfType(template: TemplateJson, type: string): string[] {
  return Object.keys(template.Resources).filter((id) => template.Resources[id].Type === type);
}
