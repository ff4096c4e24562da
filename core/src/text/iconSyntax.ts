// VS Code draws `$(name)` in Quick Pick labels, descriptions and details as an icon. A run, job or experiment name
// comes from a repository, so its text is shown as written: `\$(name)` is VS Code's own escape for it (the same
// pattern VS Code's escapeIcons uses; any other `$(` is text already).
const ICON = /(\\)?\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;

/** `text` with every `$(icon-name)` escaped, so that VS Code shows it as text rather than as an icon. */
export function escapeIconSyntax(text: string): string {
  return text.replace(ICON, (match, escaped: string | undefined) => (escaped ? match : `\\${match}`));
}
