// Rules of CPython and the libraries that shape classes at run time, seen on third-party code (issue 10):
// each case is one module, analysed and run with python3, and the facts compared exactly.
// - a class body's `__module__ = "pkg"` (hypothesis' SearchStrategy): repr in annotations, getmodule;
// - a metaclass `__new__` setting `obj.x = …` on the class it makes (pygments' StyleMeta `_styles`);
// - `@dataclass(**SLOTS)` with `SLOTS = {"slots": True}` (annotated_types);
// - a dataclass field whose value is a helper returning `field(default_factory=…)` (libcst's `Node.field()`);
// - an Enum whose `__repr__` is `return str(self)` (libcst's MaybeSentinel);
// - `class C(Dict[K, V])`: typing's alias values as bases (prompt_toolkit's caches);
// - `class M(type(C))`: the metaclass of C (typing_extensions' _ProtocolMeta), a metaclass `__init__`
//   setting `cls.x`, and `__init_subclass__` setting `cls.__init__ = f` (typing_extensions' Protocol);
// - libcst's `@data_provider(cases)` under `BaseTestMeta` (the installed libcst, as the oracle imports it).
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
        if name == "NoSuchClass":
            obj.only_sometimes = True
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


Pairs = List[Dict[str, int]]


class Rows(Pairs):
    pass


class Base(metaclass=Meta):
    pass


class MetaOfBase(type(Base)):
    def __init__(cls, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cls.seen = True


def _no_init(self, *args, **kwargs):
    pass


class Proto(metaclass=MetaOfBase):
    def __init_subclass__(cls, *args, **kwargs):
        super().__init_subclass__(*args, **kwargs)
        cls.__init__ = _no_init


class Concrete(Proto):
    pass


from libcst.testing.utils import UnitTest, data_provider

CASES = [(1,), (2,)]


class Provided(UnitTest):
    @data_provider(((1,), (2,), (3,)))
    def test_tuple(self, n):
        pass

    @data_provider({"small": (1,), "big": (2,)})
    def test_dict(self, n):
        pass

    @data_provider(CASES)
    def test_named(self, n):
        pass

    def test_plain(self):
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
    "Cache": mro(m.Cache), "Lines": mro(m.Lines), "Rows": mro(m.Rows), "RowsBases": [f"{k.__module__}.{k.__qualname__}" for k in m.Rows.__bases__],
    "MetaOfBase": mro(m.MetaOfBase), "Concrete": sig(m.Concrete), "ConcreteDict": sorted(m.Concrete.__dict__),
    "Provided": sorted(m.Provided.__dict__),
}))
`;

let program: Program;
let python: Record<string, unknown>;
// the interpreter's sys.path: the stdlib and site-packages (libcst)
const searchPaths = JSON.parse(spawnSync("python3", ["-c", "import sys, json; print(json.dumps([p for p in sys.path if p]))"], { encoding: "utf8" }).stdout) as string[];

beforeAll(async () => {
  writeFileSync(path.join(temp, "m.py"), SOURCE);
  program = await analyze({ paths: [path.join(temp, "m.py")], searchPaths });
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

  it("a metaclass __new__ sets attributes on the class it makes, not on the metaclass (only those set on every call)", () => {
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
    // a name bound to a subscripted alias is read as that expression
    expect(dotted(program.getmro("m:Rows"))).toEqual(python.Rows);
    expect(dotted(program.dunderBases("m:Rows"))).toEqual(python.RowsBases);
  });

  it("type(C) as a base is C's metaclass; a metaclass __init__ and __init_subclass__ set attributes", () => {
    expect(dotted(program.getmro("m:MetaOfBase"))).toEqual(python.MetaOfBase);
    expect(program.signature("m:Concrete")?.text).toBe("(*args, **kwargs)");
    expect(program.signature("m:Concrete")?.text).toBe(python.Concrete);
    expect(sortedNamespace("m:Concrete")).toEqual(python.ConcreteDict);
  });

  it("libcst's data_provider methods become one method per case", () => {
    expect(sortedNamespace("m:Provided")).toEqual(python.Provided);
    expect(sortedNamespace("m:Provided").filter((n) => n.startsWith("test"))).toEqual([
      "test_dict__data_provider_big",
      "test_dict__data_provider_small",
      "test_named_0",
      "test_named_1",
      "test_plain",
      "test_tuple_0",
      "test_tuple_1",
      "test_tuple_2",
    ]);
  });
});
