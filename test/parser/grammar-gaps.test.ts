// Known grammar gaps of stock @lezer/python 1.1.19, closed by patches/@lezer__python@1.1.19.patch
// (generated into packages/parser/src/lezer/parser.js). Every snippet is valid Python 3.11.
import { describe, expect, it } from "vitest";
import { parser as stock } from "../../packages/parser/node_modules/@lezer/python/dist/index.js";
import { parser as ours } from "../../packages/parser/src/lezer/parser.js";

type Tree = ReturnType<typeof ours.parse>;

function errorCount(tree: Tree): number {
  let n = 0;
  tree.iterate({
    enter(node) {
      if (node.type.isError) n++;
    },
  });
  return n;
}

/** Snippets on which stock produces an error node and ours must not. */
const gaps: Record<string, string[]> = {
  "1. bare yield": [
    "def g():\n    x = yield\n",
    "def g():\n    yield\n",
    "def g():\n    y = (yield)\n",
    "async def g():\n    await (yield)\n",
    "def g():\n    return (yield)\n",
    "def g():\n    f((yield))\n",
    "def g():\n    x += yield\n",
    "def g():\n    x: int = yield\n",
    "g = lambda: (yield)\n",
  ],
  "2. floats with a trailing dot": [
    "x = 1.\n",
    "f(1., 2.)\n",
    "x = [1., -2.]\n",
    "x = 3_1.\n",
    "x = 1./3\n",
    "x = 1.+2j\n",
    "x = 1..real\n",
  ],
  "3. with … as <any target>": [
    "with a as (b, c):\n    pass\n",
    "with a as b[0]:\n    pass\n",
    "with a as self.x:\n    pass\n",
    "with a as [b, c]:\n    pass\n",
    "with a as b, c as d.e:\n    pass\n",
    "with a() as (b, *c):\n    pass\n",
  ],
  "4. parenthesised with": [
    "with (open(a) as f, open(b) as g):\n    pass\n",
    "with (open(a) as f, open(b) as g,):\n    pass\n",
    "with (\n    open(a) as f,\n    open(b) as g,\n):\n    pass\nx = 1\n",
    "with (a as b):\n    pass\n",
    "with (a, b as c):\n    pass\n",
    "with (a as (b, c), d as e[0]):\n    pass\n",
    "async def f():\n    async with (a as b, c as d):\n        pass\n",
  ],
  "5. match patterns": [
    "match x:\n    case {Color.RED: x, -1: y, None: z, **rest}:\n        pass\n",
    'match x:\n    case "a" "b":\n        pass\n',
    "match x:\n    case ():\n        pass\n    case []:\n        pass\n    case {}:\n        pass\n",
    "match x:\n    case Point():\n        pass\n",
    "match x:\n    case str() | bytes():\n        pass\n",
    "match a, b:\n    case _:\n        pass\n",
    "match *a, b:\n    case _:\n        pass\n",
    "match x,:\n    case _:\n        pass\n",
    [
      "match p:",
      "    case -1 | -1+2j | 1-2j | -0.5 | 0x1F | 1e3:",
      "        pass",
      "    case Color.RED | a.b.c:",
      "        pass",
      "    case Point(1, y=0) | pkg.Point(x=_):",
      "        pass",
      "    case {'a': 1, **rest}:",
      "        pass",
      "    case [1, *rest] | [*_, last] | (1, *rest,):",
      "        pass",
      "    case [1, 2] | [3, (4 | 5) as y] as z:",
      "        pass",
      "    case (a | b) as c if c > 0:",
      "        pass",
      "    case []:",
      "        pass",
      "    case _:",
      "        pass",
      "",
    ].join("\n"),
  ],
  "6. PEP 646 star in subscripts and *args annotations": [
    "x: Tuple[*Ts]\n",
    "y = x[*a, b]\n",
    "y = x[a, *b]\n",
    "y = x[*a]\n",
    "def f(*args: *Ts): pass\n",
    "class A(Generic[*Ts]): pass\n",
  ],
  "7. / in lambda parameters": [
    "f = lambda a, /, b: 0\n",
    "f = lambda a, /: a\n",
    "f = lambda a=1, /, *, b: 0\n",
    "f = lambda a, b=2, /, c=3, *d, **e: 0\n",
  ],
  "8. PEP 614 decorators": [
    "@a[0].b\ndef f(): pass\n",
    "def g():\n    @(yield)\n    def f(): pass\n",
    "@x or y\ndef f(): pass\n",
    "@buttons[1].clicked.connect\ndef f(): pass\n",
    "@a.b(c).d\ndef f(): pass\n",
    "@a.b[0]\ndef f(): pass\n",
    "@a(b)(c)\ndef f(): pass\n",
    "@(lambda f: f)\nclass C: pass\n",
    "@x := y\ndef f(): pass\n",
  ],
  "9. f-string format specs starting with =": [
    'f"{x:=^10}"\n',
    'f"{x:=10}"\n',
    "f'{x:=<{w}}'\n",
    'f"{x!r:=>{w}}"\n',
    'f"{x = }" f"{x=!r:^20}" f"{x:=}"\n',
  ],
  "10. a trailing comma after lambda parameters": [
    "f = lambda a,: 0\n",
    "f = lambda a, *, b,: 0\n",
    "x = lambda a, b, /, : a + b\n",
    "f = lambda *a,: a\n",
    "f = lambda **k,: k\n",
  ],
  "other: star targets in comprehensions, star in for … in": [
    "x = [a for b, *c in d]\n",
    "x = {k for *_, k in d}\n",
    "for x in *a, *b:\n    pass\n",
  ],
  "other: Python 3 uses of the name print": [
    "print = f\n",
    "print, x = 1, 2\n",
    "print >>f, x\n",
    "print += 1\n",
  ],
  "other: raw f-string with backslash before {{": [
    "x = rf'(\\{{%)(-?\\s*)({a})'\n",
  ],
  "other: blank line after a backslash continuation ends the statement": [
    'x = "a"\\\n\n# c\ny = 2\n',
    "def f():\n    x = 1 \\\n\n    y = 2\n",
  ],
};

describe("grammar gaps of @lezer/python 1.1.19", () => {
  for (const [gap, snippets] of Object.entries(gaps)) {
    describe(gap, () => {
      it.each(snippets.map((s) => [s]))("%j", (src) => {
        expect(errorCount(stock.parse(src)), "stock has an error node").toBeGreaterThan(0);
        expect(errorCount(ours.parse(src)), ours.parse(src).toString()).toBe(0);
      });
    });
  }
});

describe("floats with a trailing dot are one Number (stock: attribute access on an int)", () => {
  it.each([["1.e-5"], ["1.j"], ["1.E+5J"], ["0.j"], ["1.e8"]])("%s", (literal) => {
    const src = `x = ${literal}\n`;
    const from = 4;
    const to = from + literal.length;
    const numbers = (tree: Tree) => {
      const out: [number, number][] = [];
      tree.iterate({
        enter(n) {
          if (n.name === "Number") out.push([n.from, n.to]);
        },
      });
      return out;
    };
    expect(errorCount(ours.parse(src))).toBe(0);
    expect(numbers(ours.parse(src))).toEqual([[from, to]]);
    expect(numbers(stock.parse(src))).not.toEqual([[from, to]]);
  });
});

describe("stock-valid code keeps the stock tree", () => {
  it.each([
    ["@a.b.c(d, e=1)\n@property\ndef f(): pass\n"],
    ["with (a, b):\n    pass\nwith (a) as b:\n    pass\nwith (a, b) as c, d:\n    pass\nwith a as b:\n    pass\n"],
    ["x = [1.5, .5, 1e3, 1_0j, 0xFF, 1e-5]\n"],
    ['f"{x!r:>{w}} {y:%H:%M} {z[1:2]} {(a:=1)}"\n'],
    ["match x:\n    case [1, *r] | {'k': v}:\n        pass\n"],
    ["def f():\n    yield 1\n    x = yield from g()\n"],
    ["print('a')\nprint\n"],
  ])("%j", (src) => {
    expect(errorCount(stock.parse(src))).toBe(0);
    expect(ours.parse(src).toString()).toBe(stock.parse(src).toString());
  });
});

describe("new information in the tree", () => {
  it("the positional-only marker / is a SlashMarker node in def and lambda parameter lists", () => {
    const tree = ours.parse("def f(a, /, b): pass\ng = lambda a, /: a\n");
    const markers: string[] = [];
    tree.iterate({
      enter(n) {
        if (n.name === "SlashMarker") markers.push(`${n.node.parent?.name}@${n.from}`);
      },
    });
    expect(markers).toEqual(["ParamList@9", "ParamList@35"]);
  });

  it("bare yield is a YieldExpression (or YieldStatement) holding only the keyword", () => {
    expect(ours.parse("def g():\n    x = yield\n    yield\n").toString()).toBe(
      "Script(FunctionDefinition(def,VariableName,ParamList(\"(\",\")\"),Body(\":\"," +
        "AssignStatement(VariableName,AssignOp,YieldExpression(yield)),YieldStatement(yield))))",
    );
  });

  it("*args: *Ts gives a TypeDef holding * and the expression", () => {
    expect(ours.parse("def f(*args: *Ts): pass\n").toString()).toContain(
      'ParamList("(","*",VariableName,TypeDef(":","*",VariableName),")")',
    );
  });
});
