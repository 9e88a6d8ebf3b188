/**
 * Characters that break readers of our exports although the record may hold them (an old fact,
 * an import): C0 control characters, which RFC 5545 forbids in iCalendar text, which truncate or
 * stop C-based CSV readers (NUL) and which render as nothing in a browser; and U+2028/U+2029,
 * which JavaScript before ES2019 and many line-oriented tools take for line ends inside JSON.
 * The renderers apply these on the way out; the record itself is never changed.
 */

/* eslint-disable no-control-regex -- control characters are exactly what these remove */
/** C0 controls and DEL, except TAB, LF and CR (each format writes those its own way). */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/* eslint-enable no-control-regex */

export function withoutControls(text: string): string {
  return text.replace(CONTROLS, '');
}

/**
 * JSON text with U+2028/U+2029 written as `\u2028`/`\u2029` escapes. They can only occur inside
 * strings (JSON's own syntax is ASCII), where the escape is the same character to a JSON parser.
 */
export function jsonWithSafeSeparators(json: string): string {
  return json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Text for an iCalendar TEXT value: no controls, and the Unicode line and paragraph separators
 * as the line breaks they mean (a line break, a blank line), which the writer escapes as `\n`.
 */
export function calendarText(text: string): string {
  return withoutControls(text)
    .replace(/\u2028/g, '\n')
    .replace(/\u2029/g, '\n\n');
}

/**
 * A calendar property ical-generator writes verbatim (NAME, X-WR-CALNAME, X-WR-CALDESC): on one
 * line, without controls, so a name with a line break cannot end the property early.
 */
export function calendarLine(text: string): string {
  return calendarText(text).replace(/[\r\n]+/g, ' ');
}
