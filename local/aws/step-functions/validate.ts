import aslValidator from 'asl-validator';
import type { AslDefinition } from './definition.js';

/**
 * Checks a definition against the Amazon States Language schema (paths and ARNs included).
 *
 * @throws Error listing every problem found.
 */
export function validateDefinition(definition: AslDefinition): void {
  // The validator writes defaults (QueryLanguage) into what it is given: hand it a copy.
  const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
  if (!result.isValid) {
    throw new Error(`State machine definition is invalid:\n${result.errorsText('\n')}`);
  }
}
