// The fast parser (packages/parser/src/fast) must give exactly Lezer's tree (named nodes: type,
// from, to, depth) or null; syntax errors and constructs it does not handle must be null.
import { describe, expect, it } from "vitest";
import { fastParse } from "../../packages/parser/src/fast/parser.ts";
import { treeDifference } from "../../packages/parser/src/fast/compare.ts";
import { pythonParser } from "../../packages/parser/src/lezer.ts";

const same: Record<string, string> = {
  comments: "# head\nx = 1  # tail\n\n# own line\nif a:  # after colon\n    # in body\n    pass\n    # after body\n\n# module\ny\n",
  "comments in brackets": "f(a,  # one\n  b,\n  # two\n  c)\nx = (a  # c\n     + b)\n",
  "no final newline": "x = 1",
  "empty module": "",
  "only a comment": "# only\n",
  "only blank lines": "\n\n",
  "body at end of file": "if a:\n    x",
  "comment after body at end of file": "if a:\n    x\n# c",
  "comment at end without newline": "x = 1\n# end",
  "blank lines with spaces": "if a:\n    x\n  \n\n    y\n",
  indentation: "def f(a):\n    if a:\n        return 1\n    elif b:\n        return 2\n    else:\n        return\nclass C:\n\tdef m(self): pass\n",
  "statement group": "a; b; c\nif x: a; b\nd;\n",
  assignments: "x = y = 1\nx: int\nx: int = 2\na, *b = c\nx += 1\nx //= y, z\nx = yield\nx = yield y\na[1:2, ::3, x:] = b.c\n",
  "simple statements": "pass\nbreak\ncontinue\nreturn\nreturn a, *b\ndel a, b[0]\nraise\nraise E from e\nglobal a, b\nnonlocal c\nassert x, 'm'\nyield\nyield from g\n",
  imports: "import a\nimport a.b as c, d\nfrom . import x\nfrom ..a import (b as c, d,)\nfrom ...x import *\nfrom .... import y\n",
  operators: "a + b * c ** -d @ e // f % g / h - i\na | b ^ c & d << e >> f\n~a + -b - +c\na ** b ** c\n-a ** b\n",
  "boolean and comparison": "a or b and not c\nnot a == b\na and not b or c\na < b <= c != d\na not in b is not c\na in b is c\nx if y else z if w else v\n",
  await: "async def f():\n    await a + b\n    x = await g() * 2\n    async for a in b: pass\n    async with a as b, c: pass\n",
  lambda: "f = lambda: 0\ng = lambda  : 0\nh = lambda a, b=1, *c, d, **e: a\ni = lambda *, k: k\nj = lambda a, /, b: a\nk = lambda a,: a\n",
  walrus: "if (n := len(a)) > 10: pass\nwhile x := f(): pass\ny = [z := 1, 2]\nf(a := 1)\n",
  collections: "()\n(a)\n(a,)\n(a, b,)\n(*a, b)\n[]\n[a, *b,]\n{}\n{a: b, **c,}\n{a, *b}\n(yield)\n(yield a)\n",
  comprehensions: "[x for x in y if x if z for w in x]\n(x for x, in y)\n{k: v async for k, v in d}\n{x for x in y}\nf(x for x in y)\n[*a for a in b]\n",
  calls: "f()\nf(a, b=1, *c, **d,)\nf(a)(b)[c].d\nx.y.z(1)[2:3]\n",
  strings: "'a' \"b\" '''c\nd''' \"\"\"e\"\"\"\nb'\\x00\\n' rb'\\d' R'\\'' u'\\u1234\\U0001F600' '\\o' '\\\n'\nx = 'a' 'b'\n",
  numbers: "0, 1_000, 0x_ff, 0o17, 0b101, 1.5, .5, 1., 1e5, 1.5E-3j, 10j, 1_0.0_1e+1_0\n",
  functions: "def f(a, /, b: int = 1, *c: str, d, e=2, **f: dict) -> None:\n    '''doc'''\n    return a\ndef g(*, a): pass\n",
  decorators: "@a\n@a.b\n@a.b.c(1, x=2)\n@a[0]\n@a(1)(2)\n@(lambda f: f)\n@x := y\ndef f(): pass\n@p(f'{a}.b')\ndef h(): pass\n@dec\nclass C(B, metaclass=M):\n    x = 1\n@d\nasync def g(): pass\n",
  "compound statements": "for a, *b in c, d:\n    pass\nelse:\n    pass\nwhile a:\n    break\nelse:\n    pass\ntry:\n    pass\nexcept E as e:\n    pass\nexcept (A, B):\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass\ntry:\n    pass\nexcept* E:\n    pass\nwith a, b as (c, d): pass\n",
  "soft keyword names": "match = 1\ntype = 2\nmatch.x = 3\ntype: int\ncase, x = 1, 2\nx = type(y)\nprint(x)\nprint\n",
  "backslash continuation": "x = 1 + \\\n    2\nif a and \\\n   b:\n    pass\n",
  "ellipsis and constants": "...\nx: ... = None\nTrue, False, None\nx[...]\n",
  "f-strings": String.raw`f'a{x!r:>{w}.2f}b{{c}}\n{y=}{z:%Y}' rf'\d{a}' 'p'
f"{ a ,*b }{x:=^10}{d['k']}{x = !s}{ {1: 2}[1] }{(lambda: 1)()}{f'{n}'}"
F'''{a}
{b:}''' fR'{c}\{d}'
f'{x,}' f'{x, y}' f'}' f'{x:{y}{z}}'
def g():
    f'{yield}'
`,
  subscripts: "a[1]\na[1:]\na[:2]\na[::]\na[1:2:3]\na[b, c:d]\na[*b]\na[x := 1]\n",
};

const nulls: Record<string, string> = {
  "missing colon": "if a\n    pass\n",
  "unexpected indent": "x = 1\n    y = 2\n",
  "first line indented": "  x = 1\n",
  "inconsistent dedent": "if a:\n        x\n    y\n",
  "unclosed bracket": "f(a, b\n",
  "unterminated string": "x = 'abc\n",
  "stray closer": "x = 1)\n",
  "trailing operator": "x = 1 +\n",
  "two expressions": "a b\n",
  "two numbers": "0 1\n",
  "keyword as name": "def = 1\n",
  "legacy print": "print 'x'\nprint x\n",
  "bad f-string conversion": "f'{x!z}'\n",
  "comment in an f-string": "f'''{x # c\n}'''\n",
  "newline in an f-string field": "f'''{x +\n1}'''\n",
  "match statement": "match x:\n    case 1:\n        pass\n",
  "type alias": "type X = int\n",
  "parenthesized with": "with (a as b):\n    pass\n",
  "non-ASCII name": "é = 1\n",
  "blank line after continuation": "x = 1 + \\\n\n2\n",
  "form feed": "\fx = 1\n",
  "empty body": "if a:\npass\n",
  "generic function (3.12)": "def f[T](x: T): pass\n",
  "generic class (3.12)": "class A[T]: pass\n",
};

describe("fast parser", () => {
  for (const [name, src] of Object.entries(same)) {
    it(`gives Lezer's tree: ${name}`, () => {
      const lezer = pythonParser.parse(src);
      const fast = fastParse(src);
      expect(fast, "the fast path gave up").not.toBeNull();
      expect(treeDifference(lezer, fast!)).toBeNull();
    });
  }
  for (const [name, src] of Object.entries(nulls)) {
    it(`gives up: ${name}`, () => {
      expect(fastParse(src)).toBeNull();
    });
  }
});

describe("the fast path's node type ids", () => {
  // Keys of T that name a context of a node type, not its name (Lezer gives several ids one name).
  const NAMED: Record<string, string> = {
    BitOr: "BitOp", BitXor: "BitOp", BitAnd: "BitOp", BitShift: "BitOp", BitPrefix: "BitOp",
    ArithPlus: "ArithOp", ArithTimes: "ArithOp", ArithPow: "ArithOp", ArithPrefix: "ArithOp",
    Star: "*", At: "@", StarStar: "**", ParenL: "(", ParenR: ")", BracketL: "[", BracketR: "]", BraceL: "{", BraceR: "}",
    ReplacementStart: "{", Comma: ",", Colon: ":", Dot: ".", Semi: ";", DecoratorAt: "At",
    BinaryTest: "BinaryExpression", UnaryTest: "UnaryExpression", LambdaParamList: "ParamList",
    LambdaAssignOp: "AssignOp", NamedAssignOp: "AssignOp", ArgAssignOp: "AssignOp", ParamAssignOp: "AssignOp",
    ParamTypeDef: "TypeDef", StarTypeDef: "TypeDef",
    FormatReplacementNested: "FormatReplacement", FormatSelfDocNested: "FormatSelfDoc",
  };
  it("are of the node types they are named for in the generated Lezer parser (a regenerated grammar that renumbers them fails here)", async () => {
    const { T } = await import("../../packages/parser/src/fast/core.ts");
    const wrong = Object.entries(T).filter(([key, id]) => pythonParser.nodeSet.types[id]?.name !== (NAMED[key] ?? key));
    expect(wrong).toEqual([]);
  });
});
