/**
 * Indentation errors as CPython's tokenizer reports them (`TabError`, `IndentationError`).
 */
import type { Diagnostic } from "./diagnostic.ts";
import type { LineIndex } from "./span.ts";

/** CPython's tab size for the primary column count (`Parser/tokenizer.c` `TABSIZE`). */
const TABSIZE = 8;

/**
 * The first indentation error of a module, or `null`, found as CPython's tokenizer finds it.
 *
 * Each logical line's indentation is measured twice, counting a tab as advancing to the next
 * multiple of 8 and counting it as 1; the two measures must order the line against the enclosing
 * blocks the same way, or the line is a `TabError` ("inconsistent use of tabs and spaces in
 * indentation"). A dedent to a column no enclosing block has is an `IndentationError` ("unindent
 * does not match any outer indentation level"); an indent after a line that does not end with `:`
 * is "unexpected indent". Blank and comment-only lines, lines inside brackets and strings, and lines
 * after a backslash continuation do not count, as in CPython. A form feed resets the column.
 *
 * The diagnostic is a `syntax-error` with CPython's message; its span covers the line's
 * indentation (for "unindent does not match" it is empty, at the end of the line, where CPython
 * puts its offset). Never throws.
 */
export function indentationError(text: string, lines: LineIndex, path: string): Diagnostic | null {
  const indents = [0];
  const alts = [0];
  let depth = 0;
  let lineStart = true;
  let lastSignificant = -1; // the code of the last character of code (not comment or space) seen at depth 0
  const n = text.length;
  let i = 0;
  const error = (message: string, from: number, to: number): Diagnostic => ({ code: "syntax-error", severity: "error", message, path, span: lines.span(from, to) });
  while (i < n) {
    if (lineStart) {
      lineStart = false;
      let col = 0;
      let alt = 0;
      let j = i;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (c === 32) {
          col++;
          alt++;
        } else if (c === 9) {
          col = (Math.floor(col / TABSIZE) + 1) * TABSIZE;
          alt++;
        } else if (c === 12) {
          col = alt = 0;
        } else break;
      }
      const c = text[j];
      if (j < n && c !== "\n" && c !== "#" && !(c === "\\" && text[j + 1] === "\n")) {
        const top = indents[indents.length - 1]!;
        const altTop = alts[alts.length - 1]!;
        const tabError = () => error("inconsistent use of tabs and spaces in indentation", i, j);
        if (col === top) {
          if (alt !== altTop) return tabError();
        } else if (col > top) {
          if (alt <= altTop) return tabError();
          // CPython's offset points at the last character of the indentation.
          if (lastSignificant !== 58 /* : */) return error("unexpected indent", j - 1, j);
          indents.push(col);
          alts.push(alt);
        } else {
          while (indents.length > 1 && col < indents[indents.length - 1]!) {
            indents.pop();
            alts.pop();
          }
          if (col !== indents[indents.length - 1]) {
            const eol = text.indexOf("\n", j);
            const end = eol === -1 ? n : eol;
            return error("unindent does not match any outer indentation level", end, end);
          }
          if (alt !== alts[alts.length - 1]) return tabError();
        }
      }
      i = j;
      continue;
    }
    // Char codes: \t 9, \n 10, \f 12, space 32, " 34, # 35, ' 39, ( 40, ) 41, [ 91, \\ 92, ] 93, { 123, } 125.
    const ch = text.charCodeAt(i);
    if (ch === 35) {
      const eol = text.indexOf("\n", i);
      i = eol === -1 ? n : eol;
    } else if (ch === 10) {
      i++;
      if (depth === 0) lineStart = true;
    } else if (ch === 92) {
      i += 2; // a continuation (backslash-newline) or a stray backslash with the next character
    } else if (ch === 39 || ch === 34) {
      i = stringEnd(text, i);
      if (depth === 0) lastSignificant = ch;
    } else {
      if (ch === 40 || ch === 91 || ch === 123) depth++;
      else if ((ch === 41 || ch === 93 || ch === 125) && depth > 0) depth--;
      if (depth === 0 && ch !== 32 && ch !== 9 && ch !== 12) lastSignificant = ch;
      i++;
    }
  }
  return null;
}

/**
 * The offset just past the string literal whose opening quote is at `start` (its prefix letters
 * come before `start`). A backslash escapes the next character in every kind of literal, raw ones
 * included, as far as finding the end goes. An unterminated single-quoted literal ends at the line's end.
 */
function stringEnd(text: string, start: number): number {
  const q = text.charCodeAt(start);
  const triple = text.charCodeAt(start + 1) === q && text.charCodeAt(start + 2) === q;
  const n = text.length;
  let k = start + (triple ? 3 : 1);
  while (k < n) {
    const c = text.charCodeAt(k);
    if (c === 92) k += 2;
    else if (c === q && (!triple || (text.charCodeAt(k + 1) === q && text.charCodeAt(k + 2) === q))) return k + (triple ? 3 : 1);
    else if (!triple && c === 10) return k;
    else k++;
  }
  return n;
}
