/**
 * inspect.formatannotation of annotations the analyzer reads: the arguments of typing aliases
 * (ForwardRef, NoneType) against those of types.GenericAlias (strings and None kept), the
 * `typing.` prefix stripped only for objects of module typing, and `|` as typing.Union or
 * types.UnionType by its operands; the classes `types` makes with `type(x)`, and the `__bases__` a
 * TypedDict's metaclass gives its subclasses; exact values, and checked against python3 on the same
 * source.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze, type Program } from "@static-inspect/analyzer";
import { pythonSearchPath } from "../../tools/conformance/bind-main.ts";

const python = spawnSync("python3", ["--version"]).status === 0;

const SOURCE = `
import types, typing
from typing import Any, Generic, Optional, TypeVar, Union
from collections.abc import Callable, Sequence
T = TypeVar("T")
class Box(Generic[T]): pass
class Seq(Sequence[T]): pass
def f(
    a: Seq["Node"],
    b: Union[Seq["Node"], None],
    c: Callable[["Node"], bool],
    d: typing.Callable[["Node"], bool],
    e: list["Node"],
    f: Box[Any],
    g: Union[Box[Any], int],
    h: T | None,
    i: T | int,
    j: Box[int] | None,
    k: Union[int | str, None],
    l: dict[str, "Node"],
    m: list[None],
    n: Optional[Box["Node"]],
) -> Box["Node"]: pass
def _h(): pass
HType = type(_h)
def g(f: HType, a: types.ModuleType, b: types.FunctionType, c: types.BuiltinFunctionType, d: types.NoneType, e: types.EllipsisType | None) -> types.MethodType: pass
class Mod(types.ModuleType): pass
class TD(typing.TypedDict):
    x: int
class TDChild(TD, total=False):
    y: str
class TDGrandChild(TDChild): pass
`;

let program: Program;
beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "fmtann-"));
  writeFileSync(path.join(dir, "m.py"), SOURCE);
  program = await analyze({ paths: [path.join(dir, "m.py")], searchPaths: python ? pythonSearchPath() : [] });
});

const ours = (name = "f") => {
  const sig = program.signature(`m:${name}`)!;
  return [...sig.parameters.map((p) => [p.name, p.annotation?.rendered ?? null]), ["return", sig.return_annotation?.rendered ?? null]];
};

describe.skipIf(!python)("formatannotation", () => {
  it("renders each argument as the alias that holds it prints it", () => {
    expect(ours()).toEqual([
      ["a", "m.Seq['Node']"],
      ["b", "Optional[m.Seq['Node']]"],
      ["c", "collections.abc.Callable[['Node'], bool]"],
      ["d", "Callable[[ForwardRef('Node')], bool]"],
      ["e", "list['Node']"],
      ["f", "m.Box[typing.Any]"],
      ["g", "Union[m.Box[Any], int]"],
      ["h", "Optional[~T]"],
      ["i", "Union[~T, int]"],
      ["j", "Optional[m.Box[int]]"],
      ["k", "Union[int, str, NoneType]"],
      ["l", "dict[str, 'Node']"],
      ["m", "list[None]"],
      ["n", "Optional[m.Box[ForwardRef('Node')]]"],
      ["return", "m.Box[ForwardRef('Node')]"],
    ]);
  });

  it("knows the classes types.py makes with type(x) of a module, a def, a C function, None and Ellipsis", () => {
    // MethodType is type(_C()._m), the type of an instance's attribute, and FunctionType the type of
    // a def types.py deletes again (`del _f`): not known.
    expect(ours("g")).toEqual([
      ["f", "function"],
      ["a", "module"],
      ["b", null],
      ["c", "builtin_function_or_method"],
      ["d", "NoneType"],
      ["e", "ellipsis | None"],
      ["return", null],
    ]);
    expect(program.dunderBases("m:Mod")).toEqual(["builtins:module"]);
  });

  it("gives a TypedDict's subclasses the bases (dict,) its metaclass sets, as python3 does", () => {
    const names = ["TD", "TDChild", "TDGrandChild", "Mod"];
    const r = spawnSync("python3", ["-c", `import json, sys, types\nm = types.ModuleType("m"); sys.modules["m"] = m\nexec(sys.stdin.read(), m.__dict__)\nprint(json.dumps([[f"{b.__module__}:{b.__qualname__}" for b in getattr(m, n).__bases__] for n in ${JSON.stringify(names)}]))`], { input: SOURCE, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([["builtins:dict"], ["builtins:dict"], ["builtins:dict"], ["builtins:module"]]);
    expect(names.map((n) => program.dunderBases(`m:${n}`))).toEqual(JSON.parse(r.stdout));
    expect(program.getmro("m:TDGrandChild")).toEqual(["m:TDGrandChild", "builtins:dict", "builtins:object"]);
  });

  it("agrees with python3's inspect.formatannotation", () => {
    const script = `
import inspect, json, sys, types
m = types.ModuleType("m"); sys.modules["m"] = m
exec(${JSON.stringify(SOURCE)}, m.__dict__)
sig = inspect.signature(m.f)
out = [[p.name, inspect.formatannotation(p.annotation)] for p in sig.parameters.values()]
out.append(["return", inspect.formatannotation(sig.return_annotation)])
print(json.dumps(out))
`;
    const r = spawnSync("python3", ["-c", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(ours()).toEqual(JSON.parse(r.stdout));
  });
});
