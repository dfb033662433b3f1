// `not` binds tighter than `and`/`or` (`not a or b` is `(not a) or b`), though the Lezer grammar nests
// `or`/`and` inside the `not`; the converter takes such operands apart. Checked against python3's ast.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse, type Expression } from "../../packages/parser/src/index.ts";

const CASES = ["not a or b", "not a and b", "not a or not b", "not a and b or c", "x or not a and b", "not (a or b)", "not a == b or c", "not not a or b", "not a in b and c", "-a + b"];

/** The nesting as a fully parenthesised string (`and`/`or` binary, as the converter keeps them). */
function nesting(e: Expression): string {
  if (e.kind === "UnaryOp") return `(${e.op} ${nesting(e.operand)})`;
  if (e.kind === "BinOp") return `(${nesting(e.left)} ${e.op} ${nesting(e.right)})`;
  return e.text;
}

const ours = (src: string) => {
  const first = parse(`${src}\n`).syntax.body[0];
  return first?.kind === "Expr" ? nesting(first.value) : "not an expression statement";
};

describe("not and boolean operators", () => {
  it("nests `not` inside `and`/`or`, as CPython parses it", () => {
    expect(CASES.map(ours)).toEqual([
      "((not a) or b)",
      "((not a) and b)",
      "((not a) or (not b))",
      "(((not a) and b) or c)",
      "(x or ((not a) and b))",
      "(not (a or b))",
      "((not (a == b)) or c)",
      "((not (not a)) or b)",
      "((not (a in b)) and c)",
      "((- a) + b)",
    ]);
  });

  it("agrees with python3's ast", () => {
    const script = `
import ast, json, sys
def n(e):
    if isinstance(e, ast.UnaryOp):
        return "(%s %s)" % ({ast.Not: "not", ast.USub: "-", ast.UAdd: "+", ast.Invert: "~"}[type(e.op)], n(e.operand))
    if isinstance(e, ast.BoolOp):
        op = "and" if isinstance(e.op, ast.And) else "or"
        out = n(e.values[0])
        for v in e.values[1:]:
            out = "(%s %s %s)" % (out, op, n(v))
        return out
    if isinstance(e, ast.BinOp):
        return "(%s %s %s)" % (n(e.left), {ast.Add: "+"}[type(e.op)], n(e.right))
    if isinstance(e, ast.Compare) and len(e.ops) == 1:
        return "(%s %s %s)" % (n(e.left), {ast.Eq: "==", ast.In: "in"}[type(e.ops[0])], n(e.comparators[0]))
    return ast.unparse(e)
print(json.dumps([n(ast.parse(s, mode="eval").body) for s in json.loads(sys.argv[1])]))
`;
    const expected = JSON.parse(execFileSync("python3", ["-c", script, JSON.stringify(CASES)], { encoding: "utf8" })) as string[];
    expect(CASES.map(ours)).toEqual(expected);
  });
});
