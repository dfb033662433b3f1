/**
 * The link pass is a pass: a program's diagnostics are fixed when `analyze` returns, whichever
 * queries run afterwards and in whatever order, and every query answers the same each time.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { globSync } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { analyze, type Program } from "@static-inspect/analyzer";
import { buildBundle } from "@static-inspect/emit";

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "si-link-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const codes = (p: Program) => p.diagnostics.map((d) => `${path.basename(d.path)} ${d.code} ${d.message}`);

/** Every query of the API for one id, as plain data. */
function ask(p: Program, id: string) {
  return {
    signature: p.signature(id),
    overloads: p.overloads(id),
    doc: p.getdoc(id),
    rawDoc: p.rawDoc(id),
    comments: p.getcomments(id),
    sourcelines: p.getsourcelines(id),
    predicates: p.predicates(id),
    codeFlags: p.codeFlags(id),
    wrapped: p.wrapped(id),
    mro: p.getmro(id),
    bases: p.bases(id),
    metaclass: p.metaclass(id),
    members: p.getmembers_static(id),
    namespace: p.namespace(id),
    annotations: p.get_annotations(id),
    init: p.getattr_static(id, "__init__"),
    abstract: p.isAbstract(id),
  };
}

describe("the link pass", () => {
  it("reports a metaclass's unresolved base in a search-path module before any query, and never again", async () => {
    const searched = tree({ "metamod.py": "from nowhere import Missing\n\nclass Meta(Missing, type):\n    pass\n" });
    const given = tree({ "mod.py": "from metamod import Meta\n\nclass C(metaclass=Meta):\n    def f(self): ...\n" });
    const program = await analyze({ paths: [path.join(given, "mod.py")], searchPaths: [searched] });
    const before = codes(program);
    expect(before).toEqual(["metamod.py unresolved-base cannot resolve base class 'Missing' of Meta"]);
    const bundle = buildBundle(program);
    expect(codes(program)).toEqual(before);
    expect(bundle.diagnostics.map((d) => `${path.basename(d.path)} ${d.code} ${d.message}`)).toEqual(before);
    // Asking about objects outside the given modules adds nothing either.
    expect(program.getmro("metamod:Meta")).toBeNull();
    expect(codes(program)).toEqual(before);
  });

  it("reports progress: each file bound, then each module linked", async () => {
    const dir = tree({ "a.py": "x = 1\n", "b.py": "import a\n", "c.py": "class C: pass\n" });
    const seen: string[] = [];
    await analyze({ paths: [dir], onProgress: (p) => seen.push(`${p.phase} ${p.done}/${p.total}`) });
    expect(seen).toEqual(["bind 1/3", "bind 2/3", "bind 3/3", "link 1/3", "link 2/3", "link 3/3"]);
  });

  it("tells a cycle of imports from a chain of aliases that is only long", async () => {
    const cyclic = tree({ "a.py": "from b import x\n", "b.py": "from a import x\n" });
    const p1 = await analyze({ paths: [cyclic] });
    expect(p1.diagnostics.map((d) => `${path.basename(d.path)} ${d.code}`).sort()).toEqual(["a.py alias-cycle", "b.py alias-cycle"]);
    const lines = ["a0 = len", ...Array.from({ length: 30 }, (_, i) => `a${i + 1} = a${i}`)];
    const long = tree({ "chain.py": lines.join("\n") + "\n" });
    const p2 = await analyze({ paths: [long] });
    const found = p2.diagnostics.map((d) => d.code);
    expect(new Set(found)).toEqual(new Set(["alias-chain-too-long"]));
    expect(p2.diagnostics[0]!.message).toBe("cannot resolve 'a20': its chain of aliases and imports is longer than 40 steps");
  });

  it("answers every query the same twice and in reverse order, with the same diagnostics (all fixtures)", async () => {
    const fixtures = path.resolve(import.meta.dirname, "../fixtures");
    const inputs = globSync(["**/input.py"], { cwd: fixtures, absolute: true }).sort();
    expect(inputs.length).toBeGreaterThan(30);
    for (const input of inputs) {
      const program = await analyze({ paths: [input] });
      const diagnostics = codes(program);
      const ids = program.emitted.flatMap((s) => s.objects.map((o) => o.id));
      const first = ids.map((id) => ask(program, id));
      const second = [...ids].reverse().map((id) => ask(program, id)).reverse();
      expect(second, input).toEqual(first);
      expect(codes(program), input).toEqual(diagnostics);
      // A fresh program asked in reverse order from the start agrees too.
      const fresh = await analyze({ paths: [input] });
      expect([...ids].reverse().map((id) => ask(fresh, id)).reverse(), input).toEqual(first);
    }
  });
});
