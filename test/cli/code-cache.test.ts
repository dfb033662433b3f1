// The installed command compiles its bundled script through a V8 code cache in the run's cache
// folder (issue 9, start-up): written after a run without one, used by the next, rejected and
// rewritten when corrupt, absent under --no-cache; the output never depends on it. A checkout's build
// also makes one beside the script (scripts/code-cache.mjs), used when the run's folder has none.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { writeTree } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const CLI = path.join(ROOT, "packages/cli");
const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-code-cache-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/**
 * The CLI as a tarball installs it: its bin, bundled script and manifest, with no build-time code
 * cache (the tarball ships none), resolving its dependencies through the checkout's CLI package.
 */
function installedCopy(name: string): string {
  const dir = path.join(temp, name);
  for (const file of ["bin/static-inspect.cjs", "dist/static-inspect.cjs", "dist/fast-start.cjs", "package.json"]) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(path.join(CLI, file), path.join(dir, file));
  }
  symlinkSync(path.join(CLI, "node_modules"), path.join(dir, "node_modules"));
  return path.join(dir, "bin/static-inspect.cjs");
}
const BIN = installedCopy("installed");

function run(args: string[], env: Record<string, string> = {}, bin = BIN): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, STATIC_INSPECT_CACHE_DIR: path.join(temp, "env-cache"), ...env }, timeout: 60_000 });
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

describe("the code cache a checkout's build makes", () => {
  const project = writeTree(temp, "q", { "m.py": "class A:\n    x: int = 1\n" });
  const built = path.join(CLI, "dist", "code-cache");
  // The CLI's (the fast start's is beside it: fast-start-*, fast-start.stamp.json).
  const builtFiles = existsSync(built) ? readdirSync(built).filter((name) => name !== "stamp.json" && !name.startsWith("fast-start")) : [];

  it("is one file for this Node, named by a hash of the script (the same bytes from the package's own build)", () => {
    const hash = createHash("sha256").update(readFileSync(path.join(CLI, "dist", "static-inspect.cjs"))).digest("hex").slice(0, 32);
    expect(builtFiles).toEqual([`${process.version}-${process.arch}-${hash}.bin`]);
    expect(statSync(path.join(built, builtFiles[0]!)).size).toBeGreaterThan(100_000);
  });

  it("is stamped with the script's size, mtime and inode, so that a start finds it without hashing the script", () => {
    const script = statSync(path.join(CLI, "dist", "static-inspect.cjs"));
    const stamp = JSON.parse(readFileSync(path.join(built, "stamp.json"), "utf8"));
    expect(stamp).toEqual({ size: script.size, mtimeMs: script.mtimeMs, ino: script.ino, node: process.version, arch: process.arch, file: builtFiles[0] });
  });

  it("is still found by the script's hash when the stamp is of another file (a copied script: another inode)", () => {
    const bin = installedCopy("stale-stamp");
    const copied = path.join(temp, "stale-stamp", "dist", "code-cache");
    mkdirSync(copied);
    copyFileSync(path.join(built, builtFiles[0]!), path.join(copied, builtFiles[0]!));
    copyFileSync(path.join(built, "stamp.json"), path.join(copied, "stamp.json"));
    const cache = path.join(temp, "d3");
    const r = run(["analyze", project, "--no-python-search-path", "--cache-dir", cache], {}, bin);
    expect(r.status, r.stderr).toBe(0);
    expect(codeFiles(cache)).toEqual([]); // the built cache was accepted: the run wrote none
  });

  it("is used when the run's folder has none, which then gets none of its own; the bundle is the same", () => {
    const cache = path.join(temp, "d1");
    const checkout = run(["analyze", project, "--no-python-search-path", "--cache-dir", cache], {}, path.join(CLI, "bin/static-inspect.cjs"));
    expect(checkout.status, checkout.stderr).toBe(0);
    expect(codeFiles(cache)).toEqual([]);
    const installed = run(["analyze", project, "--no-python-search-path", "--no-cache"]);
    expect(installed.status, installed.stderr).toBe(0);
    expect(checkout.stdout).toBe(installed.stdout);
  });

  it("has one for the fast start, stamped with its script's size, mtime and inode", () => {
    const script = statSync(path.join(CLI, "dist", "fast-start.cjs"));
    const stamp = JSON.parse(readFileSync(path.join(built, "fast-start.stamp.json"), "utf8"));
    const file = `fast-start-${process.version}-${process.arch}-${script.size}.bin`;
    expect(stamp).toEqual({ size: script.size, mtimeMs: script.mtimeMs, ino: script.ino, file });
    expect(statSync(path.join(built, file)).size).toBeGreaterThan(10_000);
  });

  it("a corrupt one for the fast start is rejected, and the fast start's run is the same", () => {
    const bin = installedCopy("corrupt-fast");
    const dir = path.join(temp, "corrupt-fast", "dist");
    const script = statSync(path.join(dir, "fast-start.cjs"));
    const file = `fast-start-${process.version}-${process.arch}-${script.size}.bin`;
    mkdirSync(path.join(dir, "code-cache"));
    writeFileSync(path.join(dir, "code-cache", file), "not a code cache");
    writeFileSync(path.join(dir, "code-cache", "fast-start.stamp.json"), JSON.stringify({ size: script.size, mtimeMs: script.mtimeMs, ino: script.ino, file }));
    const cache = path.join(temp, "d4");
    const out = path.join(temp, "d4-out.json");
    const args = ["analyze", project, "--no-python-search-path", "--cache-dir", cache, "-o", out, "-v"];
    expect(run(args, {}, bin).status).toBe(0);
    const full = readFileSync(out);
    const fast = run(args, {}, bin);
    expect(fast.status, fast.stderr).toBe(0);
    expect(fast.stderr).toContain("unchanged since the cached run");
    expect(readFileSync(out)).toEqual(full);
  });

  it("when corrupt, is rejected and the run makes its own", () => {
    const bin = installedCopy("corrupt-built");
    mkdirSync(path.join(temp, "corrupt-built", "dist", "code-cache"));
    writeFileSync(path.join(temp, "corrupt-built", "dist", "code-cache", builtFiles[0]!), "not a code cache");
    const cache = path.join(temp, "d2");
    const r = run(["analyze", project, "--no-python-search-path", "--cache-dir", cache], {}, bin);
    expect(r.status, r.stderr).toBe(0);
    expect(codeFiles(cache)).toHaveLength(1);
    expect(r.stdout).toBe(run(["analyze", project, "--no-python-search-path", "--no-cache"]).stdout);
  });
});
