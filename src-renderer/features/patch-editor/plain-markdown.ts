/**
 * Stands in for codemirror-json-schema's `utils/markdown` module in the renderer's build (see
 * `electron.vite.config.ts`): the library renders schema descriptions with markdown-it and shiki,
 * about 400 kB the editor never needs, since the patch schema's descriptions are plain sentences from
 * the catalogs. The text is escaped, so a description can never become markup.
 */
export function renderMarkdown(markdown: string, _inline = true): string {
  return markdown.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
