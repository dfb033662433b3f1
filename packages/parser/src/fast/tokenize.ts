/**
 * The fast path's tokenizer: Python source to a flat token list (names, numbers, plain strings,
 * operators, NEWLINE/INDENT/DEDENT) plus the comments, mirroring what the Lezer grammar's tokens and
 * external tokenizers (lezer/tokens.js) read. Anything it is not sure of (f-strings, non-ASCII
 * outside strings, form feeds, `\r`, odd indentation, unterminated strings…) makes it give up (`null`),
 * so the caller parses with Lezer.
 */

/** Token kinds. */
export const enum K {
  Name, Number, String, Op, Newline, Indent, Dedent, Eof,
  /** F-string parts: start (prefix and quote), an escape, a replacement's `{` (text "n" when nested
   * in a format spec), `=`, `!r`, a format spec's `:` or `:=`, format spec characters, the end quote. */
  FStart, FEscape, FRepl, FSelfDoc, FConv, FSpec, FSpecChars, FEnd,
}

/** The token list: parallel arrays; `text[i]` is the operator or name text (or "" for others). */
export interface Tokens {
  kind: K[];
  from: number[];
  to: number[];
  text: string[];
  /** For a String token, the [from, to] pairs of its escapes (flat), else null. */
  escapes: (number[] | null)[];
  /** Comments, in order, as [from, to] pairs (flat). */
  comments: number[];
}

const OPS3 = new Set(["**=", "//=", ">>=", "<<=", "..."]);
const OPS2 = new Set(["**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@="]);
const OPS1 = new Set(["+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "="]);

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdChar(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Tokenizes `src`, or returns null when anything is outside what the fast path mirrors exactly. */
export function tokenize(src: string): Tokens | null {
  const t: Tokens = { kind: [], from: [], to: [], text: [], escapes: [], comments: [] };
  const push = (k: K, from: number, to: number, text: string, esc: number[] | null = null): void => {
    t.kind.push(k);
    t.from.push(from);
    t.to.push(to);
    t.text.push(text);
    t.escapes.push(esc);
  };
  const n = src.length;
  const indents = [0];
  let depth = 0; // bracket depth
  let i = 0;
  let lineStart = true; // at the start of a logical line (outside brackets)
  let sawLine = false; // a non-blank logical line was seen
  let afterContinuation = false;
  while (i < n || lineStart === false) {
    if (lineStart) {
      if (i >= n) break;
      // Measure indentation as Lezer does (tab to the next multiple of 8).
      let col = 0;
      let j = i;
      for (;;) {
        const c = src.charCodeAt(j);
        if (c === 32) col++;
        else if (c === 9) col += 8 - (col % 8);
        else break;
        j++;
      }
      const c = src.charCodeAt(j);
      if (j >= n) { i = j; break; }
      if (c === 10 || c === 35) {
        // Blank or comment-only line.
        if (afterContinuation) return null;
        if (c === 35) {
          let e = src.indexOf("\n", j);
          if (e === -1) e = n;
          t.comments.push(j, e);
          j = e;
        }
        i = j + 1;
        continue;
      }
      if (c === 12 || c === 13 || c === 92) return null;
      if (!afterContinuation) {
        const top = indents[indents.length - 1]!;
        if (col > top) {
          if (!sawLine) return null;
          indents.push(col);
          push(K.Indent, j, j, "");
        } else if (col < top) {
          while (col < indents[indents.length - 1]!) {
            indents.pop();
            push(K.Dedent, j, j, "");
          }
          if (col !== indents[indents.length - 1]) return null;
        }
      }
      afterContinuation = false;
      sawLine = true;
      lineStart = false;
      i = j;
    }
    if (i >= n) {
      // End of input inside a logical line: Lezer's `eof` ends the statement.
      if (depth > 0) return null;
      push(K.Newline, n, n, "");
      lineStart = true;
      break;
    }
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9) { i++; continue; }
    if (c === 10) {
      if (depth === 0) {
        push(K.Newline, i, i + 1, "");
        lineStart = true;
      }
      i++;
      continue;
    }
    if (c === 35) {
      let e = src.indexOf("\n", i);
      if (e === -1) e = n;
      t.comments.push(i, e);
      i = e;
      continue;
    }
    if (c === 92) {
      if (src.charCodeAt(i + 1) !== 10) return null;
      i += 2;
      if (depth === 0) {
        // A blank or comment-only line after a continuation: Lezer's special case; leave it to Lezer.
        let j = i;
        while (src.charCodeAt(j) === 32 || src.charCodeAt(j) === 9) j++;
        const d = src.charCodeAt(j);
        if (j >= n || d === 10 || d === 35 || d === 92) return null;
      }
      continue;
    }
    const j = lexToken(src, i, t, push);
    if (j < 0) return null;
    if (t.kind[t.kind.length - 1] === K.Op) {
      const op = t.text[t.text.length - 1]!;
      if (op === "(" || op === "[" || op === "{") depth++;
      else if (op === ")" || op === "]" || op === "}") {
        if (depth === 0) return null;
        depth--;
      }
    }
    i = j;
  }
  if (depth > 0) return null;
  for (let k = 1; k < indents.length; k++) push(K.Dedent, n, n, "");
  push(K.Eof, n, n, "");
  return t;
}

/** Reads a number as the grammar's `Number` token does; the end offset, or -1. */
function readNumber(src: string, i: number): number {
  const c1 = src.charCodeAt(i + 1) | 32;
  if (src.charCodeAt(i) === 48 && (c1 === 98 || c1 === 111 || c1 === 120)) {
    let j = i + 2;
    const ok = c1 === 98 ? (c: number) => c === 95 || c === 48 || c === 49 : c1 === 111 ? (c: number) => c === 95 || (c >= 48 && c <= 55) : (c: number) => c === 95 || isHex(c);
    while (ok(src.charCodeAt(j))) j++;
    return j === i + 2 ? -1 : j;
  }
  let j = i;
  const digits = (): void => {
    while (isDigit(src.charCodeAt(j)) || src.charCodeAt(j) === 95) j++;
  };
  if (src.charCodeAt(j) === 46) {
    j++;
    digits();
  } else {
    digits();
    if (src.charCodeAt(j) === 46) {
      j++;
      if (isDigit(src.charCodeAt(j))) digits();
    }
  }
  if ((src.charCodeAt(j) | 32) === 101) {
    let k = j + 1;
    if (src.charCodeAt(k) === 43 || src.charCodeAt(k) === 45) k++;
    if (isDigit(src.charCodeAt(k))) {
      j = k;
      digits();
    }
  }
  if ((src.charCodeAt(j) | 32) === 106) j++;
  return j;
}

/** Reads a plain (non-f) string starting at `start` whose quote is at `q`; its end, or -1. */
function readString(src: string, start: number, q: number, raw: boolean, t: Tokens, push: Push): number {
  const quote = src.charCodeAt(q);
  const long = src.charCodeAt(q + 1) === quote && src.charCodeAt(q + 2) === quote;
  let i = q + (long ? 3 : 1);
  const n = src.length;
  const esc: number[] = [];
  for (;;) {
    if (i >= n) return -1;
    const c = src.charCodeAt(i);
    if (c === 92) {
      if (i + 1 >= n) return -1;
      if (raw) { i += 2; continue; }
      const e0 = i;
      const ch = src.charCodeAt(i + 1);
      i += 2;
      if (ch === 111) {
        for (let k = 0; k < 2 && src.charCodeAt(i) >= 48 && src.charCodeAt(i) <= 55; k++) i++;
      } else if (ch === 120) {
        for (let k = 0; k < 2 && isHex(src.charCodeAt(i)); k++) i++;
      } else if (ch === 117) {
        for (let k = 0; k < 4 && isHex(src.charCodeAt(i)); k++) i++;
      } else if (ch === 85) {
        for (let k = 0; k < 8 && isHex(src.charCodeAt(i)); k++) i++;
      } else if (ch === 78) {
        return -1;
      }
      esc.push(e0, i);
      continue;
    }
    if (c === quote && (!long || (src.charCodeAt(i + 1) === quote && src.charCodeAt(i + 2) === quote))) {
      i += long ? 3 : 1;
      break;
    }
    if (c === 10 && !long) return -1;
    if (c === 13) return -1;
    i++;
  }
  void t;
  push(K.String, start, i, "", esc.length ? esc : null);
  return i;
}

type Push = (k: K, from: number, to: number, text: string, esc?: number[] | null) => void;

/** Reads one name, number, string or operator token at `i` (not space); its end, or -1. */
function lexToken(src: string, i: number, t: Tokens, push: Push): number {
  const n = src.length;
  const c = src.charCodeAt(i);
  if (isIdStart(c)) {
    let j = i + 1;
    while (j < n && isIdChar(src.charCodeAt(j))) j++;
    const q = src.charCodeAt(j);
    if (q === 39 || q === 34) {
      const prefix = src.slice(i, j).toLowerCase();
      if (prefix === "u" || prefix === "b" || prefix === "r" || prefix === "br" || prefix === "rb") {
        return readString(src, i, j, prefix.includes("r"), t, push);
      }
      if (prefix === "f" || prefix === "rf" || prefix === "fr") return readFString(src, i, j, prefix.includes("r"), t, push);
      return -1;
    }
    if (j < n && src.charCodeAt(j) >= 0x80) return -1;
    push(K.Name, i, j, src.slice(i, j));
    return j;
  }
  if (c === 39 || c === 34) return readString(src, i, i, false, t, push);
  if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(i + 1)))) {
    const end = readNumber(src, i);
    if (end < 0) return -1;
    const d = src.charCodeAt(end);
    if (isIdChar(d) || d === 46 || d >= 0x80) return -1;
    push(K.Number, i, end, "");
    return end;
  }
  const s3 = src.slice(i, i + 3);
  let op: string | null = null;
  if (OPS3.has(s3)) op = s3;
  else if (OPS2.has(s3.slice(0, 2))) op = s3.slice(0, 2);
  else if (OPS1.has(s3[0]!)) op = s3[0]!;
  if (op === null) return -1;
  push(K.Op, i, i + op.length, op);
  return i + op.length;
}

/** Reads an f-string starting at `start` whose quote is at `q` into its part tokens; its end, or -1. */
function readFString(src: string, start: number, q: number, raw: boolean, t: Tokens, push: Push): number {
  const quote = src.charCodeAt(q);
  const long = src.charCodeAt(q + 1) === quote && src.charCodeAt(q + 2) === quote;
  let i = q + (long ? 3 : 1);
  push(K.FStart, start, i, "");
  const n = src.length;
  for (;;) {
    if (i >= n) return -1;
    const c = src.charCodeAt(i);
    if (c === 123) {
      if (src.charCodeAt(i + 1) === 123) { i += 2; continue; }
      i = readReplacement(src, i, false, t, push);
      if (i < 0) return -1;
      continue;
    }
    if (c === 92) {
      if (i + 1 >= n) return -1;
      if (raw) { i += src.charCodeAt(i + 1) === 123 ? 1 : 2; continue; }
      const e0 = i;
      const ch = src.charCodeAt(i + 1);
      i += 2;
      if (ch === 111) {
        for (let k = 0; k < 2 && src.charCodeAt(i) >= 48 && src.charCodeAt(i) <= 55; k++) i++;
      } else if (ch === 120) {
        for (let k = 0; k < 2 && isHex(src.charCodeAt(i)); k++) i++;
      } else if (ch === 117) {
        for (let k = 0; k < 4 && isHex(src.charCodeAt(i)); k++) i++;
      } else if (ch === 85) {
        for (let k = 0; k < 8 && isHex(src.charCodeAt(i)); k++) i++;
      } else if (ch === 78 || ch === 123) {
        return -1;
      }
      push(K.FEscape, e0, i, "");
      continue;
    }
    if (c === quote && (!long || (src.charCodeAt(i + 1) === quote && src.charCodeAt(i + 2) === quote))) {
      const e = i + (long ? 3 : 1);
      push(K.FEnd, i, e, "");
      return e;
    }
    if (c === 10 && !long) return -1;
    if (c === 13) return -1;
    i++;
  }
}

/** Reads a replacement field `{…}` at `i` (its `{`); the offset after its `}`, or -1. */
function readReplacement(src: string, i: number, nested: boolean, t: Tokens, push: Push): number {
  push(K.FRepl, i, i + 1, nested ? "n" : "");
  i++;
  let depth = 0;
  let any = false;
  for (;;) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9) { i++; continue; }
    if (i >= src.length || c === 10 || c === 13 || c === 35 || c === 92) return -1;
    if (depth === 0 && any) {
      if (c === 125 || c === 58 || (c === 33 && src.charCodeAt(i + 1) !== 61) || (c === 61 && src.charCodeAt(i + 1) !== 61)) break;
    }
    const j = lexToken(src, i, t, push);
    if (j < 0) return -1;
    if (t.kind[t.kind.length - 1] === K.Op) {
      const op = t.text[t.text.length - 1]!;
      if (op === "(" || op === "[" || op === "{") depth++;
      else if (op === ")" || op === "]" || op === "}") {
        if (depth === 0) return -1;
        depth--;
      }
    }
    any = true;
    i = j;
  }
  const skip = (): void => {
    while (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9) i++;
  };
  if (src.charCodeAt(i) === 61) {
    push(K.FSelfDoc, i, i + 1, "");
    i++;
    skip();
  }
  if (src.charCodeAt(i) === 33) {
    const k = src.charCodeAt(i + 1);
    if (k !== 115 && k !== 114 && k !== 97) return -1;
    push(K.FConv, i, i + 2, "");
    i += 2;
    const d = src.charCodeAt(i);
    if (d !== 58 && d !== 125) return -1;
  }
  if (src.charCodeAt(i) === 58) {
    const walrus = src.charCodeAt(i + 1) === 61;
    push(K.FSpec, i, i + (walrus ? 2 : 1), walrus ? ":=" : ":");
    i += walrus ? 2 : 1;
    for (;;) {
      const c = src.charCodeAt(i);
      if (c === 125) break;
      if (c === 123) {
        if (src.charCodeAt(i + 1) === 123) return -1;
        i = readReplacement(src, i, true, t, push);
        if (i < 0) return -1;
        continue;
      }
      let j = i;
      for (;;) {
        const d = src.charCodeAt(j);
        if (j >= src.length || d === 10 || d === 13 || d === 39 || d === 34 || d === 92) return -1;
        if (d === 123 || d === 125) break;
        j++;
      }
      push(K.FSpecChars, i, j, "");
      i = j;
    }
  }
  if (src.charCodeAt(i) !== 125) return -1;
  push(K.Op, i, i + 1, "}");
  return i + 1;
}
