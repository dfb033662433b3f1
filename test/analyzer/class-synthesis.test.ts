// Rules of CPython and the libraries that shape classes at run time, seen on third-party code (issue 10):
// each case is one module, analysed and run with python3, and the facts compared exactly.
// - a class body's `__module__ = "pkg"` (hypothesis' SearchStrategy): repr in annotations, getmodule;
// - a metaclass `__new__` setting `obj.x = …` on the class it makes (pygments' StyleMeta `_styles`);
// - `@dataclass(**SLOTS)` with `SLOTS = {"slots": True}` (annotated_types);
// - a dataclass field whose value is a helper returning `field(default_factory=…)` (libcst's `Node.field()`);
// - an Enum whose `__repr__` is `return str(self)` (libcst's MaybeSentinel);
// - `class C(Dict[K, V])`: typing's alias values as bases (prompt_toolkit's caches).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze, type Program } from "@static-inspect/analyzer";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-class-synthesis-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const SOURCE = `import dataclasses
import sys
from dataclasses import dataclass
from enum import Enum, auto
from typing import Dict, List, Generic, TypeVar, cast

K = TypeVar("K")
V = TypeVar("V")


class Public:
    __module__: str = "pkg.api"


def takes(x: Public) -> List[Public]:
    pass


class Meta(type):
    def __new__(mcs, name, bases, ns):
        obj = type.__new__(mcs, name, bases, ns)
        _registry = obj._registry = {}
        obj.made = True
        mcs.counter = 1
        return obj


class Styled(metaclass=Meta):
    pass


class Substyled(Styled):
    x = 1


if sys.version_info >= (3, 10):
    SLOTS = {"slots": True}
else:
    SLOTS = {}


@dataclass(frozen=True, **SLOTS)
class Ge:
    ge: int


class Node:
    @classmethod
    def field(cls, *args):
        return cast("Node", dataclasses.field(default_factory=lambda: cls(*args)))


@dataclass(frozen=True)
class Leaf(Node):
    value: str = ""


@dataclass(frozen=True)
class Pair:
    left: Leaf = Leaf.field("a")
    right: int = 0


class Sentinel(Enum):
    DEFAULT = auto()

    def __repr__(self) -> str:
        return str(self)


def uses(x: Sentinel = Sentinel.DEFAULT):
    pass


class Cache(Dict[K, V]):
    pass


class Lines(List[str], Generic[K]):
    pass
`;

/** What python3 says of the same module: signatures, `__module__`, sorted `__dict__` keys, `__mro__`. */
const PY = `
import inspect, json, m
sig = lambda o: str(inspect.signature(o))
mro = lambda c: [f"{k.__module__}.{k.__qualname__}" for k in c.__mro__]
print(json.dumps({
    "takes": sig(m.takes), "module": m.Public.__module__,
    "Styled": sorted(m.Styled.__dict__), "Substyled": sorted(m.Substyled.__dict__),
    "Ge": sig(m.Ge), "GeDict": sorted(m.Ge.__dict__),
    "Pair": sig(m.Pair), "PairDict": sorted(m.Pair.__dict__),
    "uses": sig(m.uses),
    "Cache": mro(m.Cache), "Lines": mro(m.Lines),
}))
`;

let program: Program;
let python: Record<string, unknown>;
const stdlib = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).stdout.trim();

beforeAll(async () => {
  writeFileSync(path.join(temp, "m.py"), SOURCE);
  program = await analyze({ paths: [path.join(temp, "m.py")], searchPaths: [stdlib] });
  const r = spawnSync("python3", ["-c", PY], { cwd: temp, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  python = JSON.parse(r.stdout) as Record<string, unknown>;
});

const dotted = (ids: readonly string[] | null) => ids?.map((c) => c.replace(":", ".")) ?? null;
const sortedNamespace = (id: string) => [...(program.namespace(id) ?? [])].sort();

describe("classes shaped at run time", () => {
  it("a class body's __module__ string is the class's __module__", () => {
    expect(program.signature("m:takes")?.text).toBe("(x: pkg.api.Public) -> List[pkg.api.Public]");
    expect(program.signature("m:takes")?.text).toBe(python.takes);
    expect(program.object("m:Public")?.module).toBe(python.module);
  });

  it("a metaclass __new__ sets attributes on the class it makes, not on the metaclass", () => {
    expect(sortedNamespace("m:Styled")).toEqual(python.Styled);
    expect(sortedNamespace("m:Substyled")).toEqual(python.Substyled);
    expect(sortedNamespace("m:Styled")).toContain("_registry");
    expect(sortedNamespace("m:Styled")).not.toContain("counter");
  });

  it("@dataclass(**NAME) reads the keywords of a dict display the module binds", () => {
    expect(program.signature("m:Ge")?.text).toBe(python.Ge);
    expect(sortedNamespace("m:Ge")).toEqual(python.GeDict);
  });

  it("a helper that returns field(default_factory=…) gives the field a factory", () => {
    expect(program.signature("m:Pair")?.text).toBe("(left: m.Leaf = <factory>, right: int = 0) -> None");
    expect(program.signature("m:Pair")?.text).toBe(python.Pair);
    expect(sortedNamespace("m:Pair")).toEqual(python.PairDict);
  });

  it("an Enum whose __repr__ returns str(self) shows members as Enum.__str__ does", () => {
    expect(program.signature("m:uses")?.text).toBe("(x: m.Sentinel = Sentinel.DEFAULT)");
    expect(program.signature("m:uses")?.text).toBe(python.uses);
  });

  it("typing's alias values (Dict, List) as subscripted bases give the builtin and Generic", () => {
    expect(dotted(program.getmro("m:Cache"))).toEqual(python.Cache);
    expect(dotted(program.getmro("m:Lines"))).toEqual(python.Lines);
  });
});
