// Text from the disk or from a script (run names, TOML strings, log lines) shown where control characters act: a
// terminal runs ESC sequences (retitling the window, clearing the screen), a newline starts a line that can pass
// for ours, bidirectional controls reorder what is read. Such characters are written as visible escapes, the way
// `ls -b` and `git` quote file names; everything else is left as it is.

/** Characters that act rather than print: C0 and C1 controls, DEL, line and paragraph separators, bidi controls, lone surrogates. */
const ACTING =
  // eslint-disable-next-line no-control-regex -- finding control characters is what this is for
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The same characters, any surrogate included: a quick first look (no lookaround) that most text fails at once. */
// eslint-disable-next-line no-control-regex -- finding control characters is what this is for
const MAYBE_ACTING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** `text` with every acting character written as `\t`, `\n`, `\r`, `\xHH` or `\uHHHH`. */
export function escapeControlCharacters(text: string): string {
  if (!MAYBE_ACTING.test(text)) return text;
  ACTING.lastIndex = 0;
  if (!ACTING.test(text)) return text;
  return text.replace(ACTING, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** True when `text` holds a character that `escapeControlCharacters` would escape. */
export function hasControlCharacters(text: string): boolean {
  if (!MAYBE_ACTING.test(text)) return false;
  ACTING.lastIndex = 0;
  return ACTING.test(text);
}
