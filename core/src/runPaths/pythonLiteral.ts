// Text written into a Python string literal so that the literal's value is exactly that text. A run folder's name
// is chosen by whoever made the folder: completed raw into `x = "runs/|"`, the name
// `x"+__import__("os").system("id")+"` would end the string and put code into the user's file. So the name is
// escaped for the string it goes into — its quote, its prefix (raw, bytes, f-string), control characters — and
// where no escape exists (a raw string cannot hold its own quote or a backslash) it is not written at all.
import type { StringAtPosition } from './pythonStrings';
import { hasControlCharacters } from '#core/text/controlCharacters';

export type PythonLiteralText = { ok: true; code: string } | { ok: false; why: string };

/** `text` as source code inside a string literal of the given quote and prefix. */
export function inPythonString(text: string, kind: Pick<StringAtPosition, 'quote' | 'prefix'>): PythonLiteralText {
  const raw = kind.prefix.includes('r');
  const bytes = kind.prefix.includes('b');
  const formatted = kind.prefix.includes('f') || kind.prefix.includes('t');
  const quote = kind.quote[0];
  if (/[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
    return { ok: false, why: 'it holds characters that are not valid Unicode' };
  }
  if (raw) return inRawString(text, quote, bytes, formatted);
  let code = '';
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    if (c === '\\' || c === quote) code += '\\' + c;
    else if (formatted && (c === '{' || c === '}')) code += c + c;
    else if (bytes && cp > 0x7f) code += [...Buffer.from(c, 'utf8')].map(hexByte).join('');
    else if (hasControlCharacters(c)) code += escapeCharacter(cp);
    else code += c;
  }
  return { ok: true, code };
}

/** A raw string has no escapes: only text without its quote, backslashes and control characters fits. */
function inRawString(text: string, quote: string, bytes: boolean, formatted: boolean): PythonLiteralText {
  const kind = `r${quote}…${quote}`;
  if (text.includes(quote)) return { ok: false, why: `cannot be written inside this ${kind} string: its name holds a ${quote} quote` };
  if (text.includes('\\')) return { ok: false, why: `cannot be written inside this ${kind} string: its name holds a backslash` };
  if (hasControlCharacters(text))
    return { ok: false, why: `cannot be written inside this ${kind} string: its name holds a control character` };
  if (bytes && [...text].some((c) => c.codePointAt(0)! > 0x7f)) {
    return { ok: false, why: `cannot be written inside this ${kind} bytes string: its name holds characters that are not ASCII` };
  }
  return { ok: true, code: formatted ? text.replace(/[{}]/g, '$&$&') : text };
}

function hexByte(b: number): string {
  return '\\x' + b.toString(16).padStart(2, '0');
}

/** `\n`, `\x1b`, `\u202e`: an escape Python reads back as the same character (in str and bytes alike below 0x80). */
function escapeCharacter(cp: number): string {
  if (cp === 10) return '\\n';
  if (cp === 13) return '\\r';
  if (cp === 9) return '\\t';
  if (cp < 0x100) return hexByte(cp);
  return '\\u' + cp.toString(16).padStart(4, '0');
}
