/**
 * Google style (the Google Python Style Guide, as Sphinx's napoleon reads it): a section opens with
 * a line `Title:` alone (`Args:`, `Returns:`, `Raises:` …) and its body is the block indented under
 * it.
 *
 * ```python
 * def fetch(url, retries=3):
 *     """Fetch a page.
 *
 *     Args:
 *         url (str): Where to go.
 *         retries: How often to try again.
 *
 *     Returns:
 *         bytes: The body.
 *
 *     Raises:
 *         TimeoutError: When the host is silent.
 *     """
 * ```
 */
import { googleParameterHead, googleReturn } from "./entries.ts";
import { styledSection, type SectionStyle } from "./sections.ts";
import type { DocResolver, DocSection } from "./model.ts";
import { SECTION_TITLES, dedentText, indentOf, isBlank } from "./text.ts";

/** The title when line `i` opens a Google section (`Title:` alone, the next non-blank line indented deeper), else `null`. */
export function googleHeader(lines: readonly string[], i: number): string | null {
  const m = /^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*$/.exec(lines[i]!);
  if (!m || !(m[1]!.toLowerCase() in SECTION_TITLES)) return null;
  let j = i + 1;
  while (j < lines.length && isBlank(lines[j]!)) j++;
  return j < lines.length && indentOf(lines[j]!) > indentOf(lines[i]!) ? m[1]! : null;
}

/** Whether any line of the docstring opens a Google section. */
export const looksGoogle = (lines: readonly string[]): boolean => lines.some((_, i) => googleHeader(lines, i) !== null);

/**
 * Reads a Google-style docstring: the lines before the first section (the preamble) and the sections.
 * Lines after a section's body that open no section become a `text` section. Never throws.
 */
export function readGoogle(lines: readonly string[], resolve: DocResolver | undefined): { preamble: string[]; sections: DocSection[] } {
  const sections: DocSection[] = [];
  let i = 0;
  const preamble: string[] = [];
  while (i < lines.length && googleHeader(lines, i) === null) preamble.push(lines[i++]!);
  while (i < lines.length) {
    const title = googleHeader(lines, i)!;
    const indent = indentOf(lines[i]!);
    const body: string[] = [];
    i++;
    while (i < lines.length && (isBlank(lines[i]!) || indentOf(lines[i]!) > indent)) body.push(lines[i++]!);
    sections.push(...googleSection(title, body, resolve));
    const loose: string[] = [];
    while (i < lines.length && googleHeader(lines, i) === null) loose.push(lines[i++]!);
    const text = dedentText(loose);
    if (text) sections.push({ kind: "text", title: null, text });
  }
  return { preamble, sections };
}

/** What Google sections read their own way: `name (type): text` heads, one return entry, text dedented (see {@link SectionStyle}). */
const GOOGLE: SectionStyle = {
  parameterHead: googleParameterHead,
  returns: (body, resolve) => [googleReturn(body, resolve)],
  text: (body) => dedentText(body),
};

function googleSection(title: string, body: readonly string[], resolve: DocResolver | undefined): DocSection[] {
  return styledSection(SECTION_TITLES[title.toLowerCase()]!, title, body, resolve, GOOGLE);
}
