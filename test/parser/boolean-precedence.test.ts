// `and`, `or` and `not` in the facade follow Python's precedences (`or` < `and` < `not` < comparisons),
// although Lezer's tree lets `not` take all that follows (`not a and b` is `not (a and b)` there):
// each case's grouping checked against python3's ast of the same source.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse, type Expression } from "../../packages/parser/src/index.ts";

const CASES = [
  "not a and b",
  "a and not b or c",
  "not a == b and c",
  "a or not b and c",
  "not not a and b",
  "a and b and c or d or e",
  "not (a and b) or c",
  "x.isupper() and (x.startswith('A') and not x.startswith('A_')) or x.startswith('B')",
  "a if not b and c else d",
];

/** Both sides print a chain as fully parenthesized binary operators, operands as written. */
function show(e: Expression): string {
  if (e.kind === "BinOp" && (e.op === "and" || e.op === "or")) return `(${show(e.left)} ${e.op} ${show(e.right)})`;
  if (e.kind === "UnaryOp" && e.op === "not") return `(not ${show(e.operand)})`;
  if (e.kind === "IfExp") return `(${show(e.body)} if ${show(e.test)} else ${show(e.orelse)})`;
  return e.text.replace(/^\((.*)\)$/s, "$1");
}

const PYTHON = `
import ast, json, sys
def show(e, src):
    if isinstance(e, ast.BoolOp):
        op = "and" if isinstance(e.op, ast.And) else "or"
        out = show(e.values[0], src)
        for v in e.values[1:]:
            out = "(%s %s %s)" % (out, op, show(v, src))
        return out
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not):
        return "(not %s)" % show(e.operand, src)
    if isinstance(e, ast.IfExp):
        return "(%s if %s else %s)" % (show(e.body, src), show(e.test, src), show(e.orelse, src))
    return ast.get_source_segment(src, e)
print(json.dumps([show(ast.parse(s).body[0].value, s) for s in json.loads(sys.stdin.read())]))
`;

describe("boolean operator precedence", () => {
  it("groups and/or/not as python3's ast does", () => {
    const expected = JSON.parse(execFileSync("python3", ["-c", PYTHON], { input: JSON.stringify(CASES), encoding: "utf8" })) as string[];
    const got = CASES.map((src) => {
      const stmt = parse(`${src}\n`).syntax.body[0]!;
      if (stmt.kind !== "Expr") throw new Error(`not an expression statement: ${src}`);
      return show(stmt.value);
    });
    expect(got).toEqual(expected);
    expect(got[0]).toBe("((not a) and b)");
  });

  it("keeps each part's text and span", () => {
    const stmt = parse("ok = not a and b\n").syntax.body[0]!;
    const v = stmt.kind === "Assign" ? stmt.value : null;
    expect(v?.kind === "BinOp" && v.left.kind === "UnaryOp" ? [v.text, v.left.text, v.left.span.column, v.left.span.endColumn] : null).toEqual(["not a and b", "not a", 5, 10]);
  });
});
