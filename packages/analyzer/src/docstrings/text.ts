/**
 * Text helpers shared by the docstring readers: indentation, blocks, section titles, doctest
 * blocks, the names inside type texts and Sphinx roles. Pure functions of strings.
 */
import type { DocExampleBlock, DocRef, DocResolver, DocSectionKind, DocType, DocXref } from "./model.ts";

/** The number of leading spaces of a line (tabs count as one; getdoc has expanded them already). */
export const indentOf = (line: string): number => line.length - line.trimStart().length;

/** Whether a line is empty or only whitespace. */
export const isBlank = (line: string): boolean => line.trim() === "";

/** Removes the common leading indentation of the non-blank lines, and blank lines at both ends. */
export function dedent(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start]!)) start++;
  while (end > start && isBlank(lines[end - 1]!)) end--;
  const body = lines.slice(start, end);
  const margin = Math.min(...body.filter((l) => !isBlank(l)).map(indentOf));
  return body.map((l) => (isBlank(l) ? "" : l.slice(Number.isFinite(margin) ? margin : 0).trimEnd()));
}

/** Dedented lines joined with `\n`. */
export const dedentText = (lines: readonly string[]): string => dedent(lines).join("\n");

/**
 * Section titles as the conventions spell them (lower-cased) and the section kind each one opens.
 * Google's list is napoleon's; NumPy's is numpydoc's. `Methods` and other headers are `text`.
 */
export const SECTION_TITLES: Readonly<Record<string, DocSectionKind>> = {
  args: "parameters",
  arguments: "parameters",
  parameters: "parameters",
  params: "parameters",
  param: "parameters",
  "other parameters": "other_parameters",
  "other params": "other_parameters",
  "other args": "other_parameters",
  "other arguments": "other_parameters",
  "keyword args": "other_parameters",
  "keyword arguments": "other_parameters",
  "keyword parameters": "other_parameters",
  kwargs: "other_parameters",
  attributes: "attributes",
  attrs: "attributes",
  returns: "returns",
  return: "returns",
  yields: "yields",
  yield: "yields",
  receives: "receives",
  receive: "receives",
  raises: "raises",
  raise: "raises",
  exceptions: "raises",
  except: "raises",
  warns: "warns",
  warn: "warns",
  examples: "examples",
  example: "examples",
  notes: "notes",
  note: "notes",
  warnings: "warnings",
  warning: "warnings",
  caution: "warnings",
  attention: "warnings",
  danger: "warnings",
  "see also": "see_also",
  references: "references",
  todo: "notes",
  tip: "notes",
  hint: "notes",
  important: "notes",
  methods: "text",
  deprecated: "deprecated",
};

/**
 * Splits example text into prose and doctest blocks: a doctest block starts at a `>>>` line and runs
 * to the next blank line (the doctest module's rule), kept verbatim.
 */
export function exampleBlocks(lines: readonly string[]): DocExampleBlock[] {
  const out: DocExampleBlock[] = [];
  const body = dedent(lines);
  let i = 0;
  while (i < body.length) {
    if (isBlank(body[i]!)) {
      i++;
      continue;
    }
    const start = i;
    if (body[i]!.trimStart().startsWith(">>>")) {
      while (i < body.length && !isBlank(body[i]!)) i++;
      out.push({ kind: "doctest", text: dedentText(body.slice(start, i)) });
    } else {
      while (i < body.length && !isBlank(body[i]!) && !body[i]!.trimStart().startsWith(">>>")) i++;
      out.push({ kind: "text", text: dedentText(body.slice(start, i)) });
    }
  }
  // Consecutive prose paragraphs stay one block, blank lines kept between them.
  const merged: DocExampleBlock[] = [];
  for (const b of out) {
    const last = merged[merged.length - 1];
    if (last && last.kind === "text" && b.kind === "text") merged[merged.length - 1] = { kind: "text", text: `${last.text}\n\n${b.text}` };
    else merged.push(b);
  }
  return merged;
}

/** Words of type texts that are not names (`int, optional`, `list of str`, `str or None, default 'x'`). */
const TYPE_WORDS = new Set(["optional", "or", "of", "and", "default", "defaults", "to", "a", "an", "the", "is", "if", "like", "keyword", "only", "any", "none"]);

/** Removes a Sphinx role and backquotes around a name: `` :class:`~a.B` `` → `a.B`; `` `x` `` → `x`. */
export function stripRole(text: string): string {
  let t = text.trim().replace(/^:(?:py:)?[a-z]+:/, "");
  t = t.replace(/^`+|`+$/g, "");
  const angle = /<([^<>]+)>$/.exec(t);
  if (angle) t = angle[1]!;
  return t.replace(/^[~!]/, "").replace(/^\./, "").replace(/\(\)$/, "").trim();
}

/** A type text with the dotted names in it resolved (the {@link TYPE_WORDS} and string literals left out). */
export function docType(text: string, resolve: DocResolver | undefined): DocType | null {
  const t = text.trim();
  if (!t) return null;
  const refs: DocRef[] = [];
  const seen = new Set<string>();
  const scrubbed = t.replace(/(['"]).*?\1/g, " ").replace(/default\s*[:=]?.*$/i, " ");
  for (const m of scrubbed.matchAll(/~?\.?([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)/g)) {
    const name = m[1]!;
    if (TYPE_WORDS.has(name.toLowerCase()) && name !== "None") continue;
    if (name === "None" || seen.has(name)) continue;
    // Sphinx roles inside types (`:class:`) leave their role word before a colon.
    if (scrubbed[m.index! + m[0].length] === ":" && scrubbed[m.index! - 1] === ":") continue;
    seen.add(name);
    refs.push({ name, id: resolve ? resolve(name) : null });
  }
  return { text: t, refs };
}

/** Sphinx roles of the Python domain that name objects (`:term:` and `:ref:` name other things). */
const OBJECT_ROLES = new Set(["class", "func", "meth", "exc", "attr", "mod", "data", "obj", "const", "type"]);

/** Every `` :role:`target` `` of the Python domain in `texts`, in order, each (role, name) once, resolved. */
export function findXrefs(texts: readonly string[], resolve: DocResolver | undefined): DocXref[] {
  const out: DocXref[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/:(?:py:)?([a-z]+):`([^`]+)`/g)) {
      const role = m[1]!;
      if (!OBJECT_ROLES.has(role)) continue;
      const name = stripRole(m[2]!);
      const key = `${role} ${name}`;
      if (!name || seen.has(key)) continue;
      seen.add(key);
      out.push({ role, name, id: resolve ? resolve(name) : null });
    }
  }
  return out;
}

/** Names at the head of an item line: `x`, `*args`, `x, y`, `**kwargs`, reST-escaped `\*\*kwargs`. */
export const NAMES = String.raw`(?:\\?\*){0,2}[A-Za-z_][\w.]*(?:\s*,\s*(?:\\?\*){0,2}[A-Za-z_][\w.]*)*`;

/** `x, *args, \*\*kw` → `["x", "args", "kw"]` (stars and reST's backslashes removed, as inspect.Parameter names them). */
export const splitNames = (names: string): string[] =>
  names
    .split(",")
    .map((n) => n.trim().replace(/^(?:\\?\*)+/, ""))
    .filter((n) => n !== "");
