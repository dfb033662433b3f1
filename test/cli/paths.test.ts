// File paths in the bundle are relative to the analysis root (issue 10, deliverable 7): the same tree
// copied to two folders and analysed from two other directories gives byte-identical bundles, with a
// warm cache and a reused run too; --root sets the root, and a run cached for one root is not reused
// for another. Runs the compiled command, as a user does.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { writeTree } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const BIN = path.join(ROOT, "packages/cli/bin/static-inspect.cjs");
const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-paths-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const TREE = {
  "src/pkg/__init__.py": '"""A package."""\nfrom .shapes import Circle\nfrom . import broken\n',
  "src/pkg/shapes.py": "from lib.base import Shape\nimport missing_module\n\n\nclass Circle(Shape):\n    def area(self, r: float = 1.0) -> float:\n        return 3.14 * r * r\n",
  "src/pkg/broken.py": "def f(:\n    pass\n",
  "src/pkg/sub/mod.py": "from .. import shapes\n\nclass Big(shapes.Circle):\n    pass\n",
  "vendor/lib/__init__.py": "",
  "vendor/lib/base.py": 'class Shape:\n    """Something with an area."""\n',
};

/** Runs the compiled CLI in `cwd` with its own cache folder; returns exit status, stdout and stderr. */
function cli(args: string[], cwd: string, cacheDir: string): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, STATIC_INSPECT_CACHE_DIR: cacheDir };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Whether the last {@link analyse} wrote the bundle of a cached run. */
let reused = false;

/** Analyses `src/pkg` of the tree at `at` from the directory `cwd` (paths given relative to it) into `out`; returns the bundle's bytes. */
function analyse(at: string, cwd: string, cache: string, extra: string[] = [], out = path.join(temp, "out.json")): Buffer {
  mkdirSync(cwd, { recursive: true });
  const rel = (p: string) => path.relative(cwd, path.join(at, p));
  const r = cli(["analyze", rel("src/pkg"), "--search-path", rel("vendor"), "--no-python-search-path", "-o", out, "-v", ...extra], cwd, cache);
  expect(r.status, r.stderr).toBe(0);
  reused = r.stderr.includes("unchanged since the cached run");
  return readFileSync(out);
}

describe("bundle paths", () => {
  const a = writeTree(temp, "a", TREE);
  const b = path.join(temp, "deeper", "elsewhere", "b");
  cpSync(a, b, { recursive: true });

  it("are relative to the root, so two copies analysed from two directories give the same bytes", () => {
    const cache = path.join(temp, "cache-1");
    const first = analyse(a, path.join(temp, "cwd-1"), cache, [], path.join(temp, "first.json"));
    const second = analyse(b, path.join(b, "src"), cache, ["--jobs", "2"]);
    expect(reused).toBe(false);
    expect(second.equals(first)).toBe(true);
    expect(analyse(b, path.join(b, "src"), cache, ["--jobs", "2"]).equals(first)).toBe(true);
    expect(reused).toBe(true);
    expect(analyse(b, temp, path.join(temp, "cache-2")).equals(first)).toBe(true); // a cold cache
    const bundle = JSON.parse(first.toString());
    expect(bundle.schemaVersion).toBe("1.4");
    expect(bundle.files.map((f: { path: string }) => f.path)).toEqual(["pkg/__init__.py", "pkg/broken.py", "pkg/shapes.py", "pkg/sub/mod.py"]);
    expect(bundle.modules.map((m: { id: string; file: string }) => `${m.id} ${m.file}`)).toEqual(["pkg pkg/__init__.py", "pkg.broken pkg/broken.py", "pkg.shapes pkg/shapes.py", "pkg.sub.mod pkg/sub/mod.py"]);
    const big = bundle.objects.find((o: { id: string }) => o.id === "pkg.sub.mod:Big");
    expect(big.file).toBe("pkg/sub/mod.py");
    expect(big.mro).toEqual(["pkg.sub.mod:Big", "pkg.shapes:Circle", "lib.base:Shape", "builtins:object"]);
    expect(bundle.diagnostics.map((d: { code: string; path: string }) => `${d.code} ${d.path}`)).toEqual(["syntax-error pkg/broken.py", "unresolved-import pkg/shapes.py"]);
    expect(first.toString()).not.toContain(temp);
  });

  it("follow --root, and a run cached for one root is not reused for another", () => {
    const cache = path.join(temp, "cache-3");
    const cwd = path.join(temp, "cwd-3");
    const byDefault = analyse(a, cwd, cache);
    const atTree = analyse(a, cwd, cache, ["--root", path.relative(cwd, a)]);
    expect(reused).toBe(false);
    const files = (bytes: Buffer) => JSON.parse(bytes.toString()).files.map((f: { path: string }) => f.path);
    expect(files(atTree)).toEqual(files(byDefault).map((p: string) => `src/${p}`));
    const inPackage = analyse(a, cwd, cache, ["--root", path.relative(cwd, path.join(a, "src/pkg/sub"))]);
    expect(reused).toBe(false);
    expect(files(inPackage)).toEqual(["../__init__.py", "../broken.py", "../shapes.py", "mod.py"]);
    // The same --root in another copy: the same bytes again.
    expect(analyse(b, cwd, cache, ["--root", path.relative(cwd, b)]).equals(atTree)).toBe(true);
    expect(analyse(a, cwd, cache).equals(byDefault)).toBe(true);
    expect(reused).toBe(true);
    expect(analyse(a, cwd, cache, ["--root", a]).equals(atTree)).toBe(true); // the same root, written absolute
    expect(reused).toBe(true);
    const missing = cli(["analyze", a, "--root", path.join(temp, "nowhere")], cwd, cache);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("no such file or directory");
  });
});
