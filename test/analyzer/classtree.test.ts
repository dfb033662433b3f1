/**
 * getclasstree over class ids and their bases: table-driven, each table also built as real classes
 * in python3 and arranged by inspect.getclasstree.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { getclasstree, type ClassTree } from "@static-inspect/analyzer";

const python = spawnSync("python3", ["--version"]).status === 0;

/** A table: each class id with its bases ids, in definition order (bases first); `builtins:object` implied. */
type Spec = [string, string[]][];

const SPECS: Record<string, { spec: Spec; classes: string[] }> = {
  single: { spec: [["m:A", []], ["m:B", ["m:A"]], ["m:C", ["m:B"]]], classes: ["m:C", "m:A", "m:B"] },
  diamond: { spec: [["m:A", []], ["m:B", ["m:A"]], ["m:C", ["m:A"]], ["m:D", ["m:B", "m:C"]]], classes: ["m:D", "m:C", "m:B", "m:A"] },
  "bases outside the list become roots": { spec: [["a:X", []], ["b:Y", ["a:X"]], ["b:Z", ["b:Y", "a:X"]]], classes: ["b:Z", "b:Y"] },
  "sorted by module, then __name__ (not qualname)": {
    spec: [["z:Outer", []], ["z:Outer.Inner", []], ["a:Beta", []], ["a:alpha", []], ["a:Alpha", []]],
    classes: ["z:Outer", "z:Outer.Inner", "a:Beta", "a:alpha", "a:Alpha"],
  },
  "mixin after a listed base": { spec: [["m:Base", []], ["o:Mixin", []], ["m:K", ["m:Base", "o:Mixin"]], ["m:L", ["o:Mixin", "m:Base"]]], classes: ["m:K", "m:L", "m:Base"] },
};

/** What the spec looks like as getclasstree input: every class's bases (`[]` only for object). */
function basesMap(spec: Spec): Map<string, string[]> {
  const m = new Map<string, string[]>([["builtins:object", []]]);
  for (const [id, bases] of spec) m.set(id, bases.length ? bases : ["builtins:object"]);
  return m;
}

/** The tree as indented lines: `id(bases)`. */
function lines(tree: ClassTree | null, depth = 0): string[] {
  if (!tree) return ["null"];
  return tree.flatMap((item) => ("class" in item ? [`${"  ".repeat(depth)}${item.class}(${item.bases.join(", ")})`] : lines(item as ClassTree, depth + 1)));
}

describe("getclasstree", () => {
  it("nests subclasses under each base, or only under the first listed one with unique", () => {
    const { spec, classes } = SPECS.diamond!;
    expect(lines(getclasstree(classes, basesMap(spec)))).toEqual([
      "builtins:object()",
      "  m:A(builtins:object)",
      "    m:B(m:A)",
      "      m:D(m:B, m:C)",
      "    m:C(m:A)",
      "      m:D(m:B, m:C)",
    ]);
    expect(lines(getclasstree(classes, basesMap(spec), true))).toEqual([
      "builtins:object()",
      "  m:A(builtins:object)",
      "    m:B(m:A)",
      "      m:D(m:B, m:C)",
      "    m:C(m:A)",
    ]);
  });

  it("is null when a class's bases are unknown or run in a cycle", () => {
    expect(getclasstree(["m:A"], new Map())).toBeNull();
    const object = ["builtins:object", []] as [string, string[]];
    expect(getclasstree(["m:A", "m:B"], new Map([object, ["m:A", ["builtins:object", "m:B"]], ["m:B", ["m:A"]]]))).toBeNull();
    // a cycle no root reaches: its classes would be left out
    expect(getclasstree(["m:A", "m:B"], new Map([["m:A", ["m:B"]], ["m:B", ["m:A"]]]))).toBeNull();
  });

  it.skipIf(!python)("agrees with python3's inspect.getclasstree on every table, unique or not", () => {
    const script = `
import inspect, json, sys
out = {}
for name, t in json.load(sys.stdin).items():
    made = {"builtins:object": object}
    for cid, bases in t["spec"]:
        mod, qual = cid.split(":")
        c = type(qual.split(".")[-1], tuple(made[b] for b in bases) or (object,), {"__module__": mod})
        c.__qualname__ = qual
        made[cid] = c
    ids = {v: k for k, v in made.items()}
    def rec(tree):
        return [rec(x) if isinstance(x, list) else {"class": ids[x[0]], "bases": [ids[b] for b in x[1]]} for x in tree]
    cls = [made[c] for c in t["classes"]]
    out[name] = [rec(inspect.getclasstree(list(cls))), rec(inspect.getclasstree(list(cls), True))]
print(json.dumps(out))
`;
    const r = spawnSync("python3", ["-c", script], { input: JSON.stringify(SPECS), encoding: "utf8" });
    expect(r.stderr).toBe("");
    const want = JSON.parse(r.stdout) as Record<string, [unknown, unknown]>;
    const got = Object.fromEntries(
      Object.entries(SPECS).map(([name, { spec, classes }]) => [name, [getclasstree(classes, basesMap(spec)), getclasstree(classes, basesMap(spec), true)]]),
    );
    expect(got).toEqual(want);
  });
});
