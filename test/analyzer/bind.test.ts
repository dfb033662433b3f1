/**
 * bind, one module at a time: what the summary records (objects, bindings, guards, `__all__`),
 * checked on small sources. Kinds and qualnames are the ones CPython gives (`__qualname__`, and the
 * descriptor type a class attribute holds).
 */
import { describe, expect, it } from "vitest";
import { parse } from "@static-inspect/parser";
import { bind } from "@static-inspect/analyzer/unstable";

const summary = (source: string, name = "m", isPackage = false) =>
  bind(parse(source, { path: `${name}.py` }), { name, isPackage, bytes: new TextEncoder().encode(source) });

const objects = (source: string) => summary(source).objects.map((o) => `${o.id} ${o.kind}`);

describe("bind", () => {
  it("names objects by PEP 3155 qualname, <locals> included, with kinds from decorators", () => {
    expect(
      objects(`def f():
    def g(): pass
class C:
    @property
    def p(self): pass
    @staticmethod
    def s(): pass
    @classmethod
    def c(cls): pass
    def __new__(cls): pass
    def __init_subclass__(cls): pass
    x: int = 1
`),
    ).toEqual([
      "m module",
      "m:C class",
      "m:C.__init_subclass__ classmethod",
      "m:C.__new__ staticmethod",
      "m:C.c classmethod",
      "m:C.p property",
      "m:C.s staticmethod",
      "m:C.x attribute",
      "m:f function",
      "m:f.<locals>.g function",
    ]);
  });

  it("records a class namespace in binding order, private names mangled, __doc__ always", () => {
    const s = summary("class _Klass:\n    __secret = 1\n    def __dunder__(self): pass\n    y = 2\n");
    expect(s.objects.find((o) => o.id === "m:_Klass")!.class!.namespace).toEqual(["__module__", "_Klass__secret", "__dunder__", "y", "__doc__"]);
  });

  it("binds imports by what they bind: `import a.b` binds a, relative imports resolve against the package", () => {
    const s = summary("import a.b\nimport c.d as e\nfrom . import sib\nfrom ..up import thing as t\nfrom x import *\n", "pkg.sub.mod");
    const b = (n: string) => ({ kind: s.scope[n]!.kind, target: s.scope[n]!.target, name: s.scope[n]!.name });
    expect(b("a")).toEqual({ kind: "import", target: "a", name: undefined });
    expect(b("e")).toEqual({ kind: "import", target: "c.d", name: undefined });
    expect(b("sib")).toEqual({ kind: "importFrom", target: "pkg.sub", name: "sib" });
    expect(b("t")).toEqual({ kind: "importFrom", target: "pkg.up", name: "thing" });
    expect(s.starImports.map((b) => [b.kind, b.target, b.line])).toEqual([["starImport", "x", 5]]);
    expect(Object.keys(s.scope)).toEqual(["a", "e", "sib", "t"]);
  });

  it("reports a relative import beyond the top-level package", () => {
    expect(summary("from .. import x\n", "top").diagnostics.map((d) => [d.code, d.span?.line])).toEqual([["relative-import-beyond-top", 1]]);
  });

  it("records an import guard with both branches, each under its literal, and the else under success", () => {
    const s = summary("try:\n    import fast\n    from fast import op\nexcept ImportError:\n    def op(): pass\nelse:\n    HAVE = True\n");
    expect(s.guards).toEqual([{ modules: ["fast", "fast"], names: [{ module: "fast", name: "op" }] }]);
    expect(s.history.op!.map((b) => [b.kind, b.when])).toEqual([
      ["importFrom", [{ guard: 0, succeeds: true }]],
      ["definition", [{ guard: 0, succeeds: false }]],
    ]);
    expect(s.history.HAVE!.map((b) => b.when)).toEqual([[{ guard: 0, succeeds: true }]]);
    expect(s.objects.find((o) => o.id === "m:op")!.conditions).toEqual(["except ImportError"]);
  });

  it("splits an `if` on a guard-dependent name into the guard's branches", () => {
    const s = summary("try:\n    import nt\nexcept ImportError:\n    WIN = False\nelse:\n    WIN = True\nif WIN:\n    def f(): 'win'\nelse:\n    def f(): 'posix'\n");
    expect(s.objects.filter((o) => o.id === "m:f").map((o) => [o.docstring, o.when, o.conditions])).toEqual([
      ["win", [{ guard: 0, succeeds: true }], ["WIN"]],
      ["posix", [{ guard: 0, succeeds: false }], ["not (WIN)"]],
    ]);
  });

  it("makes an `if` on module attributes a guard whose branches link decides", () => {
    const s = summary(
      "import sys, typing as t\nif hasattr(t, 'ParamSpec'):\n    P = 1\nelif not hasattr(t, 'A') or 'B' not in dir(t):\n    P = 2\n" +
        "if hasattr(t, 'X') or hasattr(t, 'Y'):\n    Q = 1\nif sys.version_info >= (3, 0) and hasattr(sys, 'abiflags'):\n    R = 1\n",
    );
    expect(s.guards).toEqual([
      { modules: [], names: [{ module: "typing", name: "ParamSpec" }], test: "hasattr(t, 'ParamSpec')" },
      { modules: [], names: [{ module: "typing", name: "A" }, { module: "typing", name: "B" }], test: "not hasattr(t, 'A') or 'B' not in dir(t)" },
      { modules: [], names: [{ module: "sys", name: "abiflags" }], test: "sys.version_info >= (3, 0) and hasattr(sys, 'abiflags')" },
    ]);
    expect(s.history.P!.map((b) => b.when)).toEqual([
      [{ guard: 0, succeeds: true }],
      [{ guard: 0, succeeds: false }, { guard: 1, succeeds: false }],
    ]);
    // `X or Y` is not one guard's outcome: both sides bind, undecided.
    expect(s.history.Q!.map((b) => b.when)).toEqual([undefined]);
    expect(s.history.R!.map((b) => b.when)).toEqual([[{ guard: 2, succeeds: true }]]);
  });

  it("decides sys.hexversion comparisons that hold for every micro version of the target", () => {
    // 3.11 (the default target): 0x030B0000 <= sys.hexversion <= 0x030BFFFF.
    const s = summary(
      "import sys\nfrom sys import hexversion\nif hexversion < 0x03000000:\n    A = 1\nelse:\n    B = 1\nif sys.hexversion >= 0x030B0000:\n    C = 1\nif hexversion >= 0x030B07F0:\n    D = 1\n",
    );
    expect(Object.keys(s.scope).sort()).toEqual(["B", "C", "D", "hexversion", "sys"]);
    expect(s.objects.filter((o) => ["m:B", "m:C", "m:D"].includes(o.id)).map((o) => [o.id, o.undecided ?? false])).toEqual([
      ["m:B", false],
      ["m:C", false],
      ["m:D", true],
    ]);
  });

  it("binds only the branch the target takes for sys.platform, sys.version_info and TYPE_CHECKING", () => {
    const s = summary(
      "import sys\nfrom typing import TYPE_CHECKING\nif sys.platform == 'win32':\n    A = 1\nelse:\n    B = 1\nif sys.version_info >= (3, 12):\n    C = 1\nif TYPE_CHECKING:\n    from x import D\n",
    );
    expect(Object.keys(s.scope).sort()).toEqual(["B", "TYPE_CHECKING", "sys"]);
    expect(Object.keys(s.typeCheckingScope)).toEqual(["D"]);
  });

  it("keeps __all__ when it is a literal, and its steps for link otherwise", () => {
    expect(summary("__all__ = ['a']\n__all__ += ['b']\n__all__.append('c')\n").all).toEqual(["a", "b", "c"]);
    const built = summary("from x import *\nimport x\n__all__ = x.__all__ + ['y']\n");
    expect(built.all).toBeNull();
    expect(built.allOps.map((o) => o.op)).toEqual(["set"]);
    const guarded = summary("__all__ = ['a']\ntry:\n    import y\nexcept ImportError:\n    pass\nelse:\n    __all__.append('y')\n");
    expect(guarded.all).toBeNull();
    expect(guarded.allOps.map((o) => [o.op, o.when ?? null])).toEqual([
      ["set", null],
      ["append", [{ guard: 0, succeeds: true }]],
    ]);
  });

  it("makes the class a namedtuple call builds, with its generated __new__", () => {
    const s = summary("from collections import namedtuple\nPoint = namedtuple('Point', 'x y', defaults=(0,))\n");
    const cls = s.objects.find((o) => o.id === "m:Point")!;
    expect([cls.kind, cls.docstring, cls.class!.slots]).toEqual(["class", "Point(x, y)", []]);
    const nw = s.objects.find((o) => o.id === "m:Point.__new__")!;
    expect(nw.function!.parameters.map((p) => `${p.name}${p.default ? "=" + p.default.text : ""}`)).toEqual(["_cls", "x", "y=0"]);
  });

  it("uses a reassigned __name__ as __module__ of later definitions", () => {
    expect(summary("__name__ = 'pkg.public'\nclass C: pass\n").objects.map((o) => `${o.id} ${o.module} ${o.scope}`)).toEqual(["m m m", "pkg.public:C pkg.public m", "pkg.public:__name__ pkg.public m"]);
  });
});
