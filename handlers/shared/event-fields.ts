/**
 * Reads the fields of a handler event, failing with an error that names the handler, the field
 * and what was expected: a state machine wiring mistake should be obvious from the error alone.
 */
import { requireIsoDate } from './dates.js';

/** The event as an object, or an error when it is not one. */
export function eventObject(event: unknown, handler: string): Record<string, unknown> {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new Error(`${handler}: expected the event to be a JSON object, got ${JSON.stringify(event)}`);
  }
  return event as Record<string, unknown>;
}

/** A `YYYY-MM-DD` field. */
export function dateField(event: Record<string, unknown>, field: string, handler: string): string {
  return requireIsoDate(event[field], `${handler}: event.${field}`);
}

/** A non-empty string field. */
export function stringField(event: Record<string, unknown>, field: string, handler: string): string {
  const value = event[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`${handler}: event.${field}: expected a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A non-negative integer field. */
export function indexField(event: Record<string, unknown>, field: string, handler: string): number {
  const value = event[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${handler}: event.${field}: expected a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

const EXECUTION_NAME = /^[^\s/\\]{1,80}$/;

/** A Step Functions execution name, safe to use as one S3 key segment. */
export function executionNameField(event: Record<string, unknown>, handler: string): string {
  const value = event.executionName;
  if (typeof value !== 'string' || !EXECUTION_NAME.test(value)) {
    throw new Error(
      `${handler}: event.executionName: expected an execution name of 1-80 characters without spaces or slashes, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
