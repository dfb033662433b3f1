/**
 * Markdown text helpers: prose from docstrings made safe to embed (HTML and link brackets
 * escaped, line starts that would open a heading neutralised, Sphinx roles turned into links), code
 * spans and fences that survive backticks inside, table cells.
 */
import MarkdownIt from "markdown-it";

const { escapeHtml } = new MarkdownIt().utils;

/** A code span around `text`, with a backtick run longer than any inside (CommonMark §6.1). */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return `${fence}${pad}${text.replace(/\n/g, " ")}${pad}${fence}`;
}

/** A fenced code block with info string `lang`, fenced by more backticks than any run inside. */
export function fence(text: string, lang: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const f = "`".repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
}

/** Resolves a Sphinx role's target (`~a.B`, `Title <a.B>`) to a link, or `null` for plain code. */
export type RoleLinker = (target: string) => string | null;

/** A role's target as the docstring parser names it: title, `~`, leading `.` and `()` removed. */
export function roleTarget(raw: string): string {
  let t = raw.trim();
  const angle = /<([^<>]+)>$/.exec(t);
  if (angle) t = angle[1]!;
  return t.replace(/^[~!]/, "").replace(/^\./, "").replace(/\(\)$/, "").trim();
}

/**
 * Docstring prose as Markdown: `<`, `>`, `&` and `"` as entities, `[`, `]` and backslashes escaped (so no
 * text forms a link), a line-leading `#`, `>`, ``` ``` ``` or `~~~` and lines of only `=`, `-`, `*`,
 * `_` or `+` escaped (they would make a heading, quote, fence or rule from text); `` :role:`x` `` becomes a link when `link` finds one,
 * else a code span; code spans are kept as written. A paragraph of doctest lines (`>>>` first)
 * becomes a `pycon` fence, and lines indented 4 or more spaces after a blank line (reST literal
 * blocks) become a fence, verbatim less 4 spaces, as does a reST grid table (`+---+` first).
 */
export function prose(text: string, link: RoleLinker): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    const afterBlank = i === 0 || lines[i - 1]!.trim() === "";
    if (afterBlank && line.trimStart().startsWith(">>>")) {
      const block: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== "") block.push(lines[i++]!);
      const margin = Math.min(...block.map((l) => l.length - l.trimStart().length));
      out.push(fence(block.map((l) => l.slice(margin)).join("\n"), "pycon"));
      continue;
    }
    if (afterBlank && /^\s*\+[-=+]*-[-=+]*\+\s*$/.test(line)) {
      // A reST grid table, kept as drawn.
      const block: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== "") block.push(lines[i++]!);
      out.push(fence(block.join("\n"), "text"));
      continue;
    }
    if (afterBlank && /^ {4,}\S/.test(line)) {
      // A fence, not Markdown's indented code: after a list item an indented paragraph would continue the item.
      const first = i;
      const block: string[] = [];
      while (i < lines.length && (lines[i]!.trim() === "" || /^ {4}/.test(lines[i]!))) block.push(lines[i++]!);
      while (block.length > 0 && block[block.length - 1]!.trim() === "") block.pop();
      // `.. code-block:: python` (or `.. code::`, `.. sourcecode::`) just before it names the language.
      let lang = "";
      let prev = first - 1;
      while (prev >= 0 && lines[prev]!.trim() === "") prev--;
      const directive = prev >= 0 ? /^\s*\.\. (?:code-block|code|sourcecode)::\s*([\w+-]*)\s*$/.exec(lines[prev]!) : null;
      if (directive) {
        let k = out.length - 1;
        while (k >= 0 && out[k]!.trim() === "") k--;
        out.splice(k, 1);
        lang = directive[1] ?? "";
      }
      out.push(fence(block.map((l) => l.slice(4)).join("\n"), lang));
      if (i < lines.length) out.push("");
      continue;
    }
    out.push(proseLine(line, link));
    i++;
  }
  return out.join("\n");
}

function proseLine(line: string, link: RoleLinker): string {
  let result = "";
  let last = 0;
  for (const m of line.matchAll(/:(?:py:)?([a-z]+):`([^`]+)`|(`+)([^`]|[^`][\s\S]*?[^`])\3(?!`)/g)) {
    result += escapeText(line.slice(last, m.index));
    if (m[1] !== undefined) {
      const target = roleTarget(m[2]!);
      const href = /^(class|func|meth|exc|attr|mod|data|obj|const|type)$/.test(m[1]) ? link(target) : null;
      const shown = /^~/.test(m[2]!.trim()) ? target.split(".").pop()! : target;
      result += href ? `[${code(shown)}](${href})` : code(m[2]!.replace(/^~/, ""));
    } else result += m[0];
    last = m.index! + m[0].length;
  }
  result += escapeText(line.slice(last));
  return result.replace(/^(\s*)(#|>|`{3,}|~{3,}|[-=*_+]+(?=\s*$))/, (_, sp: string, c: string) => `${sp}\\${c}`);
}

function escapeText(text: string): string {
  return escapeHtml(text).replace(/[[\]\\]/g, (c) => `\\${c}`);
}

/** Text for a table cell: prose on one line (`<br>` between lines), `|` escaped. */
export function cell(text: string): string {
  return text.split("\n").map((l) => l.trim()).filter((l) => l !== "").join("<br>").replace(/\|/g, "\\|");
}
