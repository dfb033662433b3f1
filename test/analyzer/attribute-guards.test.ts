/**
 * Guards link decides from another module's static namespace: `if hasattr(m, "a"):` (and
 * `"a" in dir(m)`, with `not`/`and`/`or`), and `try: from m import a` / `except ImportError:` when
 * `m` is found but defines no `a`. Exact choices, checked against python3 running the same modules.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze, type Program } from "@static-inspect/analyzer";

const python = spawnSync("python3", ["--version"]).status === 0;

const FILES: Record<string, string> = {
  "lib.py": "A = 1\ndef f(): pass\nif False:\n    Z = 1\n",
  "dyn.py": "globals().update({'G': 1})\n",
  "star.py": "from lib import *\n",
  "abc_like.py": "from star import *\n__all__ = ['f']\n",
  "pkg/__init__.py": "",
  "pkg/sub.py": "",
  "m.py": `import sys, lib, dyn, abc_like
try:
    from star import A as _SA
except ImportError:
    class U: "no A via star"
else:
    class U: "A via star"
if hasattr(abc_like, "A") and "f" in dir(abc_like):
    class V: "A via two stars"
else:
    class V: "no A"
try:
    from lib import B
except ImportError:
    class K: "no B"
else:
    class K: "B"
try:
    from lib import A as _A, f
except ImportError:
    class L: "no A or f"
else:
    class L: "A and f"
if hasattr(lib, "A"):
    class C: "has A"
else:
    class C: "no A"
if not hasattr(lib, "A") or not hasattr(lib, "Missing"):
    class D: "one missing"
else:
    class D: "both"
if "f" in dir(lib):
    class E: "f listed"
elif hasattr(lib, "Z"):
    class E: "Z"
else:
    class E: "neither"
if hasattr(sys, "getwindowsversion"):
    class W: "windows"
else:
    class W: "not windows"
try:
    from pkg import sub
except ImportError:
    class S: "no sub"
else:
    class S: "sub"
try:
    from dyn import G
except ImportError:
    class T: "no G"
else:
    class T: "G"
`,
};
const CLASSES = ["U", "V", "K", "L", "C", "D", "E", "W", "S", "T"];

let dir: string;
let program: Program;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "attr-guards-"));
  mkdirSync(path.join(dir, "pkg"));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(dir, name), text);
  program = await analyze({ paths: [path.join(dir, "m.py")], searchPaths: [dir] });
});

const docs = () => CLASSES.map((c) => program.object(`m:${c}`)?.docstring ?? null);

describe("guards decided from another module's namespace", () => {
  it("takes the branch each test or import gives on the target", () => {
    expect(docs()).toEqual(["A via star", "A via two stars", "no B", "A and f", "has A", "one missing", "f listed", "not windows", "sub", "G"]);
    // each decided choice leaves the other branch out of effect ...
    expect(program.alternatives("m:C").map((a) => a.in_effect)).toEqual([false]);
    expect(program.alternatives("m:K").map((a) => a.in_effect)).toEqual([false]);
    // ... but a module that writes globals() may define anything: both stay possible.
    expect(program.alternatives("m:T").map((a) => a.in_effect)).toEqual([null]);
  });

  it.skipIf(!python)("agrees with python3 importing the same modules", () => {
    const r = spawnSync("python3", ["-c", `import sys, json; sys.path.insert(0, sys.argv[1]); import m; print(json.dumps([getattr(m, c).__doc__ for c in ${JSON.stringify(CLASSES)}]))`, dir], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(docs()).toEqual(JSON.parse(r.stdout));
  });
});
