/**
 * C3 linearisation, table-driven: each row gives the classes (name → bases, in definition order) and
 * the MRO CPython computes for the last one, or the TypeError it raises. The expected values were
 * checked with python3 (`type(name, bases, {})`, then `__mro__` or the exception's message).
 */
import { describe, expect, it } from "vitest";
import { c3Merge } from "@static-inspect/analyzer/unstable";

type Spec = Record<string, string[]>;

/** The MRO of every class of the spec, by C3 over the bases' MROs, as `type.__mro__` does. */
function mros(spec: Spec): Record<string, string[] | string> {
  const out: Record<string, string[] | string> = {};
  for (const [name, bases] of Object.entries(spec)) {
    const seqs = bases.map((b) => out[b]);
    if (seqs.some((s) => typeof s === "string")) {
      out[name] = "base failed";
      continue;
    }
    const r = c3Merge([...(seqs as string[][]), bases]);
    out[name] = r.ok ? [name, ...r.order] : `Cannot create a consistent method resolution order (MRO) for bases ${r.remaining.join(", ")}`;
  }
  return out;
}

const ROWS: { name: string; spec: Spec; expected: string[] | string }[] = [
  { name: "single inheritance", spec: { O: [], A: ["O"], B: ["A"] }, expected: ["B", "A", "O"] },
  { name: "diamond", spec: { O: [], A: ["O"], B: ["O"], C: ["A", "B"] }, expected: ["C", "A", "B", "O"] },
  {
    name: "the Python 2.3 MRO paper's example",
    spec: { O: [], F: ["O"], E: ["O"], D: ["O"], C: ["D", "F"], B: ["D", "E"], A: ["B", "C"] },
    expected: ["A", "B", "C", "D", "E", "F", "O"],
  },
  {
    name: "the paper's second example (bases swapped)",
    spec: { O: [], F: ["O"], E: ["O"], D: ["O"], C: ["D", "F"], B: ["E", "D"], A: ["B", "C"] },
    expected: ["A", "B", "E", "C", "D", "F", "O"],
  },
  { name: "order conflict", spec: { O: [], X: ["O"], Y: ["O"], A: ["X", "Y"], B: ["Y", "X"], Z: ["A", "B"] }, expected: "Cannot create a consistent method resolution order (MRO) for bases X, Y" },
  { name: "a base listed before its own subclass", spec: { O: [], A: ["O"], B: ["A"], C: ["A", "B"] }, expected: "Cannot create a consistent method resolution order (MRO) for bases A, B" },
  { name: "no bases at all", spec: { O: [] }, expected: ["O"] },
];

describe("c3Merge", () => {
  it.each(ROWS)("$name", ({ spec, expected }) => {
    const all = mros(spec);
    expect(all[Object.keys(spec).at(-1)!]).toEqual(expected);
  });
});
