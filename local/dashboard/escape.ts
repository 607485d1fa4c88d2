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
