// The caches (issue 9) never change the output: cold, warm, whole-run reuse, worker threads, watch
// mode and --no-cache give byte-identical bundles; an edit to an analysed file or to a module reached
// through the search path is seen; corrupt and foreign cache entries are ignored, counted and replaced.
// Runs the compiled command (worker threads need compiled JavaScript), as a user does.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { writeTree } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const BIN = path.join(ROOT, "packages/cli/bin/static-inspect.cjs");
const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-cache-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A package whose classes derive from a "library" found only on the search path. */
const PROJECT = {
  // Text outside ASCII: the kept parts are found in the last bundle by byte offsets.
  "pkg/__init__.py": '"""A package — of shapes, ½ of them round 🟢."""\nfrom .shapes import Circle, Square\n\n__all__ = ["Circle", "Square"]\n',
  "pkg/shapes.py":
    'from lib.base import Shape\n\n\nclass Circle(Shape):\n    """A circle."""\n\n    def area(self, precision: int = 2) -> float:\n        return 3.14\n\n\nclass Square(Shape):\n    def area(self):\n        return 1.0\n',
  "pkg/util.py": "import missing_module\n\ndef helper(x, /, y=1, *, z):\n    pass\n",
};
const LIBRARY = {
  "lib/__init__.py": "",
  "lib/base.py": 'class Shape:\n    """Something with an area."""\n\n    def __init__(self, name="shape"):\n        self.name = name\n',
};

const tree = (name: string, files: Record<string, string>): string => writeTree(temp, name, files);

/** Runs the compiled CLI; returns its exit status and stderr. */
function cli(args: string[], cacheDir: string | null): { status: number | null; stderr: string } {
  const env = { ...process.env, STATIC_INSPECT_CACHE_DIR: cacheDir ?? path.join(temp, "unused") };
  const r = spawnSync(process.execPath, [BIN, ...args, ...(cacheDir === null ? ["--no-cache"] : [])], { encoding: "utf8", env, timeout: 60_000 });
  return { status: r.status, stderr: r.stderr };
}

function analyze(project: string, lib: string, out: string, cacheDir: string | null, extra: string[] = []) {
  const r = cli(["analyze", path.join(project, "pkg"), "--search-path", lib, "--no-python-search-path", "-o", out, "-v", ...extra], cacheDir);
  expect(r.status, r.stderr).toBe(0);
  return r.stderr;
}

const entries = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? entries(path.join(dir, e.name)) : [path.join(dir, e.name)]));

describe("the cache gives the same bundle, byte for byte", () => {
  const project = tree("identity", PROJECT);
  const lib = tree("identity-lib", LIBRARY);
  const out = (name: string) => path.join(temp, "identity-out", `${name}.json`);
  const cache = path.join(temp, "identity-cache");

  it("with --no-cache, a cold cache, warm summaries, a reused run and worker threads", () => {
    analyze(project, lib, out("no-cache"), null);
    const reference = readFileSync(out("no-cache"));
    expect(JSON.parse(reference.toString()).modules.map((m: { id: string }) => m.id)).toEqual(["pkg", "pkg.shapes", "pkg.util"]);

    const cold = analyze(project, lib, out("cold"), cache);
    expect(cold).toMatch(/summary cache: 0 hits, 4 misses, 4 written/); // 3 analysed + lib.base (lib is found, not read)
    expect(readFileSync(out("cold"))).toEqual(reference);

    const reused = analyze(project, lib, out("reused"), cache);
    expect(reused).toContain("unchanged since the cached run");
    expect(readFileSync(out("reused"))).toEqual(reference);

    rmSync(path.join(cache, "runs"), { recursive: true });
    const warm = analyze(project, lib, out("warm"), cache);
    expect(warm).toMatch(/summary cache: 4 hits, 0 misses, 0 written/);
    expect(readFileSync(out("warm"))).toEqual(reference);

    rmSync(path.join(cache, "runs"), { recursive: true });
    const threads = analyze(project, lib, out("threads"), cache, ["--jobs", "2"]);
    expect(threads).toContain("3 files to analyse on 2 worker threads");
    expect(readFileSync(out("threads"))).toEqual(reference);

    const coldThreads = analyze(project, lib, out("cold-threads"), path.join(temp, "identity-cache-2"), ["--jobs", "2"]);
    expect(coldThreads).toMatch(/summary cache: 0 hits, 4 misses, 4 written/);
    expect(readFileSync(out("cold-threads"))).toEqual(reference);
  });

  it("with worker threads taking several files a task, in order, cold and warm", () => {
    // 40 files on 2 threads: 20 tasks of batchSize(40, 2) = 2 files each.
    const files: Record<string, string> = { "many/__init__.py": "" };
    for (let i = 0; i < 39; i++) files[`many/m${i}.py`] = `from .m${(i + 1) % 39} import f${(i + 1) % 39} as g\n\ndef f${i}(a, b=${i}):\n    """F ${i}."""\n`;
    const root = tree("many", files);
    const run = (name: string, cacheDir: string | null, jobs: string[]) => {
      const r = cli(["analyze", path.join(root, "many"), "--no-python-search-path", "-o", out(name), "-v", ...jobs], cacheDir);
      expect(r.status, r.stderr).toBe(0);
      return r.stderr;
    };
    run("many-one", null, ["--jobs", "1"]);
    const reference = readFileSync(out("many-one"));
    expect(JSON.parse(reference.toString()).modules).toHaveLength(40);
    const threadCache = path.join(temp, "many-cache");
    expect(run("many-cold", threadCache, ["--jobs", "2"])).toMatch(/40 files to analyse on 2 worker threads[\s\S]*summary cache: 0 hits, 40 misses, 40 written/);
    expect(readFileSync(out("many-cold"))).toEqual(reference);
    rmSync(path.join(threadCache, "runs"), { recursive: true });
    expect(run("many-warm", threadCache, ["--jobs", "2"])).toMatch(/summary cache: 40 hits, 0 misses, 0 written/);
    expect(readFileSync(out("many-warm"))).toEqual(reference);
  });
});

describe("what the cache notices", () => {
  it("an edit to an analysed file, to a module on the search path, and a module that appears there", () => {
    const project = tree("edits", PROJECT);
    const lib = tree("edits-lib", LIBRARY);
    const cache = path.join(temp, "edits-cache");
    const out = path.join(temp, "edits-out", "b.json");
    const fresh = path.join(temp, "edits-out", "fresh.json");
    const same = () => {
      analyze(project, lib, fresh, null);
      expect(readFileSync(out)).toEqual(readFileSync(fresh));
    };
    analyze(project, lib, out, cache);

    writeFileSync(path.join(project, "pkg/util.py"), "import missing_module\n\ndef helper(x, y=2):\n    pass\n");
    const edited = analyze(project, lib, out, cache);
    expect(edited).not.toContain("unchanged since the cached run");
    expect(edited).toMatch(/summary cache: 3 hits, 1 misses, 1 written/);
    // Six parts (`m` and `m:` of each module); pkg and pkg.shapes import nothing of pkg.util.
    expect(edited).toContain("bundle parts: 4 reused, 2 made");
    same();

    // Shape's docstring is inherited by Square (getdoc), so the bundle must change with it.
    writeFileSync(path.join(lib, "lib/base.py"), 'class Shape:\n    """Something else."""\n');
    const base = analyze(project, lib, out, cache);
    expect(base).not.toContain("unchanged since the cached run");
    // Made again: pkg.shapes (its members name Shape), pkg.shapes: (Circle and Square inherit from
    // Shape) and pkg: (the aliases showing their views). The module pkg's members stop at
    // pkg.shapes, and pkg.util reads nothing of lib.
    expect(base).toContain("bundle parts: 3 reused, 3 made");
    expect(readFileSync(out, "utf8")).toContain("Something else.");
    same();

    // `import missing_module` was looked up and not found; now it exists on the search path.
    writeFileSync(path.join(lib, "missing_module.py"), "X = 1\n");
    const appeared = analyze(project, lib, out, cache);
    expect(appeared).not.toContain("unchanged since the cached run");
    // Only the link pass's diagnostic changes: no part's answers read whether it exists (pkg.util's
    // members name it by the import alone).
    expect(appeared).toContain("bundle parts: 6 reused, 0 made");
    same();

    // A module whose absence a part's answers read (the object `from missing_two import thing` names):
    // when it appears, that part is made again.
    writeFileSync(path.join(project, "pkg/util.py"), "from missing_two import thing\n\ndef helper(x, y=2):\n    pass\n");
    expect(analyze(project, lib, out, cache)).toContain("bundle parts: 4 reused, 2 made");
    same();
    writeFileSync(path.join(lib, "missing_two.py"), "def thing(a, b=3):\n    pass\n");
    const second = analyze(project, lib, out, cache);
    expect(second).toContain("bundle parts: 4 reused, 2 made"); // pkg.util and pkg.util:
    expect(readFileSync(out, "utf8")).toContain('"missing_two:thing"');
    same();
    expect(analyze(project, lib, out, cache)).toContain("unchanged since the cached run");
  });

  it("trusts a file's stat stamp only when older than the run; bytes rewritten with their mtime put back are noticed", async () => {
    const project = tree("stamps", PROJECT);
    const lib = tree("stamps-lib", LIBRARY);
    const cache = path.join(temp, "stamps-cache");
    const out = path.join(temp, "stamps-out", "b.json");
    const fresh = path.join(temp, "stamps-out", "fresh.json");
    const util = path.join(project, "pkg/util.py");
    // A stamp is stored only for a file whose mtime and ctime are 2 s older than the run's start.
    await new Promise((resolve) => setTimeout(resolve, 2200));
    writeFileSync(path.join(project, "pkg/__init__.py"), PROJECT["pkg/__init__.py"] + "# written just before the run\n");
    analyze(project, lib, out, cache);
    const folder = path.join(cache, "runs", "v2");
    const [recordFile] = readdirSync(folder).filter((f) => f.endsWith(".json") && !f.endsWith(".parts.json"));
    const record = JSON.parse(readFileSync(path.join(folder, recordFile!), "utf8")) as {
      files: [{ module: string }, string, unknown][];
      lookups: [string, unknown, string | null, unknown][];
      listings: [string, unknown][] | null;
    };
    // The folders whose listings answered the lookups (of `lib.base` and `missing_module`, on both
    // roots), with the candidate folders that are not there.
    expect(Object.fromEntries(record.listings!.map(([dir, stamp]) => [path.relative(temp, dir), stamp !== null]))).toEqual({
      stamps: true,
      "stamps/lib": false,
      "stamps/lib/base": false,
      "stamps/missing_module": false,
      "stamps-lib": true,
      "stamps-lib/lib": true,
      "stamps-lib/lib/base": false,
      "stamps-lib/missing_module": false,
    });
    const stamped = (rows: [string, unknown][]) => Object.fromEntries(rows.map(([name, stamp]) => [name, stamp !== null]));
    expect(stamped(record.files.map(([f, , stamp]) => [f.module, stamp]))).toEqual({ pkg: false, "pkg.shapes": true, "pkg.util": true });
    // Looked-up files whose bytes were read (`missing_module` was not found).
    expect(stamped(record.lookups.filter(([, , hash]) => hash !== null).map(([name, , , stamp]) => [name, stamp]))).toEqual({ "lib.base": true });
    // Touched, same bytes: the stamp differs, the hash does not.
    const before = statSync(util);
    utimesSync(util, before.atime, new Date(before.mtimeMs + 5000));
    expect(analyze(project, lib, out, cache)).toContain("unchanged since the cached run");
    // Other bytes of the same size, the old mtime restored: the ctime tells.
    writeFileSync(util, readFileSync(util, "utf8").replace("y=1", "y=7"));
    utimesSync(util, before.atime, before.mtime);
    expect(statSync(util).size).toBe(before.size);
    expect(analyze(project, lib, out, cache)).not.toContain("unchanged since the cached run");
    analyze(project, lib, fresh, null);
    expect(readFileSync(out)).toEqual(readFileSync(fresh));
  });

  it("sees a module appear in a folder whose listing stood for the lookups", async () => {
    const project = tree("listings", PROJECT);
    const lib = tree("listings-lib", LIBRARY);
    const cache = path.join(temp, "listings-cache");
    const out = path.join(temp, "listings-out", "b.json");
    await new Promise((resolve) => setTimeout(resolve, 2200)); // old enough for the listings to be stamped
    analyze(project, lib, out, cache);
    expect(analyze(project, lib, out, cache)).toContain("unchanged since the cached run");
    writeFileSync(path.join(lib, "missing_module.py"), "X = 1\n");
    expect(analyze(project, lib, out, cache)).not.toContain("unchanged since the cached run");
    const fresh = path.join(temp, "listings-out", "fresh.json");
    analyze(project, lib, fresh, null);
    expect(readFileSync(out)).toEqual(readFileSync(fresh));
  });

  it("ignores, counts and replaces corrupt and foreign summary entries", () => {
    const project = tree("corrupt", PROJECT);
    const lib = tree("corrupt-lib", LIBRARY);
    const cache = path.join(temp, "corrupt-cache");
    const out = path.join(temp, "corrupt-out", "b.json");
    analyze(project, lib, out, cache);
    const reference = readFileSync(out);
    const files = entries(path.join(cache, "summaries")).sort();
    expect(files).toHaveLength(4);
    writeFileSync(files[0]!, "not json at all");
    writeFileSync(files[1]!, readFileSync(files[2]!)); // another entry's content: a foreign key
    writeFileSync(files[3]!, readFileSync(files[3]!, "utf8").slice(0, 100)); // truncated
    rmSync(path.join(cache, "runs"), { recursive: true });
    for (const jobs of ["1", "2"]) {
      const r = analyze(project, lib, out, cache, ["--jobs", jobs]);
      expect(readFileSync(out)).toEqual(reference);
      if (jobs === "1") {
        expect(r).toContain("warning: 3 corrupt or foreign cache entries ignored");
        expect(r).toMatch(/summary cache: 1 hits, 0 misses, 3 written/);
      } else expect(r).toMatch(/summary cache: 4 hits, 0 misses, 0 written/); // replaced by the run before
      rmSync(path.join(cache, "runs"), { recursive: true });
    }
  });

  it("a part index pointing at the wrong text, or at a changed bundle, makes those parts again", () => {
    const project = tree("corrupt-parts", PROJECT);
    const lib = tree("corrupt-parts-lib", LIBRARY);
    const cache = path.join(temp, "corrupt-parts-cache");
    const out = path.join(temp, "corrupt-parts-out", "b.json");
    const fresh = path.join(temp, "corrupt-parts-out", "fresh.json");
    analyze(project, lib, out, cache);
    const [indexFile] = entries(path.join(cache, "runs")).filter((f) => f.endsWith(".parts.json"));
    const index = JSON.parse(readFileSync(indexFile!, "utf8")) as { parts: [string, string, number, number, number, number, unknown][] };
    expect(index.parts.map((p) => p[0])).toEqual(["pkg", "pkg.shapes", "pkg.shapes:", "pkg.util", "pkg.util:", "pkg:"]);
    // Each range (in bytes) is one or more whole objects of the bundle written.
    const bytes = readFileSync(out);
    for (const [, , , count, start, end] of index.parts) expect(JSON.parse(`[${bytes.subarray(start, end).toString("utf8")}]`)).toHaveLength(count);
    // pkg's range moved by one: its text no longer starts and ends an object, so it is made again.
    index.parts[0]![4] += 1;
    writeFileSync(indexFile!, JSON.stringify(index));
    writeFileSync(path.join(project, "pkg/util.py"), "def helper():\n    pass\n");
    expect(analyze(project, lib, out, cache)).toContain("bundle parts: 3 reused, 3 made");
    analyze(project, lib, fresh, null);
    expect(readFileSync(out)).toEqual(readFileSync(fresh));
    // The output is the kept bundle's second name: changed in place, no part is read from it.
    writeFileSync(out, readFileSync(out, "utf8").replace(/"pkg"/g, '"PKG"'));
    writeFileSync(path.join(project, "pkg/util.py"), "def helper(a):\n    pass\n");
    expect(analyze(project, lib, out, cache)).toContain("bundle parts: 0 reused, 6 made");
    analyze(project, lib, fresh, null);
    expect(readFileSync(out)).toEqual(readFileSync(fresh));
  });

  it("a corrupt or foreign whole-run record is a full run, not a failure", () => {
    const project = tree("corrupt-run", PROJECT);
    const lib = tree("corrupt-run-lib", LIBRARY);
    const cache = path.join(temp, "corrupt-run-cache");
    const out = path.join(temp, "corrupt-run-out", "b.json");
    analyze(project, lib, out, cache);
    const reference = readFileSync(out);
    for (const file of entries(path.join(cache, "runs"))) writeFileSync(file, file.endsWith(".json") ? "{" : "[]");
    expect(analyze(project, lib, out, cache)).not.toContain("unchanged since the cached run");
    expect(readFileSync(out)).toEqual(reference);
    expect(analyze(project, lib, out, cache)).toContain("unchanged since the cached run");
  });
});

describe("analyze --watch", () => {
  it("reuses a run that reached a namespace package on the search path, until a portion of it changes", () => {
    const project = tree("ns-p", { "app/__init__.py": "import nsp\nfrom nsp import mod\n\nclass App(mod.Base):\n    pass\n" });
    const lib = tree("ns-l", { "nsp/mod.py": 'class Base:\n    """Base."""\n' });
    const cache = path.join(temp, "ns-cache");
    const out = path.join(temp, "ns-out.json");
    const run = () => cli(["analyze", path.join(project, "app"), "--search-path", lib, "--no-python-search-path", "-o", out, "-v"], cache).stderr;
    expect(run()).not.toContain("unchanged since the cached run");
    expect(run()).toContain("unchanged since the cached run");
    writeFileSync(path.join(lib, "nsp", "mod.py"), 'class Base:\n    """Changed."""\n');
    expect(run()).not.toContain("unchanged since the cached run");
    expect(readFileSync(out, "utf8")).toContain('"Changed."');
  });

  it("keeps the run's bundle as a second name of the output; an output changed in place is not reused from it", () => {
    const project = tree("link-p", PROJECT);
    const lib = tree("link-l", LIBRARY);
    const cache = path.join(temp, "link-cache");
    const out = path.join(temp, "link-out.json");
    analyze(project, lib, out, cache);
    const good = readFileSync(out, "utf8");
    const kept = entries(path.join(cache, "runs")).filter((f) => f.endsWith(".bundle"));
    expect(kept).toHaveLength(1);
    expect(statSync(kept[0]!).ino).toBe(statSync(out).ino); // a hard link, not a copy
    // The same number of bytes, changed in place: both names see it, and the record's mtime tells.
    writeFileSync(out, good.replace('"A circle."', '"A CIRCLE."'));
    expect(statSync(out).size).toBe(Buffer.byteLength(good));
    expect(analyze(project, lib, out, cache)).not.toContain("unchanged since the cached run");
    expect(readFileSync(out, "utf8")).toBe(good);
    expect(analyze(project, lib, out, cache)).toContain("unchanged since the cached run");
    expect(readFileSync(out, "utf8")).toBe(good);
  });

  it("rewrites the bundle after an edit, the same bytes as a fresh run of the edited tree", async () => {
    const project = tree("watch", PROJECT);
    const lib = tree("watch-lib", LIBRARY);
    const out = path.join(temp, "watch-out", "b.json");
    mkdirSync(path.dirname(out), { recursive: true });
    const env = { ...process.env, STATIC_INSPECT_CACHE_DIR: path.join(temp, "watch-cache") };
    const child = spawn(process.execPath, [BIN, "analyze", path.join(project, "pkg"), "--search-path", lib, "--no-python-search-path", "-o", out, "--watch"], { env });
    let stderr = "";
    const lines = (pattern: RegExp, count: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; stderr:\n${stderr}`)), 30_000);
        const check = () => {
          if ((stderr.match(new RegExp(pattern, "gm")) ?? []).length >= count) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stderr.on("data", (d: Buffer) => {
          stderr += d.toString();
          check();
        });
        check();
      });
    try {
      await lines(/^static-inspect: watching /, 1);
      expect(stderr).toMatch(/^static-inspect: wrote b\.json|^static-inspect: wrote .*b\.json in \d+ ms: 3 modules/m);
      const before = statSync(out).mtimeMs;
      writeFileSync(path.join(project, "pkg/shapes.py"), PROJECT["pkg/shapes.py"].replace("precision: int = 2", "precision: int = 3"));
      await lines(/^static-inspect: updated .*b\.json in \d+ ms: 3 modules, \d+ objects, \d+ diagnostics \(\d+ errors\); changed: .*shapes\.py$/, 1);
      expect(statSync(out).mtimeMs).toBeGreaterThan(before);
      writeFileSync(path.join(project, "pkg/new.py"), "def added(a, b=1):\n    pass\n");
      await lines(/^static-inspect: updated .*: 4 modules/, 1);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.on("exit", resolve));
    }
    const fresh = path.join(temp, "watch-out", "fresh.json");
    analyze(project, lib, fresh, null);
    expect(readFileSync(out)).toEqual(readFileSync(fresh));
    expect(readFileSync(out, "utf8")).toContain('"precision: int = 3"'.slice(1, -1));
  });

  it("is a usage error without -o", () => {
    const r = cli(["analyze", "--watch"], null);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("static-inspect: error: --watch needs -o FILE: the bundle it rewrites on each change\n");
  });
});
