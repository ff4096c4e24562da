// UTF-16 offsets that respect whole characters. LSP positions count UTF-16 code units, so a character outside the
// Basic Multilingual Plane (an emoji, many CJK extensions) takes two; a range or a quoted character must never cut
// such a pair in half, which would show a lone surrogate (or nothing) in the editor.

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** True when `offset` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset));
}

/** The whole character that starts at `offset` (two code units for a surrogate pair), or '' at the end. */
export function characterAt(text: string, offset: number): string {
  const code = text.codePointAt(offset);
  return code === undefined ? '' : String.fromCodePoint(code);
}

/** Offset just past the character that starts at `offset`. */
export function nextCharacterEnd(text: string, offset: number): number {
  return Math.min(text.length, offset + Math.max(1, characterAt(text, offset).length));
}

/** `[start, end)` widened so that neither end cuts a surrogate pair. */
export function snapToCharacters(text: string, start: number, end: number): [number, number] {
  return [splitsSurrogatePair(text, start) ? start - 1 : start, splitsSurrogatePair(text, end) ? end + 1 : end];
}
