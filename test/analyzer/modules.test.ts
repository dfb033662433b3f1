/**
 * inspect's module and file functions over a small package: getmodulename, getfile, getsourcefile,
 * getmodule, getmembers_static/getattr_static on a module, get_annotations(eval_str=True); exact
 * values, then the same answers from python3's inspect importing the package.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze, type Program } from "@static-inspect/analyzer";
import { pythonSearchPath } from "../../tools/conformance/bind-main.ts";

const INIT = `"""A package."""
from .sub import *
from . import sub
LIMIT: int = 3
`;
const SUB = `from __future__ import annotations
import contextlib
import typing
__all__ = ["Thing", "make", "scoped"]
class Thing:
    size: typing.Optional[int]
    def grow(self, by: int = 1) -> Thing: ...
    @property
    def area(self) -> float: return 0.0
def make(n: "list[int]", *rest: str) -> typing.List[Thing]: ...
@contextlib.contextmanager
def scoped(): yield
def _hidden(): pass
`;
const PLAIN = `import typing
def f(a: "typing.Optional[int]", b: int, c: "not an expression (") -> "Plain": ...
class Plain: ...
`;

let program: Program;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "modules-"));
  mkdirSync(path.join(dir, "mpkg"));
  writeFileSync(path.join(dir, "mpkg", "__init__.py"), INIT);
  writeFileSync(path.join(dir, "mpkg", "sub.py"), SUB);
  writeFileSync(path.join(dir, "plainmod.py"), PLAIN);
  program = await analyze({ paths: [path.join(dir, "mpkg"), path.join(dir, "plainmod.py")], searchPaths: pythonSearchPath() });
});

const IDS = ["mpkg", "mpkg.sub", "mpkg.sub:Thing", "mpkg.sub:Thing.grow", "mpkg.sub:Thing.area", "mpkg.sub:make", "mpkg.sub:scoped", "plainmod:f"];

const ours = () =>
  IDS.map((id) => ({
    getfile: program.getfile(id)?.replace(dir, "DIR") ?? null,
    getsourcefile: program.getsourcefile(id)?.replace(dir, "DIR") ?? null,
    getmodule: program.getmodule(id),
  }));

describe("module and file functions", () => {
  it("getmodulename strips the longest import suffix", () => {
    expect(["a/b/mod.py", "pkg/__init__.py", "x.pyc", "_ssl.cpython-311-x86_64-linux-gnu.so", "m.abi3.so", "README", "a.pyi", "dir.py/"].map((p) => program.getmodulename(p))).toEqual([
      "mod",
      "__init__",
      "x",
      "_ssl",
      "m",
      null,
      null,
      null,
    ]);
  });

  it("getfile, getsourcefile and getmodule of each kind of object", () => {
    const init = "DIR/mpkg/__init__.py";
    const sub = "DIR/mpkg/sub.py";
    expect(ours()).toEqual([
      { getfile: init, getsourcefile: init, getmodule: "mpkg" },
      { getfile: sub, getsourcefile: sub, getmodule: "mpkg.sub" },
      { getfile: sub, getsourcefile: sub, getmodule: "mpkg.sub" },
      { getfile: sub, getsourcefile: sub, getmodule: "mpkg.sub" },
      { getfile: null, getsourcefile: null, getmodule: null },
      { getfile: sub, getsourcefile: sub, getmodule: "mpkg.sub" },
      // contextmanager's functools.wraps helper: its code is contextlib's
      { getfile: expect.stringMatching(/contextlib\.py$/), getsourcefile: expect.stringMatching(/contextlib\.py$/), getmodule: "mpkg.sub" },
      { getfile: "DIR/plainmod.py", getsourcefile: "DIR/plainmod.py", getmodule: "plainmod" },
    ]);
  });

  it("getmembers_static and getattr_static of a module read its __dict__", () => {
    const names = program.getmembers_static("mpkg")!.map((m) => m.name);
    expect(names).toEqual(["LIMIT", "Thing", "__annotations__", "__builtins__", "__cached__", "__doc__", "__file__", "__loader__", "__name__", "__package__", "__path__", "__spec__", "make", "scoped", "sub"]);
    expect(program.getattr_static("mpkg", "make")).toEqual({ owner: "mpkg", id: "mpkg.sub:make" });
    expect(program.getattr_static("mpkg", "_hidden")).toBeNull();
  });

  it("get_annotations(eval_str=True) evaluates string annotations (once: a string under the future import stays a string)", () => {
    expect(program.get_annotations("mpkg.sub:make", { eval_str: true })).toEqual({ n: "'list[int]'", rest: "str", return: "List[mpkg.sub.Thing]" });
    expect(program.get_annotations("mpkg.sub:make")).toEqual({ n: "\"'list[int]'\"", rest: "'str'", return: "'typing.List[Thing]'" });
    expect(program.get_annotations("plainmod:f", { eval_str: true })).toEqual({ a: "Optional[int]", b: "int", c: null, return: "plainmod.Plain" });
  });

  it("agrees with python3's inspect", () => {
    const script = `
import inspect, json, sys
sys.path.insert(0, ${JSON.stringify(dir)})
import mpkg, mpkg.sub, plainmod
objs = [mpkg, mpkg.sub, mpkg.sub.Thing, mpkg.sub.Thing.grow, mpkg.sub.Thing.__dict__["area"], mpkg.sub.make, mpkg.sub.scoped, plainmod.f]
def safe(fn):
    try:
        v = fn()
    except TypeError:
        return None
    return v
d = ${JSON.stringify(dir)}
out = {"files": [], "members": [n for n, _ in inspect.getmembers_static(mpkg)], "paths": []}
for o in objs:
    m = inspect.getmodule(o)
    out["files"].append({"getfile": (lambda f: f and (f.replace(d, "DIR") if f.startswith(d) else f))(safe(lambda: inspect.getfile(o))),
                         "getsourcefile": (lambda f: f and (f.replace(d, "DIR") if f.startswith(d) else f))(safe(lambda: inspect.getsourcefile(o))),
                         "getmodule": m.__name__ if m else None})
out["paths"] = [inspect.getmodulename(p) for p in ["a/b/mod.py", "pkg/__init__.py", "x.pyc", "_ssl.cpython-311-x86_64-linux-gnu.so", "m.abi3.so", "README", "a.pyi", "dir.py/"]]
ann = inspect.get_annotations(mpkg.sub.make, eval_str=True)
out["make"] = {k: inspect.formatannotation(v) for k, v in ann.items()}
print(json.dumps(out))
`;
    const r = spawnSync("python3", ["-c", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    const py = JSON.parse(r.stdout) as { files: unknown[]; members: string[]; paths: (string | null)[]; make: Record<string, string> };
    expect(ours()).toEqual(py.files);
    expect(program.getmembers_static("mpkg")!.map((m) => m.name)).toEqual(py.members);
    expect(["a/b/mod.py", "pkg/__init__.py", "x.pyc", "_ssl.cpython-311-x86_64-linux-gnu.so", "m.abi3.so", "README", "a.pyi", "dir.py/"].map((p) => program.getmodulename(p))).toEqual(py.paths);
    expect(program.get_annotations("mpkg.sub:make", { eval_str: true })).toEqual(py.make);
  });
});
