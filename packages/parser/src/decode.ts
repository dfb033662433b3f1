import type { Diagnostic } from "./diagnostic.ts";

/**
 * Source text as CPython reads it from a file's bytes.
 *
 * Shape: `text` has no BOM and universal newlines applied (`\r\n` and lone `\r` become `\n`), so it is
 * what `linecache`/`inspect` see line by line; `encoding` is the normalised codec name CPython uses
 * (`utf-8`, `iso-8859-1`, or the cookie's name lower-cased); `cookie` is the PEP 263 declaration as
 * written, or `null`.
 */
export interface DecodedSource {
  readonly text: string;
  readonly encoding: string;
  readonly bom: boolean;
  readonly cookie: string | null;
  readonly diagnostics: readonly Diagnostic[];
}

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_OR_COMMENT = /^[ \t\f]*(?:[#\r\n]|$)/;

/**
 * CPython's `get_normal_name` (Parser/tokenizer.c, `tokenize.py`): the first 12 characters, lower-cased,
 * `_` as `-`; `utf-8…` and the latin-1 aliases are normalised, anything else is kept.
 */
function normalName(name: string): string {
  const enc = name.slice(0, 12).toLowerCase().replace(/_/g, "-");
  if (enc === "utf-8" || enc.startsWith("utf-8-")) return "utf-8";
  for (const alias of ["latin-1", "iso-8859-1", "iso-latin-1"]) {
    if (enc === alias || enc.startsWith(alias + "-")) return "iso-8859-1";
  }
  return name.toLowerCase();
}

/** The first physical line of `bytes` from `start` (including its line break), as latin-1 text. */
function rawLine(bytes: Uint8Array, start: number): { line: string; next: number } {
  let i = start;
  while (i < bytes.length && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
  if (i < bytes.length) i += bytes[i] === 0x0d && bytes[i + 1] === 0x0a ? 2 : 1;
  let line = "";
  for (let j = start; j < i; j++) line += String.fromCharCode(bytes[j]!);
  return { line, next: i };
}

/** Finds the PEP 263 cookie the way CPython's tokenizer does: line 1, or line 2 if line 1 is blank or a comment. */
export function findCodingCookie(bytes: Uint8Array): string | null {
  const first = rawLine(bytes, 0);
  const m1 = COOKIE.exec(first.line);
  if (m1) return m1[1]!;
  if (!BLANK_OR_COMMENT.test(first.line)) return null;
  const second = rawLine(bytes, first.next);
  const m2 = COOKIE.exec(second.line);
  return m2 ? m2[1]! : null;
}

function decodeLatin1(bytes: Uint8Array): string {
  let out = "";
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return out;
}

/** Maps a Python codec name to a WHATWG `TextDecoder` label, or returns `null` if it has none. */
function decoderLabel(encoding: string): string | null {
  const e = encoding.toLowerCase().replace(/_/g, "-");
  const aliases: Record<string, string> = {
    utf8: "utf-8",
    "utf-8": "utf-8",
    cp1252: "windows-1252",
    cp1251: "windows-1251",
    cp1250: "windows-1250",
    cp932: "shift-jis",
    "shift-jis": "shift-jis",
    sjis: "shift-jis",
    "euc-jp": "euc-jp",
    "euc-kr": "euc-kr",
    gbk: "gbk",
    gb2312: "gbk",
    gb18030: "gb18030",
    big5: "big5",
    "koi8-r": "koi8-r",
    "koi8-u": "koi8-u",
    "utf-16": "utf-16le",
    "utf-16-le": "utf-16le",
    "utf-16-be": "utf-16be",
  };
  const label = aliases[e] ?? (/^iso-?8859-(\d+)$/.exec(e) ? `iso-8859-${/(\d+)$/.exec(e)![1]}` : e);
  try {
    new TextDecoder(label);
    return label;
  } catch {
    return null;
  }
}

/**
 * Decodes a Python source file's bytes as CPython's tokenizer does: a UTF-8 BOM, else a PEP 263 coding
 * cookie in the first two lines, else UTF-8; then universal newlines.
 *
 * Never throws; reports via diagnostics (`decode-error` for bytes invalid in the encoding — they are
 * replaced by U+FFFD and the rest is kept; `unknown-encoding` for a cookie naming no known codec — the
 * file is then read as UTF-8; `encoding-conflict` for a BOM with a non-UTF-8 cookie). CPython refuses
 * to compile such files; we keep going so the rest of the program is still analysed.
 */
export function decodeSource(bytes: Uint8Array, path: string): DecodedSource {
  const diagnostics: Diagnostic[] = [];
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const cookie = findCodingCookie(body);
  let encoding = cookie === null ? "utf-8" : normalName(cookie);
  if (bom && encoding !== "utf-8") {
    diagnostics.push({
      code: "encoding-conflict",
      severity: "error",
      message: `encoding problem: ${cookie} with BOM`,
      path,
      span: null,
    });
    encoding = "utf-8";
  }
  let text: string;
  if (encoding === "iso-8859-1") {
    text = decodeLatin1(body);
  } else if (encoding === "ascii" || encoding === "us-ascii") {
    text = decodeLatin1(body);
    const bad = body.findIndex((b) => b > 0x7f);
    if (bad !== -1) {
      diagnostics.push({
        code: "decode-error",
        severity: "error",
        message: `'ascii' codec can't decode byte 0x${body[bad]!.toString(16)} in position ${bad}: ordinal not in range(128)`,
        path,
        span: null,
      });
    }
  } else {
    let label = decoderLabel(encoding);
    if (label === null) {
      diagnostics.push({
        code: "unknown-encoding",
        severity: "error",
        message: `unknown encoding: ${cookie}`,
        path,
        span: null,
      });
      label = "utf-8";
    }
    try {
      text = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      text = new TextDecoder(label, { fatal: false, ignoreBOM: true }).decode(body);
      const at = text.indexOf("\ufffd");
      diagnostics.push({
        code: "decode-error",
        severity: "error",
        message: `'${encoding}' codec can't decode the file: invalid bytes were replaced by U+FFFD${at >= 0 ? ` (first at character ${at})` : ""}`,
        path,
        span: null,
      });
    }
  }
  if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
  return { text, encoding, bom, cookie, diagnostics };
}
