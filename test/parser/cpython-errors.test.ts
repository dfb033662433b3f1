// Syntax errors as CPython reports them: each snippet is compiled by python3 (3.11, the default
// target) and parsed by us; our first error must have CPython's message, line and column
// (CPython's 1-based offset minus one), and valid snippets must get no error at all.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse } from "../../packages/parser/src/index.ts";

/** Invalid under 3.11: compared with python3 on message, line and column. */
const invalid: Record<string, string[]> = {
  "TabError and inconsistent dedent": [
    "if 1:\n\tx=1\n        y=2\n",
    "if 1:\n        x=1\n\ty=2\n",
    "def f():\n\tif x:\n\t\ty\n        z\n",
    "if 1:\n\tx\n    \ty\n",
    "if 1:\n    x=1\n  y=2\n",
    "x = 1\n  y = 2\n",
    "  x = 1\n",
  ],
  "Python 2 print and exec statements": [
    "print x\n",
    "print 'a', x\n",
    "print x,\n",
    "print f(x)\n",
    "print 'x' % y\n",
    "if x:\n    print x\n",
    "x = print y\n",
    "exec code\n",
    "exec 'x'\n",
    "exec x in d, e\n",
  ],
  "except E, e": [
    "try:\n  pass\nexcept E, e:\n  pass\n",
    "try:\n  pass\nexcept (E, F), e:\n  pass\n",
    "try:\n    pass\nexcept E, F as e:\n    pass\n",
    "try:\n    pass\nexcept* E, e:\n    pass\n",
  ],
  "numeric literals": ["x = 0777\n", "x = 09\n", "x=0_7\n", "x = 0b2\n", "x = 0o8\n", "x = 1__0\n", "x = 1_\n", "x = 0x\n"],
  "3.12 syntax under a 3.11 target": [
    "type X = int\n",
    "type X[T] = list[T]\n",
    "def f[T](): pass\n",
    "async def f[T](): pass\n",
    "class C[T]: pass\n",
    "class C[T](Base): pass\n",
    "x = f'{f'{x}'}'\n",
    'x = f"{x["a"]}"\n',
    "x = f'{\"\\n\"}'\n",
    "x = f'a' f'{\"\\t\"}'\n",
    "x = f'''{x # c\n}'''\n",
    "x = f'{x\n}'\n",
    "x = f'{x:{y:{z}}}'\n",
  ],
  "__future__ imports": [
    "from __future__ import braces\n",
    "from __future__ import spam, eggs\n",
    "import os\nfrom __future__ import annotations\n",
    "def f():\n    from __future__ import annotations\n",
  ],
  "invalid characters": ["x = 1 € 2\n", "x€ = 1\n", "def f(a€): pass\n", "x = 1\u00a0+ 2\n"],
};

/** Valid under 3.11: no error from us (python3 checks they are valid). */
const valid = [
  "lambda a,: 0\n",
  "print\n",
  "print >>f, x\n",
  "print -1\n",
  "exec -1\n",
  "exec(code)\n",
  "type = 1\n",
  "type(x)\n",
  "x = 00\n",
  "x = 0_0\n",
  "x = 0777j\n",
  "x = 0777.\n",
  "x = 0777e1\n",
  "x = 0x_1f\n",
  '"""doc"""\nfrom __future__ import annotations\nfrom __future__ import division\n',
  "from __future__ import annotations as a, division\n",
  "x = f'{x:{y}}'\n",
  "x = f'{x!r:\\n}'\n",
  "x = f'''{x\n}'''\n",
  'x = rf"\\{x}" fr"\\{{x}}"\n',
  "x = f'{x!r}' f'{y:{{}}}'\n",
  "if 1:\n\tx = 1\n\tif 2:\n\t\ty = 2\nz = 3\n",
  "if 1:\n        x = (1,\n\t2)\n        y = '''\n\t'''\n",
  "x = 1 \\\n  + 2\n",
  "ℌ = 1\n",
];

/** CPython's verdict on each source: "OK" or `line offset message`. */
function cpython(sources: readonly string[]): string[] {
  const code = [
    "import json, sys",
    "for src in json.load(sys.stdin):",
    "    try:",
    "        compile(src, '<s>', 'exec', dont_inherit=True); print('OK')",
    "    except SyntaxError as e: print(e.lineno, e.offset, e.msg)",
  ].join("\n");
  return execFileSync("python3", ["-c", code], { input: JSON.stringify(sources), encoding: "utf8" }).trimEnd().split("\n");
}

function ours(src: string, target?: string): string {
  const d = parse(src, target ? { target } : {}).diagnostics.find((x) => x.severity === "error");
  return d ? `${d.span?.line} ${d.span ? d.span.column + 1 : "-"} ${d.message}` : "OK";
}

const invalidSources = Object.values(invalid).flat();
const verdicts = cpython([...invalidSources, ...valid]);
const expected = new Map([...invalidSources, ...valid].map((s, i) => [s, verdicts[i]!]));

describe("syntax errors with CPython 3.11's message and position", () => {
  for (const [group, sources] of Object.entries(invalid)) {
    describe(group, () => {
      it.each(sources.map((s) => [s]))("%j", (src) => {
        expect(expected.get(src)).not.toBe("OK");
        expect(ours(src)).toBe(expected.get(src));
      });
    });
  }
});

describe("valid code gets no syntax error", () => {
  it.each(valid.map((s) => [s]))("%j", (src) => {
    expect(expected.get(src)).toBe("OK");
    expect(ours(src)).toBe("OK");
  });
});

describe("the target version", () => {
  it("accepts PEP 695 and PEP 701 syntax for a 3.12 target", () => {
    for (const src of ["type X = int\n", "def f[T](): pass\n", "class C[T]: pass\n", "x = f'{f'{x}'}'\n", "x = f'{\"\\n\"}'\n", "x = f'{x:{y:{z}}}'\n"]) {
      expect(ours(src, "3.12"), src).toBe("OK");
    }
  });
  it("accepts an unparenthesised except list without `as` from 3.14 (PEP 758), not with `as`", () => {
    expect(ours("try:\n  pass\nexcept E, F:\n  pass\n", "3.14")).toBe("OK");
    expect(ours("try:\n  pass\nexcept E, F as e:\n  pass\n", "3.14")).toBe("3 8 multiple exception types must be parenthesized");
  });
  it("rejects `from __future__ import annotations` before 3.7", () => {
    expect(ours("from __future__ import annotations\n", "3.6")).toBe("1 1 future feature annotations is not defined");
  });
  it("throws RangeError for a target that is not 3.N", () => {
    expect(() => parse("x = 1\n", { target: "2.7" })).toThrow(RangeError);
    expect(() => parse("x = 1\n", { target: "3.x" })).toThrow(RangeError);
  });
});
