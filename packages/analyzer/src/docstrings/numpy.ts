/**
 * NumPy style (numpydoc): a section opens with its title on one line and a line of dashes under it;
 * items start at the section's indentation (`name : type`) with their text indented under them.
 *
 * ```python
 * def blend(a, b, weight=0.5):
 *     """Mix two arrays.
 *
 *     Parameters
 *     ----------
 *     a, b : ndarray
 *         The inputs.
 *     weight : float, optional
 *         Share of `a`.
 *
 *     Returns
 *     -------
 *     ndarray
 *     """
 * ```
 */
import { describe, entries, numpyParameterHead } from "./entries.ts";
import { styledSection, type SectionStyle } from "./sections.ts";
import type { DocResolver, DocReturn, DocSection } from "./model.ts";
import { SECTION_TITLES, dedentText, docType, isBlank } from "./text.ts";

/** The title when line `i` is a NumPy section header (a title, then dashes at least 3 long), else `null`. */
export function numpyHeader(lines: readonly string[], i: number): string | null {
  const title = lines[i]!.trim();
  const under = lines[i + 1];
  if (!title || under === undefined || !/^\s*-{3,}\s*$/.test(under)) return null;
  if (!/^[A-Za-z][A-Za-z ]*$/.test(title)) return null;
  return title.toLowerCase() in SECTION_TITLES || Math.abs(under.trim().length - title.length) <= 2 ? title : null;
}

/** Whether any line opens a NumPy section with a known title. */
export const looksNumpy = (lines: readonly string[]): boolean =>
  lines.some((_, i) => {
    const t = numpyHeader(lines, i);
    return t !== null && t.toLowerCase() in SECTION_TITLES;
  });

/** Reads a NumPy-style docstring into its preamble and sections. Never throws. */
export function readNumpy(lines: readonly string[], resolve: DocResolver | undefined): { preamble: string[]; sections: DocSection[] } {
  const sections: DocSection[] = [];
  let i = 0;
  const preamble: string[] = [];
  while (i < lines.length && numpyHeader(lines, i) === null) preamble.push(lines[i++]!);
  while (i < lines.length) {
    const title = numpyHeader(lines, i)!;
    i += 2;
    const body: string[] = [];
    while (i < lines.length && numpyHeader(lines, i) === null) body.push(lines[i++]!);
    sections.push(...numpySection(title, body, resolve));
  }
  return { preamble, sections };
}

/** What NumPy sections read their own way: `name : type` heads, one return per entry, text after the underline (see {@link SectionStyle}). */
const NUMPY: SectionStyle = {
  parameterHead: numpyParameterHead,
  returns: (body, resolve) => entries(body).map((e) => numpyReturn(e.head, e.rest, resolve)),
  text: (body) => dedentText(body.filter((_, j) => j > 0 || !isBlank(body[0]!))),
};

function numpySection(title: string, body: readonly string[], resolve: DocResolver | undefined): DocSection[] {
  return styledSection(SECTION_TITLES[title.toLowerCase()] ?? "text", title, body, resolve, NUMPY);
}

/** `name : type`, or a type alone (numpydoc allows both); prose heads (a sentence) are description only. */
function numpyReturn(head: string, rest: readonly string[], resolve: DocResolver | undefined): DocReturn {
  const named = /^([A-Za-z_]\w*)\s+:\s*(.*)$/.exec(head) ?? /^([A-Za-z_]\w*)\s*:\s+(.*)$/.exec(head);
  if (named) return { name: named[1]!, type: docType(named[2]!, resolve), description: describe("", rest) };
  if (/[.!?]$/.test(head) || head.split(/\s+/).length > 6) return { name: null, type: null, description: describe(head, rest) };
  return { name: null, type: docType(head, resolve), description: describe("", rest) };
}
