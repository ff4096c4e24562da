// Text that must show as itself inside Markdown (hovers, completion documentation, tooltips): run names, log lines,
// file paths and TOML values come from the repository, and a name such as `![x](https://…)` or `<img …>` would
// otherwise render as an image, a link or HTML. CommonMark lets any ASCII punctuation be backslash-escaped, so all
// of it is; control characters are first made visible, since a newline could end the paragraph.
import { escapeControlCharacters } from './controlCharacters';

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/** `text` as literal Markdown text: no emphasis, link, image, HTML, heading, list or autolink can come out of it. */
export function markdownText(text: string): string {
  return escapeControlCharacters(text).replace(ASCII_PUNCTUATION, '\\$&');
}

/** `text` as a Markdown code span, fenced with more backticks than it holds, control characters made visible. */
export function markdownCode(text: string): string {
  const visible = escapeControlCharacters(text);
  const longest = Math.max(0, ...(visible.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A span that starts or ends with a backtick needs a space inside the fence, which CommonMark strips again.
  const pad = visible.startsWith('`') || visible.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${visible}${pad}${fence}`;
}
