/**
 * `inspect.getsourcelines`, `inspect.getcomments` and `inspect.cleandoc`, computed on source lines
 * exactly as CPython 3.11's `inspect` computes them.
 */

/** `inspect.cleandoc`: expands tabs, strips the common indentation of lines after the first, and blank edges. */
export function cleandoc(doc: string): string {
  const lines = expandtabs(doc).split("\n");
  let margin = Infinity;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const content = lstrip(line).length;
    if (content) margin = Math.min(margin, line.length - content);
  }
  if (lines.length) lines[0] = lstrip(lines[0]!);
  if (margin < Infinity) {
    for (let i = 1; i < lines.length; i++) lines[i] = lines[i]!.slice(margin);
  }
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  while (lines.length && !lines[0]) lines.shift();
  return lines.join("\n");
}

/** Python's `str.lstrip()` whitespace (ASCII whitespace plus the Unicode spaces that matter in source). */
const WS = /^[\s\x1c-\x1f\x85]+/;
function lstrip(s: string): string {
  return s.replace(WS, "");
}
function strip(s: string): string {
  return lstrip(s).replace(/[\s\x1c-\x1f\x85]+$/, "");
}

/** Python's `str.expandtabs(8)`: columns reset at `\n` and `\r`. */
export function expandtabs(s: string, tabsize = 8): string {
  if (!s.includes("\t")) return s;
  let out = "";
  let col = 0;
  for (const ch of s) {
    if (ch === "\t") {
      const n = tabsize - (col % tabsize);
      out += " ".repeat(n);
      col += n;
    } else {
      out += ch;
      col = ch === "\n" || ch === "\r" ? 0 : col + 1;
    }
  }
  return out;
}

/** `inspect.indentsize`: width of the leading whitespace after tab expansion. */
function indentsize(line: string): number {
  const e = expandtabs(line);
  return e.length - lstrip(e).length;
}

/**
 * `inspect.getcomments` for a module (`lnum === null`) or for an object whose source starts at 0-based
 * line index `lnum` (what `inspect.findsource` returns). `lines` are the file's lines with their `\n`,
 * as `linecache.getlines` gives them. Returns `null` where inspect returns None.
 */
export function getcomments(lines: readonly string[], lnum: number | null): string | null {
  if (lines.length === 0) return null;
  if (lnum === null) {
    let start = 0;
    if (lines[0]!.startsWith("#!")) start = 1;
    while (start < lines.length && ["", "#"].includes(strip(lines[start]!))) start++;
    if (start < lines.length && lines[start]!.startsWith("#")) {
      const comments: string[] = [];
      let end = start;
      while (end < lines.length && lines[end]!.startsWith("#")) {
        comments.push(expandtabs(lines[end]!));
        end++;
      }
      return comments.join("");
    }
    return null;
  }
  if (lnum <= 0) return null;
  const indent = indentsize(lines[lnum] ?? "");
  let end = lnum - 1;
  if (end >= 0 && lstrip(lines[end]!).startsWith("#") && indentsize(lines[end]!) === indent) {
    const comments = [lstrip(expandtabs(lines[end]!))];
    if (end > 0) {
      end--;
      let comment = lstrip(expandtabs(lines[end]!));
      while (comment.startsWith("#") && indentsize(lines[end]!) === indent) {
        comments.unshift(comment);
        end--;
        if (end < 0) break;
        comment = lstrip(expandtabs(lines[end]!));
      }
    }
    while (comments.length && strip(comments[0]!) === "#") comments.shift();
    while (comments.length && strip(comments[comments.length - 1]!) === "#") comments.pop();
    return comments.join("");
  }
  return null;
}

// ------------------------------------------------------------------ getblock

type TokenType = "NEWLINE" | "INDENT" | "DEDENT" | "COMMENT" | "NL" | "OP" | "NAME" | "OTHER" | "ENDMARKER";
interface Token {
  type: TokenType;
  text: string;
  row: number; // 1-based, relative to the lines given
  col: number;
}

/**
 * One logical line of a file, as `tokenize` delimits them (strings, brackets and backslash
 * continuations followed): what `inspect.BlockFinder` needs of it. Rows are 0-based indices into the
 * lines; `chars` are character offsets, `width` the tab-expanded indentation.
 */
interface LogicalLine {
  readonly row: number;
  readonly endRow: number;
  /** 0: blank, 1: comment only, 2: code. */
  readonly kind: 0 | 1 | 2;
  readonly width: number;
  readonly chars: number;
  /** The first of `@`, `def`, `class`, `lambda` among the line's tokens, or `null`. */
  readonly special: "@" | "def" | "class" | "lambda" | null;
  /** Whether that special token is the line's first token. */
  readonly specialFirst: boolean;
}

interface LineTable {
  readonly lines: readonly LogicalLine[];
  /** For each physical row, the index of the logical line starting there, or -1. */
  readonly startingAt: Int32Array;
}

const tables = new WeakMap<readonly string[], LineTable>();

/** Whether code unit `c` may start a word (`[A-Za-z_\u0080-\uffff]`, as the pass below reads names). */
function wordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0x80;
}

/** Whether code unit `c` may continue a word (`[\w\u0080-\uffff]`). */
function wordPart(c: number): boolean {
  return wordStart(c) || (c >= 48 && c <= 57);
}

/** Whether code unit `c` is a string prefix letter (`[rRbBuUfF]`). */
function prefixLetter(c: number): boolean {
  return c === 114 || c === 82 || c === 98 || c === 66 || c === 117 || c === 85 || c === 102 || c === 70;
}

const TRIPLE_SINGLE = "'''";
const TRIPLE_DOUBLE = '"""';

/**
 * The string literal opening at `i` (`[rRbBuUfF]{0,2}` then `'''`, `"""`, `'` or `"`): its quote and
 * the offset just after the quote, or `null` when none opens there.
 */
function stringStart(line: string, i: number): { quote: string; end: number } | null {
  let j = i;
  while (j < i + 2 && prefixLetter(line.charCodeAt(j))) j++;
  const q = line.charCodeAt(j);
  if (q !== 39 && q !== 34) return null;
  if (line.charCodeAt(j + 1) === q && line.charCodeAt(j + 2) === q) return { quote: q === 39 ? TRIPLE_SINGLE : TRIPLE_DOUBLE, end: j + 3 };
  return { quote: q === 39 ? "'" : '"', end: j + 1 };
}

/** The logical lines of a file, computed once per lines array (one lexical pass over the file). */
function lineTable(lines: readonly string[]): LineTable {
  let table = tables.get(lines);
  if (table) return table;
  const out: LogicalLine[] = [];
  const startingAt = new Int32Array(lines.length).fill(-1);
  let depth = 0; // bracket depth
  let inString: string | null = null; // the closing quote of an open triple-quoted string
  let continued = false;
  let current: { row: number; width: number; chars: number; special: LogicalLine["special"]; specialFirst: boolean; tokens: number } | null = null;
  // Char codes: \t 9, \n 10, \f 12, space 32, " 34, # 35, ' 39, ( 40, ) 41, @ 64, [ 91, \ 92, ] 93, { 123, } 125.
  for (let r = 0; r < lines.length; r++) {
    const line = lines[r]!;
    const n = line.length;
    let i = 0;
    if (inString === null && depth === 0 && !continued) {
      let col = 0;
      while (i < n) {
        const c = line.charCodeAt(i);
        if (c === 32) col++;
        else if (c === 9) col = (Math.floor(col / 8) + 1) * 8;
        else if (c === 12) col = 0;
        else break;
        i++;
      }
      const c = i < n ? line.charCodeAt(i) : -1;
      if (c === -1 || c === 10 || c === 35) {
        startingAt[r] = out.length;
        out.push({ row: r, endRow: r, kind: c === 35 ? 1 : 0, width: col, chars: i, special: null, specialFirst: false });
        continue;
      }
      current = { row: r, width: col, chars: i, special: null, specialFirst: false, tokens: 0 };
      startingAt[r] = out.length;
    }
    continued = false;
    while (i < n) {
      if (inString !== null) {
        const close = findClose(line, i, inString);
        if (close === -1) {
          i = n;
          break;
        }
        i = close + inString.length;
        inString = null;
        continue;
      }
      const c = line.charCodeAt(i);
      if (c === 32 || c === 9 || c === 12) {
        i++;
        continue;
      }
      if (c === 10 || c === 35) break;
      if (c === 92 && (i + 1 === n || line.charCodeAt(i + 1) === 10)) {
        continued = true;
        break;
      }
      const str = c === 39 || c === 34 || prefixLetter(c) ? stringStart(line, i) : null;
      if (str) {
        const close = findClose(line, str.end, str.quote);
        if (current) current.tokens++;
        if (close === -1) {
          if (str.quote.length === 3) inString = str.quote;
          i = n;
          break;
        }
        i = close + str.quote.length;
        continue;
      }
      // One token: a word, or one other character (brackets counted).
      let special: LogicalLine["special"] = null;
      if (wordStart(c)) {
        let j = i + 1;
        while (j < n && wordPart(line.charCodeAt(j))) j++;
        if (j - i >= 3 && j - i <= 6) {
          const w = line.slice(i, j);
          if (w === "def" || w === "class" || w === "lambda") special = w;
        }
        i = j;
      } else {
        if (c === 40 || c === 91 || c === 123) depth++;
        else if (c === 41 || c === 93 || c === 125) depth = Math.max(0, depth - 1);
        else if (c === 64) special = "@";
        i++;
      }
      if (current) {
        if (current.special === null && special !== null) {
          current.special = special;
          current.specialFirst = current.tokens === 0;
        }
        current.tokens++;
      }
    }
    if (inString === null && depth === 0 && !continued && current) {
      out.push({ row: current.row, endRow: r, kind: 2, width: current.width, chars: current.chars, special: current.special, specialFirst: current.specialFirst });
      current = null;
    }
  }
  table = { lines: out, startingAt };
  tables.set(lines, table);
  return table;
}

/**
 * The tokens `inspect.BlockFinder` reacts to when `tokenize.generate_tokens` reads `lines[start:]`:
 * NL and COMMENT of blank and comment lines, INDENT/DEDENT against an indentation stack that starts
 * afresh at `start`, a logical line's first token and its first `@`/`def`/`class`/`lambda`, NEWLINE.
 * (Other tokens cannot change BlockFinder's state.) Rows are 1-based relative to `start`. Throws
 * `IndentationError` like tokenize on an inconsistent dedent.
 */
function* tokens(lines: readonly string[], start: number): Generator<Token> {
  const table = lineTable(lines);
  const indents = [0];
  const first = table.startingAt[start] ?? -1;
  if (first < 0) return;
  for (let k = first; k < table.lines.length; k++) {
    const L = table.lines[k]!;
    const row = L.row - start + 1;
    if (L.kind !== 2) {
      if (L.kind === 1) yield { type: "COMMENT", text: "#", row, col: L.chars };
      yield { type: "NL", text: "\n", row, col: 0 };
      continue;
    }
    if (L.width > indents[indents.length - 1]!) {
      indents.push(L.width);
      yield { type: "INDENT", text: lines[L.row]!.slice(0, L.chars), row, col: L.chars };
    } else {
      while (L.width < indents[indents.length - 1]!) {
        indents.pop();
        yield { type: "DEDENT", text: "", row, col: L.chars };
      }
      if (L.width !== indents[indents.length - 1]!) throw new IndentationError();
    }
    if (!L.specialFirst) yield { type: "OTHER", text: "", row, col: L.chars };
    if (L.special === "@") yield { type: "OP", text: "@", row, col: L.chars };
    else if (L.special !== null) yield { type: "NAME", text: L.special, row, col: L.chars };
    yield { type: "NEWLINE", text: "\n", row: L.endRow - start + 1, col: 0 };
  }
  for (let k = 1; k < indents.length; k++) yield { type: "DEDENT", text: "", row: lines.length - start + 1, col: 0 };
  yield { type: "ENDMARKER", text: "", row: lines.length - start + 1, col: 0 };
}

/** Index of the closing `quote` at or after `from` on `line`, skipping backslash escapes; -1 if none. */
function findClose(line: string, from: number, quote: string): number {
  const q = quote.charCodeAt(0);
  const triple = quote.length === 3;
  const n = line.length;
  let i = from;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 92) {
      i += 2; // a backslash escapes the next character
      continue;
    }
    if (c === q && (!triple || (line.charCodeAt(i + 1) === q && line.charCodeAt(i + 2) === q))) return i;
    if (!triple && c === 10) return -1;
    i++;
  }
  return -1;
}

class IndentationError extends Error {}

/**
 * `inspect.getblock(lines[start:])`: the number of lines of the block that starts at `lines[start]`
 * (a `def`, `class`, `lambda` or decorator line; `start` 0-based), following `inspect.BlockFinder`
 * token by token.
 */
export function getblockLength(lines: readonly string[], start = 0): number {
  let indent = 0;
  let islambda = false;
  let started = false;
  let passline = false;
  let indecorator = false;
  let last = 1;
  let bodyCol0: number | null = null;
  try {
    for (const tok of tokens(lines, start)) {
      if (!started && !indecorator) {
        if (tok.text === "@") indecorator = true;
        else if (tok.type === "NAME" && (tok.text === "def" || tok.text === "class" || tok.text === "lambda")) {
          if (tok.text === "lambda") islambda = true;
          started = true;
        }
        passline = true;
      } else if (tok.type === "NEWLINE") {
        passline = false;
        last = tok.row;
        if (islambda) break;
        if (indecorator) indecorator = false;
      } else if (passline) {
        // skip to the end of the line
      } else if (tok.type === "INDENT") {
        if (bodyCol0 === null && started) bodyCol0 = tok.col;
        indent++;
        passline = true;
      } else if (tok.type === "DEDENT") {
        indent--;
        if (indent <= 0) break;
      } else if (tok.type === "COMMENT") {
        if (bodyCol0 !== null && tok.col >= bodyCol0) last = tok.row;
      } else if (indent === 0 && tok.type !== "NL") {
        break;
      }
    }
  } catch (e) {
    if (!(e instanceof IndentationError)) throw e;
  }
  return Math.min(last, lines.length - start);
}

/** Line regex `inspect.findsource` walks back with from `co_firstlineno` to find a function's first line. */
const FUNCTION_START = /^(\s*def\s)|(\s*async\s+def\s)|(.*(?<!\w)lambda(:|\s))|^(\s*@)/;

/**
 * `inspect.findsource` for a function: the 0-based line index it returns given `co_firstlineno`
 * (1-based; the first decorator's line for decorated functions).
 */
export function functionSourceIndex(lines: readonly string[], coFirstLineno: number): number {
  let lnum = coFirstLineno - 1;
  while (lnum > 0) {
    const line = lines[lnum];
    if (line === undefined) return lnum;
    if (FUNCTION_START.test(line)) break;
    lnum--;
  }
  return lnum;
}
