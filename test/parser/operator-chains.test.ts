// Long left-associative chains (`a0 + a1 + … `, as in generated code such as sympy's
// resolvent_lookup.py): @lezer/lr cuts a chain after 300 reductions and leaves an error node there;
// patches/@lezer__lr@1.4.12.patch raises that limit to 3000 reductions (about 1,800 operators; CPython 3.11 compiles about 2,900).
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse } from "../../packages/parser/src/index.ts";

/** A module whose one statement adds `n` names, spread over lines of 20 terms inside brackets. */
function chain(n: number, op: string): string {
  const terms = Array.from({ length: n }, (_, i) => `s${i % 7}*s${i % 5}**${i % 4}`);
  const lines: string[] = [];
  for (let i = 0; i < n; i += 20) lines.push(terms.slice(i, i + 20).join(` ${op} `));
  return `table = {(6, 1): [lambda s1, s2, s3, s4, s5, s6: (${lines.join(`\n${op} `)})]}\n`;
}

/** Whether python3's compile() accepts the source. */
function compiles(src: string): boolean {
  const out = execFileSync("python3", ["-c", "import sys\ntry:\n compile(sys.stdin.read(), 's', 'exec'); print('ok')\nexcept BaseException as e: print(type(e).__name__)"], { input: src, encoding: "utf8" });
  return out.trim() === "ok";
}

describe("long operator chains", () => {
  for (const [n, op] of [[400, "+"], [1200, "-"], [1600, "+"]] as const) {
    it(`a chain of ${n} '${op}' terms has no syntax error, as CPython compiles it`, () => {
      const src = chain(n, op);
      expect(compiles(src)).toBe(true);
      expect(parse(src).diagnostics.filter((d) => d.code === "syntax-error")).toEqual([]);
    });
  }
});
