import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HANDLER_NAMES, LAMBDA_STEPS, type LambdaStep } from '../../statemachines/steps.js';

/** The top-level keys of the first `{…}` in a table cell, or `state` when the cell has none. */
function topLevelKeys(cell: string): string[] | 'state' {
  const start = cell.indexOf('{');
  if (start < 0) return 'state';
  const keys: string[] = [];
  let depth = 0;
  let token = '';
  for (const char of cell.slice(start)) {
    if ('{['.includes(char)) depth += 1;
    if ('}]'.includes(char)) depth -= 1;
    if (depth === 1 && char !== '{' && char !== ',') token += char;
    if ((depth === 1 && char === ',') || depth === 0) {
      const key = /^\s*([A-Za-z]+)/.exec(token)?.[1];
      if (key) keys.push(key);
      token = '';
    }
    if (depth === 0) break;
  }
  return keys.sort();
}

/** What docs/contracts.md's payload table says each Lambda state passes and returns. */
function documentedPayloads(contracts: string): Map<string, { event: string[] | 'state'; result: string[] | 'state' }> {
  const table = contracts.slice(contracts.indexOf('Lambda payloads'));
  const rows = [...table.matchAll(/^\| ([A-Za-z]+) \| (.+?) \| (.+) \|$/gm)];
  return new Map(rows.map((row) => [row[1] as string, { event: topLevelKeys(row[2] as string), result: topLevelKeys(row[3] as string) }]));
}

/** Where the document and the registry disagree. */
function payloadProblems(contracts: string): string[] {
  const documented = documentedPayloads(contracts);
  return HANDLER_NAMES.flatMap((handler) => {
    const step: LambdaStep = LAMBDA_STEPS[handler];
    const row = documented.get(step.state);
    if (!row) return [`${step.state}: not in the payload table`];
    const event = step.eventKeys === 'state' ? 'state' : [...step.eventKeys].sort();
    return [
      ...(JSON.stringify(row.event) === JSON.stringify(event) ? [] : [`${step.state}: documented event ${JSON.stringify(row.event)}, registry ${JSON.stringify(event)}`]),
      ...(JSON.stringify(row.result) === JSON.stringify([...step.resultKeys].sort())
        ? []
        : [`${step.state}: documented result ${JSON.stringify(row.result)}, registry ${JSON.stringify([...step.resultKeys].sort())}`]),
    ];
  });
}

const contracts = readFileSync(new URL('../../docs/contracts.md', import.meta.url), 'utf8');

describe('docs/contracts.md Lambda payloads', () => {
  it('state what statemachines/steps.ts registers for every Lambda step', () => {
    // Act + Assess
    expect(payloadProblems(contracts)).toEqual([]);
  });

  it('catches a result key the document leaves out and an event key it adds', () => {
    // Prepare
    const doctored = contracts
      .replace('| `{newUsers, refreshUsers, batches: [{key, count}]}` |', '| `{newUsers, batches: [{key, count}]}` |')
      .replace('| CheckData | `{reportDate, executionDate}` |', '| CheckData | `{reportDate, executionDate, executionName}` |');

    // Act
    const problems = payloadProblems(doctored);

    // Assess
    expect(problems).toEqual([
      'CheckData: documented event ["executionDate","executionName","reportDate"], registry ["executionDate","reportDate"]',
      'FindUsersToResolve: documented result ["batches","newUsers"], registry ["batches","newUsers","refreshUsers"]',
    ]);
  });
});
