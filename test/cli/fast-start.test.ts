// The fast start (packages/cli/src/fast-start.ts) writes a cached result before the CLI is loaded:
// what it reads of a command line, that it gives the CLI's bytes, stderr and exit status, and that it
// declines, having written nothing, whenever the CLI has something else to do.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { fastStart, fastStartFlags } from "../../packages/cli/src/fast-start.ts";
import { main } from "../../packages/cli/src/main.ts";
import { writeTree } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const BIN = path.join(ROOT, "packages/cli/bin/static-inspect.cjs");
const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-fast-start-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("fastStartFlags", () => {
  it("reads the paths and flags as the CLI's commander definition does", () => {
    expect(fastStartFlags(["src", "-o", "out.json", "--exclude", "a/**", "tests", "--exclude=b/**", "-q", "--pretty", "--no-python-search-path"])).toEqual({
      paths: ["src", "tests"],
      flags: { output: "out.json", exclude: ["a/**", "b/**"], quiet: true, pretty: true, pythonSearchPath: false },
    });
    expect(fastStartFlags(["-oout.json", "--cache-dir", "c", "--target-version", "3.12", "--platform", "win32", "-j", "2", "--search-path", "x", "--search-path", "y"])).toEqual({
      paths: [],
      flags: { output: "out.json", cacheDir: "c", targetVersion: "3.12", platform: "win32", jobs: 2, searchPath: ["x", "y"] },
    });
    // The last of a repeated option wins, the negation included; `--` ends the options.
    expect(fastStartFlags(["--no-python-search-path", "--python-search-path", "-o", "a", "-o", "b", "--", "--pretty"])).toEqual({
      paths: ["--pretty"],
      flags: { pythonSearchPath: true, output: "b" },
    });
    expect(fastStartFlags(["-vq", "x.py"])).toEqual({ paths: ["x.py"], flags: { verbose: true, quiet: true } });
    expect(fastStartFlags(["--fail-on-error", "--any-extension", "--check-docstrings", "--docstring-style", "numpy", "--root", "r", "--python", "python3.12"])).toEqual({
      paths: [],
      flags: { failOnError: true, anyExtension: true, checkDocstrings: true, docstringStyle: "numpy", root: "r", python: "python3.12" },
    });
  });

  it("declines what it does not read, and what commander would reject or read its own way", () => {
    for (const args of [
      ["--watch", "-o", "x"],
      ["-w"],
      ["--no-cache"],
      ["--help"],
      ["--unknown"],
      ["--platform", "beos"],
      ["--target-version", "2.7"],
      ["--docstring-style", "markdown"],
      ["-j", "0"],
      ["-j", "1.5"],
      ["-o", "-q"],
      ["--pretty=yes"],
    ]) {
      expect(fastStartFlags(args), args.join(" ")).toBeNull();
    }
  });
});

/** Runs `main` in-process; returns its exit status and stderr. */
async function cli(args: string[]): Promise<{ status: number; stderr: string }> {
  let stderr = "";
  const status = await main(args, { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, isTTY: false, cwd: temp });
  return { status, stderr };
}

/** Runs {@link fastStart}; returns its answer and what it wrote to stderr. */
async function fast(args: string[]): Promise<{ status: number | null; stderr: string }> {
  let stderr = "";
  const status = await fastStart(args, { stderr: { write: (t: string) => (stderr += t) }, cwd: temp });
  return { status, stderr };
}

const timeless = (text: string) => text.replace(/in \d+\.\d\d s/g, "in T s").replace(/cpu \d+\.\d\d s, peak RSS \d+ MB/, "cpu C s, peak RSS R MB");

describe("fastStart", () => {
  const project = writeTree(temp, "project", {
    "pyproject.toml": '[project]\nname = "p"\nrequires-python = ">=3.6"\n',
    "pkg/__init__.py": "from .mod import f\n",
    "pkg/mod.py": "def f(a, /, b=1, *, c):\n    pass\n\nclass C:\n    def m(self): ...\n",
    "pkg/broken.py": "def broken(:\n",
  });
  const out = path.join(temp, "out", "bundle.json");
  const args = [path.join(project, "pkg"), "-o", out, "--cache-dir", path.join(temp, "cache"), "--no-python-search-path"];

  it("writes the cached bundle with the CLI's stderr (its warnings included) and exit status", async () => {
    const first = await cli(["analyze", ...args, "--fail-on-error"]);
    expect(first.status).toBe(1); // broken.py's syntax error
    const bytes = readFileSync(out);
    const reused = await cli(["analyze", ...args, "--fail-on-error"]);
    expect(reused.stderr).toMatch(/unchanged: the cached result/);
    rmSync(out);
    const started = await fast([...args, "--fail-on-error"]);
    expect(started.status).toBe(1);
    expect(readFileSync(out).equals(bytes)).toBe(true);
    // requires-python's warning, then the summary line: what the CLI printed for the same run.
    expect(started.stderr).toMatch(/^static-inspect: warning: requires-python ">=3.6" admits Python 3.6/);
    expect(timeless(started.stderr)).toBe(timeless(reused.stderr));
    // --verbose: the configuration, target, roots and cache lines, the reuse step, the summary and the usage.
    const verbose = await cli(["analyze", ...args, "-v"]);
    expect(verbose.stderr).toMatch(/unchanged since the cached run: wrote the cached bundle \(3 files checked\)/);
    expect(timeless((await fast([...args, "-v"])).stderr)).toBe(timeless(verbose.stderr));
    expect(await fast([...args, "-q"])).toEqual({ status: 0, stderr: "static-inspect: warning: requires-python \">=3.6\" admits Python 3.6; analysing for 3.8, the oldest supported\n" });
  });

  it("declines, having written nothing, when a file changed, for another command line, or for stdout", async () => {
    await cli(["analyze", ...args]);
    const before = statSync(out);
    const declined = async (a: string[]) => {
      expect(await fast(a), a.join(" ")).toEqual({ status: null, stderr: "" });
      expect(statSync(out).mtimeMs).toBe(before.mtimeMs);
      expect(statSync(out).ino).toBe(before.ino);
    };
    await declined([...args, "--pretty"]); // another option: another cached run, none yet
    await declined([...args.filter((a) => a !== out && a !== "-o")]); // stdout
    await declined([...args, "--watch"]);
    await declined([...args, path.join(project, "missing.py")]); // the CLI's usage error
    writeFileSync(path.join(project, "pkg/mod.py"), "def f(a, b=2):\n    pass\n");
    await declined(args);
    // The CLI's run stores the new result, which the next fast start writes.
    await cli(["analyze", ...args]);
    const bytes = readFileSync(out);
    rmSync(out);
    expect((await fast(args)).status).toBe(0);
    expect(readFileSync(out).equals(bytes)).toBe(true);
  });

  it("is what the installed command runs: the same bytes and stderr as the CLI's reuse", () => {
    // Preloaded: says on stdout whether the CLI's script was read (the bin reads it to compile it).
    const hook = path.join(temp, "hook.cjs");
    writeFileSync(hook, 'const fs = require("node:fs"); const read = fs.readFileSync; fs.readFileSync = function (file, ...rest) { if (String(file).endsWith("dist/static-inspect.cjs")) process.stdout.write("CLI loaded\\n"); return read.call(this, file, ...rest); };\n');
    const run = (env: Record<string, string>) => {
      const r = spawnSync(process.execPath, ["--require", hook, BIN, "analyze", ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      return { stderr: timeless(r.stderr), bytes: readFileSync(out), loaded: r.stdout === "CLI loaded\n" };
    };
    const cold = run({}); // the CLI's code fingerprint is the compiled one's: a run of its own first
    const fastRun = run({});
    const cliRun = run({ STATIC_INSPECT_FAST_START: "0" });
    expect([cold.loaded, fastRun.loaded, cliRun.loaded]).toEqual([true, false, true]);
    expect(fastRun.stderr).toMatch(/unchanged: the cached result/);
    expect(fastRun.stderr).toBe(cliRun.stderr);
    expect(fastRun.bytes.equals(cold.bytes) && cliRun.bytes.equals(cold.bytes)).toBe(true);
  });
});
