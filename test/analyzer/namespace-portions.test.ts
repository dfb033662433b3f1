/**
 * Module names of namespace portions (folders without `__init__.py`) inside regular packages and at
 * the top of a search root (PEP 420): whichever path is analysed (the root, a package, a namespace
 * folder inside it, one file), each file gets the name python3 gives it when the fixture root is on
 * `sys.path`, checked by importing every name with python3 and comparing `__name__` and `__file__`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze, discover, moduleNameOf, packageNameOf } from "@static-inspect/analyzer";
import { runCli } from "../cli/helpers.ts";

const FILES: Record<string, string> = {
  "pkg/__init__.py": "X = 1\n",
  "pkg/sub/a.py": "from .. import X\nfrom . import b\nclass A(b.B): pass\n",
  "pkg/sub/b.py": "class B: pass\n",
  "pkg/sub/deep/d.py": "from ... import X\nfrom ..b import B\nclass D(B): pass\n",
  "pkg/sub/deep/reg/__init__.py": "from ....sub.a import A\nclass R(A): pass\n",
  "pkg/sub/deep/reg/leaf.py": "from . import R\nclass L(R): pass\n",
  "ns/m1.py": "from . import m2\nclass M(m2.Base): pass\n",
  "ns/m2.py": "class Base: pass\n",
  "ns/inner/i.py": "from .. import m1\nclass I(m1.M): pass\n",
  "top.py": "import pkg.sub.a\n",
};

let root: string;
beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "si-nsportion-")));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
});

/** What python3 says each name is when `root` is on sys.path: `[name, __name__, __file__ relative to root]`. */
function pythonNames(names: readonly string[]): [string, string, string][] {
  const script = `
import importlib, json, os, sys
root = sys.argv[1]
sys.path.insert(0, root)
out = []
for name in json.load(sys.stdin):
    m = importlib.import_module(name)
    out.append([name, m.__name__, os.path.relpath(m.__file__, root).replace(os.sep, "/")])
print(json.dumps(out))
`;
  const r = spawnSync("python3", ["-B", "-c", script, root], { input: JSON.stringify(names), encoding: "utf8", cwd: tmpdir() });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as [string, string, string][];
}

const named = (paths: string[]) => discover(paths).map((f) => [f.module, path.relative(root, f.path).split(path.sep).join("/")] as const);

describe("namespace portions", () => {
  it("names folders inside a package by the package, and folders outside any package not at all", () => {
    expect(packageNameOf(path.join(root, "pkg"))).toBe("pkg");
    expect(packageNameOf(path.join(root, "pkg/sub"))).toBe("pkg.sub");
    expect(packageNameOf(path.join(root, "pkg/sub/deep/reg"))).toBe("pkg.sub.deep.reg");
    expect(packageNameOf(path.join(root, "ns"))).toBeNull();
    expect(packageNameOf(root)).toBeNull();
    expect(moduleNameOf(path.join(root, "pkg/sub/deep/d.py"))).toEqual({ module: "pkg.sub.deep.d", isPackage: false });
    expect(moduleNameOf(path.join(root, "ns/m1.py"))).toEqual({ module: "m1", isPackage: false });
  });

  it("gives every file the name python3 imports it by, whichever path is analysed", () => {
    const whole = named([root]);
    expect(whole.map(([m]) => m)).toEqual(["ns.inner.i", "ns.m1", "ns.m2", "pkg", "pkg.sub.a", "pkg.sub.b", "pkg.sub.deep.d", "pkg.sub.deep.reg", "pkg.sub.deep.reg.leaf", "top"]);
    expect(pythonNames(whole.map(([m]) => m))).toEqual(whole.map(([m, rel]) => [m, m, rel]));
    const inPackage = whole.filter(([m]) => m.startsWith("pkg"));
    expect(named([path.join(root, "pkg")])).toEqual(inPackage);
    expect(named([path.join(root, "pkg/sub")])).toEqual(inPackage.filter(([m]) => m.startsWith("pkg.sub.")));
    expect(named([path.join(root, "pkg/sub/deep/d.py"), path.join(root, "pkg/sub/deep/reg")])).toEqual(inPackage.filter(([m]) => m.startsWith("pkg.sub.deep.")));
  });

  it.each([["."], ["pkg"], ["pkg/sub"]])("resolves relative imports and bases when %s is analysed: no relative-import-beyond-top, no dangling MRO ids", async (given) => {
    const program = await analyze({ paths: [path.join(root, given)], searchPaths: [] });
    const codes = program.diagnostics.map((d) => `${d.code} ${path.relative(root, d.path ?? "")}`);
    expect(codes).toEqual([]);
    const classes = program.emitted.flatMap((m) => m.objects).filter((o) => o.kind === "class").map((o) => o.id);
    expect(classes.length).toBeGreaterThan(0);
    for (const id of classes) {
      const mro = program.getmro(id);
      expect(mro, id).not.toBeNull();
      for (const base of mro!) if (!base.startsWith("builtins:")) expect(program.object(base), `${id} → ${base}`).not.toBeNull();
    }
    const mro = (id: string) => program.getmro(id);
    if (given !== "pkg/sub") expect(mro("pkg.sub.deep.reg.leaf:L")).toEqual(["pkg.sub.deep.reg.leaf:L", "pkg.sub.deep.reg:R", "pkg.sub.a:A", "pkg.sub.b:B", "builtins:object"]);
    else expect(mro("pkg.sub.deep.d:D")).toEqual(["pkg.sub.deep.d:D", "pkg.sub.b:B", "builtins:object"]);
    if (given === ".") expect(mro("ns.inner.i:I")).toEqual(["ns.inner.i:I", "ns.m1:M", "ns.m2:Base", "builtins:object"]);
  });

  it("lets `inspect` find a module of a namespace portion from the folder or file given, as python -m inspect does from the root", async () => {
    for (const [target, given] of [["pkg.sub.a:A", "pkg/sub"], ["pkg.sub.deep.reg.leaf:L", "pkg/sub/deep/reg/leaf.py"]] as const) {
      const python = spawnSync("python3", ["-B", "-m", "inspect", target], { cwd: root, encoding: "utf8" });
      expect(python.status, python.stderr).toBe(0);
      const ours = await runCli(["inspect", target, path.join(root, given), "--no-python-search-path"]);
      expect([ours.code, ours.stdout]).toEqual([0, python.stdout]);
    }
  });
});
