/**
 * co_names and co_freevars of each def, as the parser computes them: exact values for each rule,
 * then the same snippets and a slice of the standard library compiled by python3.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse, type CodeNames, type Statement } from "@static-inspect/parser";
import { compareCodeNames, pythonFiles, stdlibDir } from "../../tools/conformance/codenames.ts";

/** `qualname` → code names of every def in `source`. */
function codeNames(source: string): Record<string, CodeNames | null> {
  const out: Record<string, CodeNames | null> = {};
  const walk = (body: readonly Statement[], prefix: string) => {
    for (const s of body) {
      if (s.kind === "FunctionDef") {
        out[prefix + s.name] = s.code;
        walk(s.body, `${prefix}${s.name}.<locals>.`);
      } else if (s.kind === "ClassDef") walk(s.body, `${prefix}${s.name}.`);
    }
  };
  walk(parse(source).syntax.body, "");
  return out;
}

const CASES: [string, string, Record<string, CodeNames>][] = [
  [
    "globals, attributes and builtins; locals and parameters left out",
    "def f(a, b=d.e):\n    x = a.real + g\n    return len(x.imag)\n",
    { f: { names: ["real", "g", "len", "imag"], freevars: [] } },
  ],
  [
    "imports: the module, each `as` component, each imported name; `from .` names \"\"",
    "def f():\n    import a.b.c as d\n    import e.f\n    from . import x\n    from .m import y as z\n    global G\n    import G\n",
    { f: { names: ["a.b.c", "b", "c", "e.f", "", "x", "m", "y", "G"], freevars: [] } },
  ],
  [
    "unreachable code is compiled; __debug__ is a constant",
    "def f():\n    if 0:\n        zz()\n    if __debug__:\n        pass\n    return\n    uu()\n",
    { f: { names: ["zz", "uu"], freevars: [] } },
  ],
  [
    "free variables through enclosing functions, not through class bodies",
    "def h():\n    x = 1\n    class K:\n        x = 2\n        def m(self):\n            return x\n    def i():\n        def j():\n            return x\n        return j\n    return K, i\n",
    { h: { names: [], freevars: [] }, "h.<locals>.K.m": { names: [], freevars: ["x"] }, "h.<locals>.i": { names: [], freevars: ["x"] }, "h.<locals>.i.<locals>.j": { names: [], freevars: ["x"] } },
  ],
  [
    "super() and private names in a class",
    "class C:\n    def m(self):\n        return super().m(__x, self.__y, self.__z__)\n    def n(self):\n        return [super() for i in r]\n",
    { "C.m": { names: ["super", "m", "_C__x", "_C__y", "__z__"], freevars: ["__class__"] }, "C.n": { names: ["r"], freevars: ["__class__"] } },
  ],
  [
    "comprehensions: only the first iterable is the function's; := binds in the function",
    "def f():\n    return [y.a for x in it.b if (y := x.c)], y\n",
    { f: { names: ["it", "b"], freevars: [] } },
  ],
  [
    "global and nonlocal declarations",
    "def f():\n    v = 0\n    def g():\n        nonlocal v\n        global w\n        v = w = 1\n    return g\n",
    { f: { names: [], freevars: [] }, "f.<locals>.g": { names: ["w"], freevars: ["v"] } },
  ],
  [
    "annotations: a nested def's are evaluated, a local `x: T`'s are not; an attribute target without a value loads only its object",
    "def f():\n    def g(a: A, *, k: K = kd) -> R: pass\n    x: T = 1\n    self.y: U\n",
    { f: { names: ["kd", "A", "K", "R", "self"], freevars: [] }, "f.<locals>.g": { names: [], freevars: [] } },
  ],
  [
    "order: the test of `a if t else b` first; `finally` again where `return` leaves it; `else` before the handlers",
    "def f():\n    try:\n        if x: return p if t else q\n    except E:\n        h()\n    else:\n        e()\n    finally:\n        fin()\n",
    { f: { names: ["x", "t", "p", "q", "fin", "e", "E", "h"], freevars: [] } },
  ],
  [
    "match: class patterns and value patterns load; captures bind",
    "def f(m):\n    match m:\n        case ast.Expr(value=v) | P(v) if v.ok:\n            return v\n        case Color.RED:\n            pass\n",
    { f: { names: ["ast", "Expr", "P", "ok", "Color", "RED"], freevars: [] } },
  ],
];

describe("code names of a def", () => {
  for (const [what, source, expected] of CASES) {
    it(what, () => {
      expect(codeNames(source)).toEqual(expected);
    });
  }

  it("is null for a def whose body has a syntax error", () => {
    expect(codeNames("def f():\n    x = (\n").f).toBeNull();
  });

  it("agrees with python3's compiler on every case above", () => {
    const script = `
import json, sys, types
out = []
for src in json.loads(sys.stdin.read()):
    recs = {}
    def walk(c):
        for k in c.co_consts:
            if isinstance(k, types.CodeType):
                if k.co_flags & 1 and not k.co_name.startswith("<"):
                    recs[k.co_qualname] = {"names": list(k.co_names), "freevars": list(k.co_freevars)}
                walk(k)
    walk(compile(src, "<case>", "exec"))
    out.append(recs)
print(json.dumps(out))
`;
    const r = spawnSync("python3", ["-c", script], { input: JSON.stringify(CASES.map((c) => c[1])), encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(CASES.map((c) => codeNames(c[1]))).toEqual(JSON.parse(r.stdout));
  });

  it("agrees with python3's compiler on the first 150 files of its standard library, order included", () => {
    const files = pythonFiles(stdlibDir()).slice(0, 150);
    const report = compareCodeNames(files);
    expect(report.functions).toBeGreaterThan(3000);
    expect(report.mismatches.slice(0, 5)).toEqual([]);
    expect(report.exact).toBe(report.functions);
  });
});
