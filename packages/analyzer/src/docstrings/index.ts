/**
 * Docstring parsing: style detection (Google, NumPy, Sphinx field lists, plain) and typed sections,
 * a pure function of the text `inspect.getdoc` returns (plus an optional name resolver).
 */
import { looksGoogle, readGoogle } from "./google.ts";
import type { DocResolver, DocSection, DocstringStyle, ParsedDocstring } from "./model.ts";
import { looksNumpy, readNumpy } from "./numpy.ts";
import { looksSphinx, readSphinx } from "./sphinx.ts";
import { dedentText, findXrefs, indentOf, isBlank } from "./text.ts";

export type * from "./model.ts";
export { DOCSTRING_STYLES } from "./model.ts";

/** Options of {@link parseDocstring}. */
export interface ParseDocstringOptions {
  /** Read the text in this style instead of detecting it (`--docstring-style`). */
  readonly style?: DocstringStyle;
  /** Resolves names (raised exceptions, types, See Also entries, Sphinx roles) to ids. */
  readonly resolve?: DocResolver;
}

/**
 * The style a docstring is written in, decided by its first unambiguous mark: a NumPy header (a
 * known title underlined with dashes) wins, then a Sphinx info field (`:param x:`, `:returns:`, …),
 * then a Google section header (`Args:` alone on a line with an indented body); else `plain`.
 */
export function detectDocstringStyle(doc: string): DocstringStyle {
  const lines = doc.split("\n");
  if (looksNumpy(lines)) return "numpy";
  if (looksSphinx(lines)) return "sphinx";
  if (looksGoogle(lines)) return "google";
  return "plain";
}

/**
 * Parses a docstring (as `inspect.getdoc` returns it: cleaned, dedented) into its summary (first
 * paragraph), extended description, sections and cross-references. A `.. deprecated:: VERSION`
 * directive in the text before the sections (numpydoc puts it right after the summary) becomes a
 * `deprecated` section. Reading never fails: what no rule recognises stays in the description or a
 * `text` section.
 */
export function parseDocstring(doc: string, options: ParseDocstringOptions = {}): ParsedDocstring {
  const lines = doc.replace(/\r\n?/g, "\n").split("\n");
  const style = options.style ?? detectDocstringStyle(doc);
  const resolve = options.resolve;
  const read = style === "google" ? readGoogle : style === "numpy" ? readNumpy : style === "sphinx" ? readSphinx : null;
  const { preamble, sections } = read ? read(lines, resolve) : { preamble: lines, sections: [] as DocSection[] };
  const { rest, deprecated } = takeDeprecated(preamble);
  let start = 0;
  while (start < rest.length && isBlank(rest[start]!)) start++;
  let end = start;
  while (end < rest.length && !isBlank(rest[end]!)) end++;
  const summary = end > start ? rest.slice(start, end).join("\n").trim() : null;
  const description = dedentText(rest.slice(end)) || null;
  const all = [...deprecated, ...sections];
  return { style, summary, description, sections: all, xrefs: findXrefs([summary ?? "", description ?? "", ...all.flatMap(sectionTexts)], resolve) };
}

/** Pulls `.. deprecated:: VERSION` directives (with their indented text) out of the preamble. */
function takeDeprecated(lines: readonly string[]): { rest: string[]; deprecated: DocSection[] } {
  const rest: string[] = [];
  const deprecated: DocSection[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\.\. deprecated::\s*(.*)$/.exec(lines[i]!);
    if (!m) {
      rest.push(lines[i]!);
      continue;
    }
    const indent = indentOf(lines[i]!);
    const body: string[] = [];
    while (i + 1 < lines.length && (isBlank(lines[i + 1]!) || indentOf(lines[i + 1]!) > indent)) body.push(lines[++i]!);
    deprecated.push({ kind: "deprecated", title: null, version: m[1]!.trim() || null, text: dedentText(body) });
  }
  return { rest, deprecated };
}

/** The free text of a section, where cross-references are looked for. */
function sectionTexts(s: DocSection): string[] {
  switch (s.kind) {
    case "parameters":
    case "other_parameters":
    case "attributes":
    case "returns":
    case "yields":
    case "receives":
    case "raises":
    case "warns":
    case "see_also":
      return s.items.map((x) => x.description);
    case "examples":
      return s.blocks.filter((b) => b.kind === "text").map((b) => b.text);
    default:
      return [s.text];
  }
}
