/**
 * The f-string rules of Python 3.11 and earlier (PEP 498), which PEP 701 lifted in 3.12.
 */

/** A problem found by {@link fstringError311}: CPython's message and where it puts it. */
export interface FStringProblem {
  readonly message: string;
  /** Offset into the literal's text (0-based, UTF-16 code units) where CPython reports the error. */
  readonly at: number;
}

/**
 * The first error CPython 3.11 reports in one f-string literal, or `null`.
 *
 * `literal` is the text of one f-string token as a 3.12 tokenizer delimits it (prefix, quotes and
 * all, for example `f'{x!r:>{w}}'`). Before 3.12 the literal ends at the first unescaped
 * occurrence of its own quote (so `f'{f'{x}'}'` ends after `f'{f'`: "f-string: expecting '}'"),
 * a single-quoted literal cannot span lines ("unterminated string literal (detected at line N)",
 * reported at the literal's start, N being `line`), and a replacement field's expression cannot
 * hold a backslash or `#`; format specs nest replacement fields one level deep only
 * ("f-string: expressions nested too deeply"). Errors other than the quote and line ones are
 * reported, as CPython does, at the end of the literal.
 *
 * Never throws.
 */
export function fstringError311(literal: string, line: number): FStringProblem | null {
  const m = /^[A-Za-z]*/.exec(literal)!;
  const prefixLength = m[0].length;
  const q0 = literal[prefixLength];
  if (q0 !== "'" && q0 !== '"') return null;
  const quote = literal.startsWith(q0.repeat(3), prefixLength) ? q0.repeat(3) : q0;
  const bodyStart = prefixLength + quote.length;
  // Where a 3.11 tokenizer ends the literal: the first unescaped closing quote.
  let k = bodyStart;
  while (k < literal.length && !literal.startsWith(quote, k)) {
    if (quote.length === 1 && literal[k] === "\n") return { message: `unterminated string literal (detected at line ${line})`, at: 0 };
    k += literal[k] === "\\" ? 2 : 1;
  }
  const end = Math.min(k, literal.length);
  const body = literal.slice(bodyStart, end);
  const truncated = end + quote.length < literal.length;
  // A body cut short by its own quote is an error even when the part before the quote is whole.
  const raw = /r/i.test(m[0]);
  const problem = scanBody(body, raw) ?? (truncated ? "invalid syntax" : null);
  if (!problem) return null;
  return { message: problem, at: truncated ? end + quote.length : literal.length };
}

/** The first 3.11 error in an f-string's body (the text between its quotes; `raw` for an `rf` literal), or `null`. */
const CLOSING: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

function scanBody(body: string, raw: boolean): string | null {
  const n = body.length;
  let i = 0;
  // Reads one replacement field whose `{` is at i; returns the error or null, leaves i after its `}`.
  const field = (level: number): string | null => {
    if (level >= 2) return "f-string: expressions nested too deeply";
    i++; // the `{`
    const brackets: string[] = [];
    let sawExpression = false;
    while (i < n) {
      const c = body[i]!;
      if (c === "\\") return "f-string expression part cannot include a backslash";
      if (c === "#") return "f-string expression part cannot include '#'";
      if (c === "'" || c === '"') {
        const q = body.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
        const close = body.indexOf(q, i + q.length);
        const inner = body.slice(i, close === -1 ? n : close);
        if (inner.includes("\\")) return "f-string expression part cannot include a backslash";
        if (close === -1) return "f-string: unterminated string";
        i = close + q.length;
        sawExpression = true;
        continue;
      }
      if (c === "(" || c === "[" || c === "{") {
        brackets.push(c);
        sawExpression = true;
      }
      else if (c === ")" || c === "]" || (c === "}" && brackets.length > 0)) {
        const open = brackets.pop();
        if (open === undefined || CLOSING[open] !== c) return `f-string: unmatched '${c}'`;
      } else if (brackets.length === 0 && (c === "}" || c === ":" || (c === "!" && body[i + 1] !== "="))) {
        if (!sawExpression) return "f-string: empty expression not allowed";
        if (c === "!") {
          i++;
          while (i < n && body[i] !== ":" && body[i] !== "}") i++;
          if (i >= n) break;
        }
        if (body[i] === ":") {
          i++;
          while (i < n && body[i] !== "}") {
            if (body[i] === "{") {
              const inner = field(level + 1);
              if (inner) return inner;
            } else i++;
          }
          if (i >= n) break;
        }
        i++; // the `}`
        return null;
      } else if (c !== " " && c !== "\t" && c !== "\n") sawExpression = true;
      i++;
    }
    if (brackets.length > 0) return `f-string: unmatched '${brackets[brackets.length - 1]}'`;
    return "f-string: expecting '}'";
  };
  while (i < n) {
    const c = body[i]!;
    // In a raw literal a backslash escapes nothing here: `rf"\{x}"` is a backslash, then a field.
    if (c === "\\") i += raw ? 1 : 2;
    else if (c === "{") {
      if (body[i + 1] === "{") i += 2;
      else {
        const problem = field(0);
        if (problem) return problem;
      }
    } else if (c === "}") {
      if (body[i + 1] === "}") i += 2;
      else return "f-string: single '}' is not allowed";
    } else i++;
  }
  return null;
}
