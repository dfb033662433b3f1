import type { Diagnostic } from "./diagnostic.ts";
import { PARSE_DEFAULTS } from "./parse-defaults.ts";
import type { LineIndex } from "./span.ts";

/**
 * CPython's tokenizer refuses brackets nested deeper than 200 ("too many nested parentheses"). We
 * report that at the first such bracket and blank out (with spaces, so offsets and lines stay) what is
 * nested deeper, so the parser's recursion stays bounded and the rest of the file is still analysed.
 * Strings and comments are skipped roughly (quotes and `#`), which is enough to find real nesting.
 */
export function limitNesting(text: string, lines: LineIndex, path: string, diagnostics: Diagnostic[]): string {
  const LIMIT = PARSE_DEFAULTS.maxNesting;
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
  }
  if (max <= LIMIT) return text;
  const out: string[] = [];
  depth = 0;
  let quote: string | null = null;
  let reported = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== null) {
      if (ch === "\\") i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (ch === "#") {
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? text.length : nl - 1;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += quote.length - 1;
      continue;
    }
    if (ch === "(" || ch === "[" || ch === "{") {
      depth++;
      if (depth === LIMIT + 1) {
        if (!reported) {
          reported = true;
          diagnostics.push({ code: "syntax-error", severity: "error", message: "too many nested parentheses", path, span: lines.span(i, i + 1) });
        }
        out.push(text.slice(start, i));
        start = i;
      }
    } else if (ch === ")" || ch === "]" || ch === "}") {
      if (depth === LIMIT + 1) {
        out.push(text.slice(start, i + 1).replace(/[^\n]/g, " "));
        start = i + 1;
      }
      if (depth > 0) depth--;
    }
  }
  out.push(depth > LIMIT ? text.slice(start).replace(/[^\n]/g, " ") : text.slice(start));
  return out.join("");
}

