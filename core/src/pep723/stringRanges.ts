// Ranges inside TOML string values: an offset into a string's value maps to a script position when the string is
// written on one line without escapes (the usual case for dependencies); otherwise we fall back to the string's
// whole range.
import type { QuickFix, Range } from '#core/diagnostic';
import type { AST } from '#core/toml/parser';
import type { MetadataBlock } from './blocks';

export class BlockRanges {
  constructor(readonly block: MetadataBlock) {}

  /** Script range of a TOML node. */
  node(node: { range: AST.Range }): Range {
    return this.block.map.nodeToScript(node);
  }

  /** True when the string's characters appear verbatim between its quotes. */
  isVerbatim(node: AST.TOMLStringValue): boolean {
    if (node.multiline) return false;
    return this.block.payload.slice(node.range[0] + 1, node.range[1] - 1) === node.value;
  }

  /** Script range of `[start, end)` of the string's value (the whole string when not verbatim). */
  stringPart(node: AST.TOMLStringValue, start: number, end: number): Range {
    if (!this.isVerbatim(node)) return this.node(node);
    const s = Math.max(0, Math.min(start, node.value.length));
    const e = Math.max(s, Math.min(end, node.value.length));
    return this.block.map.offsetRangeToScript(node.range[0] + 1 + s, node.range[0] + 1 + e);
  }

  /** Script range of the string's value, without quotes (the whole string when not verbatim). */
  stringContent(node: AST.TOMLStringValue): Range {
    return this.stringPart(node, 0, node.value.length);
  }

  /** A fix that replaces the value of a string with `value` (keeping its quotes when possible). */
  replaceString(node: AST.TOMLStringValue, value: string, title: string, isPreferred = true): QuickFix {
    if (this.isVerbatim(node) && (node.style === 'basic' ? !/["\\]/.test(value) : !value.includes("'"))) {
      return { title, edits: [{ range: this.stringContent(node), newText: value }], isPreferred };
    }
    return { title, edits: [{ range: this.node(node), newText: JSON.stringify(value) }], isPreferred };
  }

  /** A fix that replaces `[start, end)` of a verbatim string's value with `text`; undefined when not verbatim. */
  replaceStringPart(node: AST.TOMLStringValue, start: number, end: number, text: string, title: string): QuickFix | undefined {
    if (!this.isVerbatim(node)) return undefined;
    if (node.style === 'basic' ? /["\\]/.test(text) : text.includes("'")) return undefined;
    return { title, edits: [{ range: this.stringPart(node, start, end), newText: text }], isPreferred: true };
  }
}
