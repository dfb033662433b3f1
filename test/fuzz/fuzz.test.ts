// The fuzz harness (tools/fuzz): a short fixed-seed pass over the repository's own Python files
// must find no failure; the runner's time limit and the minimiser must do what they promise.
import { describe, expect, it } from "vitest";
import { fuzz } from "../../tools/fuzz/fuzz.ts";
import { minimize } from "../../tools/fuzz/minimize.ts";
import { applyMutation, mutate } from "../../tools/fuzz/mutate.ts";
import { Random } from "../../tools/fuzz/random.ts";
import { CaseRunner } from "../../tools/fuzz/runner.ts";

describe("fuzz harness", () => {
  it("a fixed-seed pass of 300 mutants finds no crash, hang or internal error", async () => {
    // A generous time limit: CI machines are busy; the long run (`pnpm fuzz`) uses 1 s.
    const report = await fuzz({ seed: 11, maxCases: 300, seconds: 120, limitMs: 5000, outDir: null });
    expect(report.cases).toBe(300);
    expect(report.found.map((f) => `${f.signature} (case ${f.caseIndex})`)).toEqual([]);
  });

  it("cases are reproducible from the seed and the case index", () => {
    const source = Buffer.from("def f(a, b=1):\n    return (a, b)\n\nclass C:\n    x = 'y'\n");
    const a = mutate(source, Random.forCase(7, 42));
    const b = mutate(source, Random.forCase(7, 42));
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.mutations).toEqual(b.mutations);
    expect(applyMutation(source, "nul-byte", new Random(3)).includes(0)).toBe(true);
    expect(applyMutation(source, "delete-line", new Random(3)).toString().split("\n").length).toBe(source.toString().split("\n").length - 1);
  });

  it("reports a case over the time limit as a hang and serves the next case from a fresh worker", async () => {
    const runner = new CaseRunner(1);
    try {
      const big = Buffer.from("def f(a, b=1):\n    return a\n".repeat(4000));
      const slow = await runner.run(big);
      expect(slow.failure?.kind).toBe("hang");
      const ok = await runner.run(Buffer.from("x = 1\n"), 20_000);
      expect(ok.failure).toBeNull();
    } finally {
      await runner.close();
    }
  });

  it("minimises a failing input to the lines and bytes that matter", async () => {
    const input = Buffer.from("import os\n\ndef f():\n    return 1\n\nBOOM = [1, 2]\n\nclass C:\n    pass\n");
    const out = await minimize(input, async (c) => c.includes("OO"));
    expect(out.toString()).toBe("OO");
  });
});
