/**
 * Helpers rewritten for speed keep their exact results: `getblockLength`'s logical-line pass (read by
 * char code) against the lengths CPython 3.11's `inspect.getblock` gives for the same lines, and
 * `definedObject` against the spread it replaces (same keys, same order, so a summary's JSON is unchanged).
 */
import { describe, expect, it } from "vitest";
import { getblockLength } from "@static-inspect/analyzer/unstable";
import { definedObject, type ObjectFacts, type Place } from "../../packages/analyzer/src/bind/defined-object.ts";

const lines = (text: string) => text.split(/(?<=\n)/);

describe("getblockLength", () => {
  // Expected: len(inspect.getblock(text.splitlines(True))) with python3.11.
  const cases: [string, string, number][] = [
    ["reads prefixed and triple-quoted strings as strings", "def f():\n    x = rb'''a\n)'''\n    y = Rb\"(\"\n    return x\nz = 1\n", 5],
    ["finds no def inside a longer word", "def f():\n    undef = 1\n    return undef\nq = 2\n", 3],
    ["follows a decorator and a backslash continuation", "@dec\ndef f(a, \\\n      b):\n    return a\nw = 3\n", 4],
    ["ends a lambda at its logical line", "g = lambda x: (x +\n     1)\nh = 2\n", 2],
    ["keeps a trailing comment of the body", "class C:\n    x = 1\n    # trailing\n\ny = 1\n", 3],
    ["reads non-ASCII names and a # inside a string", "def f():\n    \u00e9t\u00e9 = 'a#b'\n    return \u00e9t\u00e9\nv = 1\n", 3],
  ];
  for (const [name, text, expected] of cases) it(name, () => expect(getblockLength(lines(text), 0)).toBe(expected));
});

describe("definedObject", () => {
  const place: Place = { id: "m:f", module: "m", scope: "m", qualname: "f", name: "f", parent: "m", path: "/m.py", span: { line: 1, endLine: 2 }, position: { from: 0, to: 9, line: 1, column: 0, endLine: 2, endColumn: 3 }, conditions: [] };
  const facts: ObjectFacts = { kind: "function", docstring: null, decorators: [], comments: null, sourcelines: { lineno: 1, count: 2 }, function: null, class: null, attribute: null };

  it("writes the place's keys, then the facts', as a spread does", () => {
    expect(JSON.stringify(definedObject(place, facts))).toBe(JSON.stringify({ ...place, ...facts }));
    expect(Object.keys(definedObject(place, facts))).toEqual(["id", "module", "scope", "qualname", "name", "parent", "path", "span", "position", "conditions", "kind", "docstring", "decorators", "comments", "sourcelines", "function", "class", "attribute"]);
  });

  it("keeps a conditional place's condition facts and undecided flag in place", () => {
    const conditional: Place = { ...place, conditions: ["DEBUG"], conditionFacts: [{ kind: "other" }], undecided: true };
    expect(Object.keys(definedObject(conditional, facts)).slice(9, 13)).toEqual(["conditions", "conditionFacts", "undecided", "kind"]);
    expect(JSON.stringify(definedObject(conditional, facts))).toBe(JSON.stringify({ ...conditional, ...facts }));
  });
});
