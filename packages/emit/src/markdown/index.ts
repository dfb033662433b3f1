/**
 * `emit markdown`: the bundle as Markdown API pages, one per module (or per class with
 * `split: "classes"`), or one document (`singleFile`), plus an index page and a navigation tree.
 */
import type { Bundle } from "../schema.ts";
import { Layout, type LayoutOptions } from "./layout.ts";
import { renderPage } from "./page.ts";

export { anchorOf, isDocumented, Layout, type LayoutOptions, type Location, type PageSpec } from "./layout.ts";

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions extends LayoutOptions {
  /**
   * A repository host's line-URL template for "Source" links: `{path}` (the file relative to
   * `sourceRoot`, `/`-separated, URI-encoded), `{line}` (1-based first line, as getsourcelines
   * gives it), `{endLine}` (last line of the definition), `{module}`. Without it, locations are text.
   */
  readonly sourceUrl?: string;
  /** Paths are shown relative to this directory; default: the deepest directory holding every file of the bundle. */
  readonly sourceRoot?: string;
}

/**
 * One entry of the navigation tree: `text`, `link` (a page file, `.md` included) and `items` (its
 * children): VitePress's sidebar item shape; MkDocs `nav` is `{[text]: link}` per entry and a
 * Docusaurus sidebar `{type: "doc", id: link without .md}`, both one map over this tree.
 */
export interface NavItem {
  readonly text: string;
  readonly link: string;
  /** The module or class id the page shows. */
  readonly id: string;
  readonly items: readonly NavItem[];
}

/** The output of {@link renderMarkdown}: file name → Markdown text, and the navigation tree (empty in single-file mode). */
export interface MarkdownOutput {
  readonly files: ReadonlyMap<string, string>;
  readonly nav: readonly NavItem[];
}

/** The deepest directory that contains every path (`/`-separated), or "". */
export function commonDirectory(paths: readonly string[]): string {
  if (paths.length === 0) return "";
  let prefix = paths[0]!.replace(/\\/g, "/").split("/").slice(0, -1);
  for (const p of paths) {
    const dirs = p.replace(/\\/g, "/").split("/").slice(0, -1);
    let n = 0;
    while (n < prefix.length && n < dirs.length && prefix[n] === dirs[n]) n++;
    prefix = prefix.slice(0, n);
  }
  return prefix.join("/");
}

/**
 * Renders a bundle as Markdown pages. Every link on every page points at a page of the output and
 * an anchor on it (an `<a id>` before each object's heading, see `anchorOf`); objects without a
 * page (builtins, modules not in the bundle) are shown as code. Pages: `<module>.md`,
 * `<module>-<Class>.md` (split), `index.md` (every module), or only `api.md` (single file).
 * Never throws for a valid bundle.
 */
export function renderMarkdown(bundle: Bundle, options: MarkdownOptions = {}): MarkdownOutput {
  const layout = new Layout(bundle, options);
  const ctx = { layout, sourceUrl: options.sourceUrl, sourceRoot: options.sourceRoot ?? commonDirectory(bundle.files.map((f) => f.path)) };
  const files = new Map<string, string>();
  if (options.singleFile) {
    const page = layout.pages[0];
    files.set(options.singleFileName ?? "api.md", page ? renderPage(page.file, page.roots, ctx, 2, "API reference") : "# API reference\n");
    return { files, nav: [] };
  }
  for (const page of layout.pages) files.set(page.file, renderPage(page.file, page.roots, ctx, 1));
  const modules = layout.pages.filter((p) => p.classId === null);
  const index = ["# API reference", "", ...modules.map((p) => `- [${"`"}${p.module}${"`"}](${p.file})`)].join("\n") + "\n";
  files.set("index.md", index);
  return { files, nav: navigation(layout) };
}

/** Modules nested by package (`a.b` under `a` when `a` has a page), split class pages under their module. */
function navigation(layout: Layout): NavItem[] {
  const items = new Map<string, { text: string; link: string; id: string; items: NavItem[] }>();
  const roots: NavItem[] = [];
  for (const page of layout.pages) {
    const id = page.classId ?? page.module;
    const text = page.classId ? page.classId.slice(page.classId.indexOf(":") + 1) : page.module;
    const item = { text, link: page.file, id, items: [] as NavItem[] };
    items.set(id, item);
    let parent: string | null = page.classId ? page.module : page.module.includes(".") ? page.module.slice(0, page.module.lastIndexOf(".")) : null;
    while (parent !== null && !items.has(parent) && !page.classId) parent = parent.includes(".") ? parent.slice(0, parent.lastIndexOf(".")) : null;
    if (parent !== null && items.has(parent)) items.get(parent)!.items.push(item);
    else roots.push(item);
  }
  return roots;
}
