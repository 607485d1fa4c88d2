import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyReportPath } from '../../local/aws/athena/report-files.js';

const ACCOUNT = join('/bucket', 'kiro', 'AWSLogs', '111122223333');

describe('classifyReportPath', () => {
  it('places a user_report CSV in its table with the five partition folders', () => {
    // Prepare
    const path = join(ACCOUNT, 'KiroLogs', 'user_report', 'us-east-1', '2026', '07', '11', '00', 'KIRO_IDE_x.csv');

    // Act
    const report = classifyReportPath(path);

    // Assess
    expect(report).toEqual({ table: 'user_report', file: { path, partitions: ['us-east-1', '2026', '07', '11', '00'] } });
  });

  it('reads by_user_analytic from QDeveloperLogs as well', () => {
    // Prepare
    const path = join(ACCOUNT, 'QDeveloperLogs', 'by_user_analytic', 'us-east-1', '2026', '02', '11', '00', 'a.csv');

    // Act
    const report = classifyReportPath(path);

    // Assess
    expect(report?.table).toBe('by_user_analytic');
  });

  it.each([
    ['a marker object', join(ACCOUNT, 'KiroLogs', 'aws-programmatic-access-test-object')],
    ['a non-CSV object in a report folder', join(ACCOUNT, 'KiroLogs', 'user_report', 'notes.txt')],
    ['a CSV outside the report prefixes', join(ACCOUNT, 'KiroLogs', 'other_report', 'x.csv')],
    ['a CSV outside AWSLogs', join('/bucket', 'KiroLogs', 'user_report', 'x.csv')],
  ])('ignores %s', (_, path) => {
    // Act
    const report = classifyReportPath(path);

    // Assess
    expect(report).toBeUndefined();
  });

  it('rejects a report CSV nested deeper than five partition folders, naming it', () => {
    // Prepare
    const path = join(ACCOUNT, 'KiroLogs', 'user_report', 'us-east-1', '2026', '07', '11', '00', 'extra', 'x.csv');

    // Act
    const classifying = () => classifyReportPath(path);

    // Assess
    expect(classifying).toThrow(`Unexpected report layout: ${path} is 6 folders below user_report/`);
  });
});
