/**
 * Module summaries are hermetic and plain data: the same bytes give the same summary whatever is on
 * the search path, and a summary that went through JSON links to the same bundle.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { globSync } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { analyze, discover, link, summarizeFile, summaryFromJSON, summaryToJSON, type ModuleSummary } from "@static-inspect/analyzer";
import { buildBundle, encodeBundle } from "@static-inspect/emit";

const MOD = `try:
    import msvcrt
except ImportError:
    msvcrt = None
    HAVE = False
else:
    HAVE = True

if HAVE:
    def run():
        """With the dependency."""
else:
    def run():
        """Without it."""
`;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "si-summary-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The summary without the one field that names where the file is. */
const portable = (s: ModuleSummary) => JSON.parse(JSON.stringify(s, (k, v) => (k === "path" ? "<path>" : v)));

describe("module summaries", () => {
  it("are the same for the same bytes whatever the search path holds; link decides the guard", async () => {
    // msvcrt: found on the root in one tree; in the other, a Windows-only module on a linux target.
    const withDep = dirWith({ "mod.py": MOD, "msvcrt.py": "" });
    const without = dirWith({ "mod.py": MOD });
    const a = summarizeFile({ path: path.join(withDep, "mod.py"), module: "mod", isPackage: false });
    const b = summarizeFile({ path: path.join(without, "mod.py"), module: "mod", isPackage: false });
    expect(portable(a)).toEqual(portable(b));
    expect(a.guards).toEqual([{ modules: ["msvcrt"] }]);
    // Both definitions of run() are kept, each under its branch of the guard.
    expect(a.objects.filter((o) => o.id === "mod:run").map((o) => [o.docstring, o.when])).toEqual([
      ["With the dependency.", [{ guard: 0, succeeds: true }]],
      ["Without it.", [{ guard: 0, succeeds: false }]],
    ]);
    const program = async (dir: string) => analyze({ paths: [path.join(dir, "mod.py")] });
    const found = await program(withDep);
    expect(found.getdoc("mod:run")).toBe("With the dependency.");
    expect(found.object("mod:msvcrt")).toBeNull(); // the import binds it; `msvcrt = None` did not run
    const missing = await program(without);
    expect(missing.getdoc("mod:run")).toBe("Without it.");
    expect(missing.object("mod:msvcrt")?.kind).toBe("attribute");
    expect(missing.diagnostics.filter((d) => d.code === "unresolved-import")).toEqual([]);
    // A module nobody can tell about (not on a root, not a platform module): both branches stay.
    const unknown = await analyze({ paths: [path.join(dirWith({ "mod.py": MOD.replaceAll("msvcrt", "optional_dep") }), "mod.py")] });
    expect(unknown.object("mod:optional_dep")?.kind).toBe("attribute");
    expect(unknown.getdoc("mod:run")).toBe("Without it."); // `if HAVE:` undecided: the later def stands
    // (Its scope binding is the except branch's value, as before: no import is left to report.)
    expect(unknown.diagnostics).toEqual([]);
  });

  it("round-trip through JSON and link to byte-identical bundles (every fixture, with the modules they import)", async () => {
    const fixtures = path.resolve(import.meta.dirname, "../fixtures");
    const dirs = globSync(["**/input.py"], { cwd: fixtures, absolute: true }).map((f) => path.dirname(f)).sort();
    expect(dirs.length).toBeGreaterThan(30);
    const samples = path.resolve(import.meta.dirname, "../../samples/shapes");
    for (const dir of [...dirs, samples]) {
      const direct = encodeBundle(buildBundle(await analyze({ paths: [dir] })));
      const files = discover([dir]);
      const roundTrip = (s: ModuleSummary) => summaryFromJSON(summaryToJSON(s));
      const program = link(files.map((f) => roundTrip(summarizeFile(f))), {
        roots: [...new Set(files.map((f) => path.dirname(f.path)))].concat(dir === samples ? [path.dirname(samples)] : []),
        summarize: (file, target) => roundTrip(summarizeFile(file, target)),
      });
      expect(encodeBundle(buildBundle(program)), dir).toBe(direct);
    }
  });

  it("round-trip through JSON to the same records, shared where bind shared them, over the standard library", () => {
    // Only bindings, definitions and diagnostics keep a span: expressions, parameters and arguments lose theirs.
    const kept = (holder: Record<string, unknown>) => "position" in holder || ("target" in holder && "line" in holder) || ("code" in holder && "severity" in holder);
    const unlocated = (s: ModuleSummary) =>
      JSON.stringify(s, function (this: Record<string, unknown>, key, value: unknown) {
        return key === "span" && !kept(this) ? undefined : value;
      });
    const lib = execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim();
    const files = discover([lib], { exclude: ["test/**", "site-packages/**", "**/__pycache__/**"] }).filter((_, i) => i % 4 === 0);
    expect(files.length).toBeGreaterThan(150);
    let smaller = 0;
    for (const file of files) {
      const bound = summarizeFile(file);
      const text = summaryToJSON(bound);
      const back = summaryFromJSON(text);
      expect(JSON.stringify(back), file.path).toBe(unlocated(bound));
      for (const [name, binding] of Object.entries(back.scope)) {
        // The scope's binding is the last of the name's history (one record, as bind made it).
        if (bound.scope[name] === bound.history[name]?.at(-1)) expect(binding, `${file.path} ${name}`).toBe(back.history[name]!.at(-1));
      }
      if (text.length < JSON.stringify(bound).length) smaller++;
    }
    expect(smaller).toBeGreaterThan(files.length / 2);
  });

  it("a reference to no record read before it is an error, and an object of one `$ref` that is not a number is data", () => {
    expect(() => summaryFromJSON('{"scope": {"$ref": 5}}')).toThrow(RangeError);
    expect(summaryFromJSON('{"a": {"$ref": "x"}, "b": {"$ref": 0, "c": 1}}')).toEqual({ a: { $ref: "x" }, b: { $ref: 0, c: 1 } });
    const shared = summaryFromJSON('{"a": {"k": 1}, "b": {"$ref": 1}, "c": [{"$ref": 0}]}') as unknown as Record<string, unknown>;
    expect(shared["b"]).toBe(shared["a"]);
    expect((shared["c"] as unknown[])[0]).toBe(shared);
  });

  it("written without the spans of expressions, parameters and arguments; read back with one frozen empty array", () => {
    const dir = dirWith({ "m.py": "import os\n\nclass C(Base, metaclass=M):\n    def f(self, x: int = 1): ...\n\ndef g(): ...\n" });
    const bound = summarizeFile({ path: path.join(dir, "m.py"), module: "m", isPackage: false });
    const text = summaryToJSON(bound);
    // Kept: the binding of `os` (its span), the objects' positions. Left out: Base, M, self, x, int, 1.
    expect(text.match(/"span":\{"from"/g)?.length).toBe(1);
    expect(text.match(/"position":/g)?.length).toBe(bound.objects.length);
    expect(text).not.toContain('"text":"Base","span"');
    const back = summaryFromJSON(text);
    expect(back.scope["os"]?.span).toEqual(bound.scope["os"]?.span);
    const c = back.objects.find((o) => o.id === "m:C")!;
    expect(c.class!.bases).toEqual([{ kind: "Name", id: "Base", text: "Base" }]);
    expect(c.class!.keywords.map((k) => Object.keys(k))).toEqual([["name", "star", "value"]]);
    const f = back.objects.find((o) => o.id === "m:C.f")!;
    expect(f.function!.parameters).toEqual([
      { name: "self", kind: "POSITIONAL_OR_KEYWORD", annotation: null, default: null },
      { name: "x", kind: "POSITIONAL_OR_KEYWORD", annotation: { kind: "Name", id: "int", text: "int" }, default: { kind: "Constant", type: "int", value: "1", text: "1" } },
    ]);
    const g = back.objects.find((o) => o.id === "m:g")!;
    expect(g.decorators).toBe(f.decorators);
    expect(g.function!.parameters).toBe(c.conditions);
    expect(Object.isFrozen(g.decorators)).toBe(true);
    // Equal small leaf records are one record: `{yields: false, awaits: false}`, the `self` parameters.
    expect(g.function!.flags).toBe(f.function!.flags);
    const h = summaryFromJSON(summaryToJSON(summarizeFile({ path: path.join(dirWith({ "n.py": "class A:\n    def a(self): ...\n    def b(self, n=1): ...\n    def c(self, n='1'): ...\n    def d(self, n=1): ...\n" }), "n.py"), module: "n", isPackage: false })));
    const params = (id: string) => h.objects.find((o) => o.id === id)!.function!.parameters;
    expect(params("n:A.a")[0]).toBe(params("n:A.b")[0]);
    expect(params("n:A.b")[1]!.default).toBe(params("n:A.d")[1]!.default); // the Constant 1
    expect(params("n:A.b")[1]!.default).toEqual({ kind: "Constant", type: "int", value: "1", text: "1" });
    expect(params("n:A.c")[1]!.default).toEqual({ kind: "Constant", type: "str", value: "1", text: "'1'" });
  });

  it("read back from JSON keep prototype-free records (a class attribute named `constructor`)", () => {
    const dir = dirWith({ "proto.py": "class C:\n    constructor = 1\n    toString = 2\n" });
    const s = summaryFromJSON(summaryToJSON(summarizeFile({ path: path.join(dir, "proto.py"), module: "proto", isPackage: false })));
    expect(Object.getPrototypeOf(s.scope)).toBeNull();
    expect(Object.keys(s.classScopes["proto:C"]!)).toEqual(["constructor", "toString"]);
    expect(s.scope.hasOwnProperty).toBeUndefined();
  });
});
