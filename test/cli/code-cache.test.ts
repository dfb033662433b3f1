// The installed command compiles its bundled script through a V8 code cache in the run's cache
// folder (issue 9, start-up): written after a run without one, used by the next, rejected and
// rewritten when corrupt, absent under --no-cache; the output never depends on it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { writeTree } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const BIN = path.join(ROOT, "packages/cli/bin/static-inspect.js");
const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-code-cache-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, STATIC_INSPECT_CACHE_DIR: path.join(temp, "env-cache"), ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const codeFiles = (cacheDir: string) => (existsSync(path.join(cacheDir, "code")) ? readdirSync(path.join(cacheDir, "code")) : []);

describe("the V8 code cache of the installed command", () => {
  const project = writeTree(temp, "p", { "m.py": 'def f(a, /, b=1):\n    """Doc."""\n' });

  it("is written by a run without one, read by the next, and the bundles are the same bytes", () => {
    const cache = path.join(temp, "c1");
    const first = run(["analyze", project, "--no-python-search-path", "--cache-dir", cache, "--pretty"]);
    expect(first.status, first.stderr).toBe(0);
    const files = codeFiles(cache);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^static-inspect-${process.version.replace(/\./g, "\\.")}-${process.arch}-\\d+-\\d+\\.bin$`));
    const written = statSync(path.join(cache, "code", files[0]!)).mtimeMs;
    const second = run(["analyze", project, "--no-python-search-path", "--cache-dir", cache, "--pretty"]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(codeFiles(cache)).toEqual(files);
    // Accepted, so not written again.
    expect(statSync(path.join(cache, "code", files[0]!)).mtimeMs).toBe(written);
    expect(second.stderr).toMatch(/^analyzed 1 modules, 2 objects, 0 diagnostics \(0 errors\) in \d+\.\d+ s → <stdout>\n$/);
  });

  it("is rejected when corrupt, the run unharmed, and rewritten", () => {
    const cache = path.join(temp, "c2");
    const good = run(["analyze", project, "--no-python-search-path", "--cache-dir", cache]);
    expect(good.status, good.stderr).toBe(0);
    const [file] = codeFiles(cache);
    const full = path.join(cache, "code", file!);
    const bytes = readFileSync(full);
    writeFileSync(full, "not a code cache");
    const again = run(["analyze", project, "--no-python-search-path", "--cache-dir", cache]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe(good.stdout);
    expect(readFileSync(full).length).toBeGreaterThan(1000);
    expect(readFileSync(full).subarray(0, 16)).toEqual(bytes.subarray(0, 16));
  });

  it("drops the caches of other builds, follows $STATIC_INSPECT_CACHE_DIR, and is not made under --no-cache", () => {
    const cache = path.join(temp, "c3");
    writeFileSync(path.join(writeTree(cache, "code", { "static-inspect-v0.0.0-x64-1-1.bin": "old" }), "keep-me.txt"), "not ours");
    const viaEnv = run(["analyze", project, "--no-python-search-path"], { STATIC_INSPECT_CACHE_DIR: cache });
    expect(viaEnv.status, viaEnv.stderr).toBe(0);
    const names = codeFiles(cache).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toBe("keep-me.txt");
    expect(names[1]).not.toBe("static-inspect-v0.0.0-x64-1-1.bin");
    const none = path.join(temp, "c4");
    const off = run(["analyze", project, "--no-python-search-path", "--no-cache"], { STATIC_INSPECT_CACHE_DIR: none });
    expect(off.status, off.stderr).toBe(0);
    expect(off.stdout).toBe(viaEnv.stdout);
    expect(existsSync(none)).toBe(false);
  });
});
