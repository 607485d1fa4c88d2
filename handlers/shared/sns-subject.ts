/**
 * SNS rejects a subject of 100 characters or more ("must be less than 100 characters"), or one
 * holding line breaks / non-ASCII: the longest subject sent is 99.
 */
export const MAX_SUBJECT_LENGTH = 99;

/**
 * Makes `text` a valid SNS subject: non-printable and non-ASCII characters become spaces,
 * runs of spaces collapse, and an over-long subject is cut with `...`.
 */
export function toSnsSubject(text: string): string {
  const printable = text
    .replace(/[^\x20-\x7E]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (printable.length <= MAX_SUBJECT_LENGTH) return printable;
  return `${printable.slice(0, MAX_SUBJECT_LENGTH - 3).trimEnd()}...`;
}
