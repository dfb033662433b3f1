// The fast parser against Lezer over a fixed sample of the CPython 3.11 standard library (the
// top-level modules and packages, without test/, idlelib/ and site-packages): no tree may differ,
// and the fast path must accept at least the fraction measured when it was written.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffSources } from "../../packages/parser/src/fast/diff.ts";

// The oracle's standard library (python3 3.11 is part of the test setup, as for conformance): no python3 fails the test.
const STDLIB = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).stdout?.trim() ?? "";
const SKIP = new Set(["test", "idlelib", "site-packages", "lib2to3"]);
/** The accepted fraction measured on this sample, less a margin. */
const ACCEPTED_FLOOR = 0.97;

function pyFiles(dir: string, top: boolean, out: string[]): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (top && SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) pyFiles(p, false, out);
    else if (e.isFile() && e.name.endsWith(".py")) out.push(p);
  }
  return out;
}

describe("fast parser on the 3.11 stdlib sample", () => {
  it("gives Lezer's tree for every file it accepts", () => {
    expect(STDLIB, "python3's stdlib folder").not.toBe("");
    const sources = pyFiles(STDLIB, true, []).map((path) => ({ path, text: readFileSync(path, "utf8").replace(/\r\n?/g, "\n") }));
    const r = diffSources(sources);
    console.log(`fast-diff: files ${r.files}, accepted ${r.accepted} (${((100 * r.accepted) / r.files).toFixed(1)}%), mismatched ${r.mismatched.length}; fast ${r.fastMBps.toFixed(1)} MB/s, Lezer ${r.lezerMBps.toFixed(1)} MB/s`);
    expect(r.mismatched).toEqual([]);
    expect(r.accepted / r.files).toBeGreaterThanOrEqual(ACCEPTED_FLOOR);
  }, 120_000);
});
