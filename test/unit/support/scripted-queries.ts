/** A QueryRunner that answers with prepared rows and records the SQL it was given. */
import type { QueryRunner, Row } from '../../../handlers/shared/query-runner.js';

/** Answers the n-th query with the n-th prepared result; fails on an unexpected extra query. */
export class ScriptedQueries implements QueryRunner {
  readonly sql: string[] = [];

  constructor(private readonly results: Row[][]) {}

  async run(sql: string): Promise<Row[]> {
    this.sql.push(sql);
    const rows = this.results[this.sql.length - 1];
    if (rows === undefined) throw new Error(`unexpected query #${this.sql.length}: ${sql}`);
    return rows;
  }
}
