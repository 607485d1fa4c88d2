/**
 * Putting data into one HTML file safely: text and attributes escaped, JSON and scripts made
 * unable to close their `<script>` element, whatever names the data holds.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML element or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` as `\u` escapes, so no
 * value can close the element or open a comment; U+2028/2029 escaped for older JS parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * JavaScript source for an inline `<script>`: any `</script` (in strings or comments of a bundled
 * library) becomes `<\/script`, which means the same to JavaScript but cannot end the element.
 */
export function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * An object {@link jsonChunksForScript} writes entry by entry, each value made when it is
 * written: a page's largest parts (every person's detail) never exist whole in memory.
 */
export class StreamedObject {
  constructor(readonly entries: () => Iterable<readonly [string, unknown]>) {}
}

/**
 * The text {@link jsonForScript} gives, in pieces: a {@link StreamedObject} (at any depth of
 * others) one piece per entry; entries whose value is `undefined` left out, as JSON.stringify does.
 */
export function* jsonChunksForScript(value: unknown): Generator<string> {
  if (!(value instanceof StreamedObject)) {
    yield jsonForScript(value);
    return;
  }
  let separator = '{';
  for (const [key, entry] of value.entries()) {
    if (entry === undefined) continue;
    yield `${separator}${jsonForScript(key)}:`;
    separator = ',';
    yield* jsonChunksForScript(entry);
  }
  yield separator === '{' ? '{}' : '}';
}

/** `chunks` joined into pieces of about `size` characters: few writes for a file of millions of small pieces. */
export function* joinedChunks(chunks: Iterable<string>, size = 1 << 20): Generator<string> {
  let pending: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (pending.length > 0) yield pending.join('');
}
