// The standard-library facts (packages/analyzer/data/stdlib/<version>.json) are what
// tools/builtins/gen_stdlib.py records from that version's interpreter: rerunning it must give the
// committed bytes, for every version that has a data file and an interpreter on this machine
// (python3.X on PATH, or under `pyenv root`).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const repo = path.resolve(import.meta.dirname, "../..");
const dataDir = path.join(repo, "packages/analyzer/data/stdlib");
const script = path.join(repo, "tools/builtins/gen_stdlib.py");
const versions = readdirSync(dataDir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();

/** An interpreter of Python `version` (major.minor), or null. */
function interpreter(version: string): string | null {
  const candidates = [`python${version}`];
  const pyenv = spawnSync("pyenv", ["root"], { encoding: "utf8" });
  if (pyenv.status === 0) {
    const root = path.join(pyenv.stdout.trim(), "versions");
    if (existsSync(root)) for (const v of readdirSync(root).sort()) if (v.startsWith(`${version}.`)) candidates.push(path.join(root, v, "bin", "python3"));
  }
  candidates.push("python3");
  for (const c of candidates) {
    const r = spawnSync(c, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.trim() === version) return c;
  }
  return null;
}

describe("standard-library facts", () => {
  it("has a data file for 3.11 at least", () => {
    expect(versions).toContain("3.11");
  });

  it.each(versions)("regenerates %s byte for byte", (version) => {
    const python = interpreter(version);
    if (python === null) throw new Error(`no Python ${version} interpreter on this machine to check data/stdlib/${version}.json`);
    const r = spawnSync(python, [script], { encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(dataDir, `${version}.json`), "utf8"));
  });
});
