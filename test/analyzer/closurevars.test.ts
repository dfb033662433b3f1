/**
 * getclosurevars over a module the analyzer reads: the four parts exactly (names and the ids they
 * resolve to), then the names checked against python3's inspect.getclosurevars of the same module.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze, type ClosureVars, type Program } from "@static-inspect/analyzer";
import { pythonSearchPath } from "../../tools/conformance/bind-main.ts";

const SOURCE = `
import os
import functools
from json import dumps as jdumps
LIMIT = 10
def plain(path):
    return jdumps(os.sep, path)[:LIMIT] + str(len(path)) + missing
def outer(n):
    def helper(): pass
    def inner(x):
        return helper(n + x)
    return inner
class Base:
    def m(self): pass
class C(Base):
    def m(self):
        return super().m()
    @classmethod
    def make(cls):
        return cls.__name__, None, True
    @property
    def p(self): return 1
    @functools.lru_cache()
    def cached(self): return LIMIT
`;

let program: Program;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "closurevars-"));
  writeFileSync(path.join(dir, "cvmod.py"), SOURCE);
  program = await analyze({ paths: [path.join(dir, "cvmod.py")], searchPaths: pythonSearchPath() });
});

const names = (cv: ClosureVars | null) =>
  cv && { nonlocals: cv.nonlocals.map((v) => v.name), globals: cv.globals.map((v) => v.name), builtins: cv.builtins.map((v) => v.name), unbound: [...cv.unbound] };

/** Each id and the Python expression that reaches its object from the module. */
const OBJECTS: Record<string, string> = {
  plain: "cvmod.plain",
  outer: "cvmod.outer",
  "outer.<locals>.inner": "cvmod.outer(1)",
  "C.m": "cvmod.C.m",
  "C.make": "cvmod.C.make",
  "C.p": "cvmod.C.__dict__['p']",
  "C.cached": "cvmod.C.cached",
  C: "cvmod.C",
};
const IDS = Object.keys(OBJECTS);

describe("getclosurevars", () => {
  it("sorts co_names into globals, builtins and unbound, with what each resolves to", () => {
    expect(program.getclosurevars("cvmod:plain")).toEqual({
      nonlocals: [],
      globals: [
        { name: "jdumps", id: "json:dumps" },
        { name: "os", id: "os" },
        { name: "LIMIT", id: null },
      ],
      builtins: [
        { name: "str", id: "builtins:str" },
        { name: "len", id: "builtins:len" },
      ],
      unbound: ["missing", "sep"],
    });
  });

  it("gives nonlocals from co_freevars, with the nested def or the class a cell holds", () => {
    expect(program.getclosurevars("cvmod:outer.<locals>.inner")).toEqual({
      nonlocals: [
        { name: "helper", id: "cvmod:outer.<locals>.helper" },
        { name: "n", id: null },
      ],
      globals: [],
      builtins: [],
      unbound: [],
    });
    expect(program.getclosurevars("cvmod:C.m")).toEqual({
      nonlocals: [{ name: "__class__", id: "cvmod:C" }],
      globals: [],
      builtins: [{ name: "super", id: "builtins:super" }],
      unbound: ["m"],
    });
  });

  it("leaves out None, True and False; reads a classmethod's __func__; a module dunder is a global", () => {
    expect(program.getclosurevars("cvmod:C.make")).toEqual({ nonlocals: [], globals: [{ name: "__name__", id: null }], builtins: [], unbound: [] });
  });

  it("is null where CPython raises TypeError: a property, an lru_cache wrapper, a class", () => {
    expect(program.getclosurevars("cvmod:C.p")).toBeNull();
    expect(program.getclosurevars("cvmod:C.cached")).toBeNull();
    expect(program.getclosurevars("cvmod:C")).toBeNull();
  });

  it("agrees with python3's inspect.getclosurevars", () => {
    const script = `
import inspect, json, sys
sys.path.insert(0, ${JSON.stringify(dir)})
import cvmod
out = []
for expr in ${JSON.stringify(Object.values(OBJECTS))}:
    obj = eval(expr)
    try:
        cv = inspect.getclosurevars(obj)
    except TypeError:
        out.append(None); continue
    out.append({"nonlocals": list(cv.nonlocals), "globals": list(cv.globals), "builtins": list(cv.builtins), "unbound": sorted(cv.unbound)})
print(json.dumps(out))
`;
    const r = spawnSync("python3", ["-c", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(IDS.map((q) => names(program.getclosurevars(`cvmod:${q}`)))).toEqual(JSON.parse(r.stdout));
  });
});
