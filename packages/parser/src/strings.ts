/**
 * Evaluation of Python string and bytes literals, as the CPython compiler does it.
 */

/** The value of one string literal token: its type and evaluated value (`null` if not evaluable). */
export interface StringValue {
  readonly type: "str" | "bytes" | "fstring";
  readonly value: string | null;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\n": "",
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/**
 * Evaluates one string literal token (prefix, quotes and body), e.g. `r'''a\b'''` or `b"\x00"`.
 *
 * Mirrors CPython's `_PyUnicode_DecodeUnicodeEscapeInternal` and `_PyBytes_DecodeEscape`: simple
 * escapes, `\ooo` (1–3 octal digits), `\xhh`, and for `str` `\uXXXX`, `\UXXXXXXXX`; a backslash before
 * a newline joins the lines; unknown escapes keep the backslash. Bytes values are returned with one
 * character per byte. `\N{name}` needs the Unicode name database, which we do not ship: the value is then
 * `null`. An f-string's value is `null` (it is not a constant). Never throws.
 */
export function evaluateStringLiteral(token: string): StringValue {
  let i = 0;
  let raw = false;
  let bytes = false;
  let fstring = false;
  while (i < token.length && token[i] !== "'" && token[i] !== '"') {
    const c = token[i]!.toLowerCase();
    if (c === "r") raw = true;
    else if (c === "b") bytes = true;
    else if (c === "f") fstring = true;
    i++;
  }
  const type = fstring ? "fstring" : bytes ? "bytes" : "str";
  if (fstring) return { type, value: null };
  const quote = token[i];
  if (quote === undefined) return { type, value: null };
  const triple = token.startsWith(quote.repeat(3), i);
  const qlen = triple ? 3 : 1;
  const start = i + qlen;
  const end = token.endsWith(triple ? quote.repeat(3) : quote) && token.length - qlen >= start ? token.length - qlen : token.length;
  const body = token.slice(start, end);
  if (raw || !body.includes("\\")) return { type, value: body };
  return { type, value: unescape(body, bytes) };
}

function unescape(body: string, bytes: boolean): string | null {
  let out = "";
  let i = 0;
  while (i < body.length) {
    const bs = body.indexOf("\\", i);
    if (bs === -1) {
      out += body.slice(i);
      break;
    }
    out += body.slice(i, bs);
    const c = body[bs + 1];
    if (c === undefined) {
      out += "\\";
      break;
    }
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      out += simple;
      i = bs + 2;
      continue;
    }
    if (c >= "0" && c <= "7") {
      let j = bs + 1;
      while (j < body.length && j < bs + 4 && body[j]! >= "0" && body[j]! <= "7") j++;
      const code = parseInt(body.slice(bs + 1, j), 8);
      out += String.fromCharCode(bytes ? code & 0xff : code);
      i = j;
      continue;
    }
    const hexLen = c === "x" ? 2 : !bytes && c === "u" ? 4 : !bytes && c === "U" ? 8 : 0;
    if (hexLen > 0) {
      const hex = body.slice(bs + 2, bs + 2 + hexLen);
      if (hex.length !== hexLen || !/^[0-9a-fA-F]+$/.test(hex)) return null; // a SyntaxError in CPython
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return null;
      out += String.fromCodePoint(code);
      i = bs + 2 + hexLen;
      continue;
    }
    if (!bytes && c === "N") return null;
    out += "\\" + c;
    i = bs + 2;
  }
  return out;
}
