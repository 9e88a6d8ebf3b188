/**
 * What text the record accepts, anywhere in a body or an event: well-formed Unicode (a lone
 * surrogate cannot be hashed as RFC 8785 JSON nor shown by any consumer) and no control
 * characters but TAB, LF and CR (NUL, ESC and the rest of C0, and DEL, break terminals,
 * iCalendar and CSV consumers, and are never part of a real headline or source).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function textProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode (it holds a lone surrogate)';
  const control = FORBIDDEN_CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `must not contain the control character U+${code} (only tab, line feed and carriage return are allowed)`;
  }
  return null;
}

/**
 * The first string (value or key) in a JSON value that breaks the rules, with its path
 * (`data.sources[0].title`), or null. Iterative, so no nesting depth can overflow the stack.
 */
export function findTextProblem(
  value: unknown,
  root = '',
): { readonly field: string; readonly message: string } | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (typeof node === 'string') {
      const message = textProblem(node);
      if (message) return { field: path || 'body', message };
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], `${path}[${i}]`]);
      continue;
    }
    const entries = Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const childPath = path ? `${path}.${key}` : key;
      const keyMessage = textProblem(key);
      if (keyMessage) return { field: childPath, message: `its name ${keyMessage}` };
      stack.push([child, childPath]);
    }
  }
  return null;
}
