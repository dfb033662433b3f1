// Every builtins data file (packages/analyzer/data/builtins/<version>.json) is what
// tools/builtins/gen_builtins.py writes under that version's interpreter: rerunning it must give the
// committed bytes. The interpreter is found as the CLI finds one (python3 when it is that version,
// python3.X on PATH, then $(pyenv root)/versions/X.Y.*); a version without one fails, it is not skipped.
// The data records build-dependent values (sys.version), so the rerun needs the very build that made it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTINS_VERSIONS } from "@static-inspect/analyzer";
import { loadBuiltins } from "@static-inspect/analyzer/unstable";
import { findInterpreter } from "../../packages/cli/src/python.ts";

const repo = path.resolve(import.meta.dirname, "../..");
const script = path.join(repo, "tools/builtins/gen_builtins.py");
const dataFile = (v: string) => path.join(repo, "packages/analyzer/data/builtins", `${v}.json`);

/** Top-level builtins each version added (read off `dir(builtins)` of each interpreter). */
const ADDED: Record<string, readonly string[]> = {
  "3.10": ["aiter", "anext", "EncodingWarning"],
  "3.11": ["BaseExceptionGroup", "ExceptionGroup"],
  "3.13": ["PythonFinalizationError"],
};

describe.each([...BUILTINS_VERSIONS])("builtins data %s", (version) => {
  it("names its version and holds what that version added, and nothing a later one did", () => {
    const data = loadBuiltins(version);
    expect(data.python.split(".").slice(0, 2).join(".")).toBe(version);
    const minor = Number(version.split(".")[1]);
    for (const [added, names] of Object.entries(ADDED)) {
      for (const name of names) {
        const has = `builtins:${name}` in data.objects;
        expect(has, `builtins:${name} in ${version}`).toBe(minor >= Number(added.split(".")[1]));
      }
    }
  });

  it("regenerates byte for byte under its own interpreter", async () => {
    const found = await findInterpreter(version);
    if (!("executable" in found)) throw new Error(`no Python ${version} on this machine to check ${dataFile(version)}; tried ${found.tried.join(", ")}`);
    const dir = mkdtempSync(path.join(tmpdir(), "gen-builtins-"));
    try {
      const out = path.join(dir, `${version}.json`);
      const r = spawnSync(found.executable, [script, "--out", out], { encoding: "utf8", timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      const same = readFileSync(out).equals(readFileSync(dataFile(version)));
      expect(same, `${found.executable} regenerates a different ${version}.json (another build? rerun: ${found.executable} ${script} --out ${dataFile(version)})`).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
