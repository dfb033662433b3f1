/**
 * Checks Markdown pages the way a site generator would read them: each page is parsed with
 * markdown-it, and every link must reach a page of the set and an anchor (`<a id>`) on it. Used by
 * test/markdown and by tools/docstrings/markdown-stdlib.ts.
 */
import MarkdownIt from "markdown-it";

/** A link that does not resolve, or raw HTML that is not one of our anchors. */
export interface LinkProblem {
  readonly page: string;
  readonly problem: string;
}

const md = new MarkdownIt({ html: true });
/** Our anchors (`<a id="…"></a>`, inline: markdown-it gives the open and close tags apart) and table-cell `<br>`. */
const ANCHOR = /^<a id="([^"]+)">(?:<\/a>)?\s*$/;
const ALLOWED = new Set(["</a>", "<br>"]);

/** Every problem in the pages (file name → Markdown); external links (with a scheme) are not followed. Counts links checked. */
export function checkLinks(files: ReadonlyMap<string, string>): { problems: LinkProblem[]; links: number; anchors: number } {
  const anchors = new Map<string, Set<string>>();
  const links: { page: string; href: string }[] = [];
  const problems: LinkProblem[] = [];
  for (const [page, text] of files) {
    const ids = new Set<string>();
    const walk = (tokens: ReturnType<typeof md.parse>) => {
      for (const t of tokens) {
        if (t.type === "html_block" || t.type === "html_inline") {
          const id = ANCHOR.exec(t.content.trim())?.[1];
          if (id) {
            if (ids.has(id)) problems.push({ page, problem: `anchor twice: ${id}` });
            ids.add(id);
          } else if (!ALLOWED.has(t.content.trim())) problems.push({ page, problem: `raw HTML from text: ${JSON.stringify(t.content.slice(0, 80))}` });
        }
        if (t.type === "link_open") links.push({ page, href: String(t.attrGet("href") ?? "") });
        if (t.children) walk(t.children);
      }
    };
    walk(md.parse(text, {}));
    anchors.set(page, ids);
  }
  for (const { page, href } of links) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
    const hash = href.indexOf("#");
    const file = hash < 0 ? href : href.slice(0, hash);
    const anchor = hash < 0 ? null : decodeURIComponent(href.slice(hash + 1));
    const target = file === "" ? page : file;
    if (!anchors.has(target)) problems.push({ page, problem: `link to a missing page: ${href}` });
    else if (anchor !== null && !anchors.get(target)!.has(anchor)) problems.push({ page, problem: `link to a missing anchor: ${href}` });
  }
  return { problems, links: links.length, anchors: [...anchors.values()].reduce((n, s) => n + s.size, 0) };
}
