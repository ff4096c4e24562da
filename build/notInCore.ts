// The core and the CLI build with Node's types only. Their tsconfig maps the editor and LSP libraries here, so an
// import of one fails the build: with this type error, and with "not listed within the file list of project".
export const editorLibrary: never = 'vscode and the LSP libraries are not available to the core or the CLI';
