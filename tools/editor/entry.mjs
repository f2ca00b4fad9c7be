// What app/static/js/editor.js uses from CodeMirror 6: bundled as the global `CodeMirror` (see build.mjs).
export { EditorState } from "@codemirror/state";
export {
  EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap,
  lineNumbers,
} from "@codemirror/view";
export { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
export { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
export { markdownLanguage } from "@codemirror/lang-markdown";
export { yamlFrontmatter } from "@codemirror/lang-yaml";
export { forceLinting, lintGutter, lintKeymap, linter } from "@codemirror/lint";
export { tags } from "@lezer/highlight";
