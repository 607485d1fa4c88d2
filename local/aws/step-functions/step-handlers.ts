/**
 * The real handler of every Lambda step, found by convention: `handlers/<name>/handler.ts`
 * exports `createHandler(ports)`. A new step needs no line here.
 */
import type { HandlerFactory, HandlerPorts } from '../../../handlers/shared/handler-ports.js';
import { HANDLER_NAMES, type HandlerName } from '../../../statemachines/steps.js';
import { lambdaHandler, type LocalHandler } from './handlers.js';

/** Each step's handler over `ports`, wrapped for a `lambda:invoke` Task. */
export async function stepHandlers(ports: HandlerPorts): Promise<Record<HandlerName, LocalHandler>> {
  const entries = await Promise.all(
    HANDLER_NAMES.map(async (name) => {
      // A URL, not a literal path: bundlers then leave the import to the runtime (tsx or Vitest).
      const module = (await import(new URL(`../../../handlers/${name}/handler.ts`, import.meta.url).href)) as {
        createHandler?: HandlerFactory<typeof name>;
      };
      if (typeof module.createHandler !== 'function') throw new Error(`handlers/${name}/handler.ts does not export createHandler(ports)`);
      return [name, lambdaHandler(module.createHandler(ports))] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<HandlerName, LocalHandler>;
}
