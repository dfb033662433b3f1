// The committed parser (packages/parser/src/lezer/) must be what `pnpm gen:grammar` generates
// from the patched @lezer/python grammar, and generation must be deterministic.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

type Generate = () => Record<string, string>;

const script = new URL("../../packages/parser/scripts/build-grammar.mjs", import.meta.url);
const outDir = new URL("../../packages/parser/src/lezer/", import.meta.url);

describe("generated Lezer parser", () => {
  it("is current and deterministic (pnpm gen:grammar)", async () => {
    const { generate } = (await import(script.href)) as { generate: Generate };
    const first = generate();
    const second = generate();
    expect(Object.keys(first).sort()).toEqual(["parser.d.ts", "parser.js", "parser.terms.js", "tokens.js"]);
    expect(second).toEqual(first);
    for (const [name, text] of Object.entries(first)) {
      const committed = readFileSync(fileURLToPath(new URL(name, outDir)), "utf8");
      // Compare without a toEqual diff of a 35 kB line; name the stale file instead.
      expect(committed === text, `${name} is stale: run \`pnpm gen:grammar\``).toBe(true);
    }
  }, 120_000);
});
