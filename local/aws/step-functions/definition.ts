import { readFile } from 'node:fs/promises';

/** Values for the `${Name}` placeholders of an ASL file, keyed by `Name`. */
export type DefinitionSubstitutions = Readonly<Record<string, string>>;

/** An Amazon States Language document, as parsed from JSON. */
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  [field: string]: unknown;
}

/** One state of an ASL document; only the fields this project inspects are typed. */
export interface AslState {
  Type: string;
  Next?: string;
  Retry?: Array<{ ErrorEquals: string[] }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string; ResultPath?: string | null }>;
  ItemProcessor?: AslDefinition;
  Iterator?: AslDefinition;
  [field: string]: unknown;
}

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/**
 * Replaces every `${Name}` in an ASL text, the way CloudFormation's DefinitionSubstitutions do,
 * and parses the result.
 *
 * @throws Error naming every placeholder that has no value.
 */
export function substituteDefinition(text: string, substitutions: DefinitionSubstitutions): AslDefinition {
  const missing = new Set<string>();
  const substituted = text.replace(PLACEHOLDER, (placeholder, name: string) => {
    const value = substitutions[name];
    if (value === undefined) {
      missing.add(placeholder);
      return placeholder;
    }
    // Values land inside JSON strings: escape them as JSON string content.
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) {
    throw new Error(`State machine definition: no value for ${[...missing].join(', ')}`);
  }
  return JSON.parse(substituted) as AslDefinition;
}

/** Reads an ASL file and applies {@link substituteDefinition} to it. */
export async function loadDefinition(path: string, substitutions: DefinitionSubstitutions): Promise<AslDefinition> {
  return substituteDefinition(await readFile(path, 'utf8'), substitutions);
}

/** Every state of a definition, including those inside Map iterators, by name. */
export function allStates(definition: AslDefinition): Array<[name: string, state: AslState]> {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    const iterator = state.ItemProcessor ?? state.Iterator;
    return [[name, state] as [string, AslState], ...(iterator ? allStates(iterator) : [])];
  });
}
