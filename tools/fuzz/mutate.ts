/**
 * Mutations of real Python files: the edits a fuzz case applies to a seed file.
 */
import type { Random } from "./random.ts";

/** The names of the mutations {@link mutate} chooses from. */
export const MUTATIONS = [
  "delete-token",
  "duplicate-token",
  "swap-tokens",
  "delete-line",
  "duplicate-line",
  "swap-lines",
  "random-bytes",
  "nul-byte",
  "truncate",
  "indent",
  "dedent",
  "tab-indent",
  "unbalanced-bracket",
  "unbalanced-quote",
  "insert-keyword",
] as const;

/** One of {@link MUTATIONS}. */
export type Mutation = (typeof MUTATIONS)[number];

const BRACKETS = ["(", ")", "[", "]", "{", "}"];
const QUOTES = ["'", '"', "'''", '"""', "f'", 'f"', "b'", "rb'", "\\"];
const KEYWORDS = ["def ", "class ", "lambda ", "async ", "await ", "yield ", "@", ":", "*", "**", " = ", "if ", "else:", "try:", "except ", "with ", "import ", "from . import ", "global ", "return ", "match x:\n case ", "print ", "type X = ", "[T]", "->", ":=", "\n\t", "\n    ", "\\\n", "#", ";", ","];

/** Tokens of a text: runs of word characters, runs of spaces, and single other characters (offsets). */
function tokenSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const re = /\w+|[ \t]+|\n|[^\w \t\n]/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** Line start offsets of a text (each line keeps its `\n`). */
function lineSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl + 1;
    spans.push([start, end]);
    start = end;
  }
  return spans;
}

/** Applies one mutation to `source` (bytes: random-byte edits may make it invalid UTF-8). */
export function applyMutation(source: Buffer, mutation: Mutation, rng: Random): Buffer {
  if (mutation === "random-bytes" || mutation === "nul-byte" || mutation === "truncate") {
    const out = Buffer.from(source);
    if (mutation === "truncate") return out.subarray(0, rng.int(out.length + 1));
    const count = mutation === "nul-byte" ? 1 : 1 + rng.int(8);
    const parts: Buffer[] = [];
    let last = 0;
    const at = [...Array(count)].map(() => rng.int(out.length + 1)).sort((a, b) => a - b);
    for (const p of at) {
      parts.push(out.subarray(last, p));
      parts.push(mutation === "nul-byte" ? Buffer.from([0]) : Buffer.from([...Array(1 + rng.int(3))].map(() => rng.int(256))));
      last = p + (mutation === "random-bytes" && rng.int(2) ? 1 : 0);
    }
    parts.push(out.subarray(Math.min(last, out.length)));
    return Buffer.concat(parts);
  }
  const text = source.toString("latin1"); // byte-preserving: every byte is one char
  const edit = (from: number, to: number, insert: string): Buffer => Buffer.from(text.slice(0, from) + insert + text.slice(to), "latin1");
  if (mutation.endsWith("token") || mutation === "swap-tokens") {
    const toks = tokenSpans(text);
    if (toks.length === 0) return source;
    const [a, b] = rng.pick(toks);
    if (mutation === "delete-token") return edit(a, b, "");
    if (mutation === "duplicate-token") return edit(b, b, text.slice(a, b));
    const [c, d] = rng.pick(toks);
    if (c >= b) return edit(a, d, text.slice(c, d) + text.slice(b, c) + text.slice(a, b));
    if (a >= d) return edit(c, b, text.slice(a, b) + text.slice(d, a) + text.slice(c, d));
    return source;
  }
  const lines = lineSpans(text);
  if (lines.length === 0) return Buffer.from(rng.pick(KEYWORDS), "latin1");
  const [ls, le] = rng.pick(lines);
  switch (mutation) {
    case "delete-line":
      return edit(ls, le, "");
    case "duplicate-line":
      return edit(le, le, text.slice(ls, le).endsWith("\n") ? text.slice(ls, le) : `\n${text.slice(ls, le)}`);
    case "swap-lines": {
      const [ms, me] = rng.pick(lines);
      if (ms >= le) return edit(ls, me, text.slice(ms, me) + text.slice(le, ms) + text.slice(ls, le));
      return source;
    }
    case "indent":
      return edit(ls, ls, " ".repeat(1 + rng.int(8)));
    case "dedent": {
      const indent = /^[ \t]*/.exec(text.slice(ls, le))![0].length;
      return edit(ls, ls + Math.min(indent, 1 + rng.int(8)), "");
    }
    case "tab-indent": {
      const indent = /^[ \t]*/.exec(text.slice(ls, le))![0].length;
      return edit(ls, ls + indent, "\t".repeat(rng.int(3)) + " ".repeat(rng.int(9)));
    }
    case "unbalanced-bracket":
    case "unbalanced-quote":
    case "insert-keyword": {
      const at = rng.int(text.length + 1);
      const pool = mutation === "unbalanced-bracket" ? BRACKETS : mutation === "unbalanced-quote" ? QUOTES : KEYWORDS;
      return edit(at, at, rng.pick(pool).repeat(mutation === "unbalanced-bracket" ? 1 + rng.int(rng.int(2) ? 3 : 400) : 1));
    }
  }
  return source;
}

/** A mutant of `source`: one to four mutations chosen by `rng`, applied in turn; with their names. */
export function mutate(source: Buffer, rng: Random): { bytes: Buffer; mutations: Mutation[] } {
  const mutations: Mutation[] = [];
  let bytes = source;
  const count = 1 + rng.int(rng.int(2) ? 4 : 1);
  for (let i = 0; i < count; i++) {
    const m = rng.pick(MUTATIONS);
    mutations.push(m);
    bytes = applyMutation(bytes, m, rng);
  }
  return { bytes, mutations };
}
