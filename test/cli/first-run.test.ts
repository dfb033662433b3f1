// What a new user meets first (issue 12): wrong input is a usage error, -o makes its folders,
// configuration is found where the project is, progress only on a terminal, interrupted writes
// leave the previous output and no temporary file.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main, type CliIO } from "@static-inspect/cli";
import { validateBundle } from "@static-inspect/emit";
import { removeStaleTempFiles, tempFileFor } from "../../packages/cli/src/atomic.ts";
import { runByCheckoutScript, staleBuilds } from "../../packages/cli/src/checkout.ts";
import { projectSearchStart, userDirectory } from "../../packages/cli/src/project.ts";
import { runCli, writeTree } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-first-run-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const run = runCli;

const tree = (name: string, files: Record<string, string>): string => writeTree(temp, name, files);

const ids = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { modules: { id: string }[] }).modules.map((m) => m.id);

describe("wrong input is a usage error", () => {
  it("exits 2 for a file that is not .py or .pyi given explicitly, and reads it with --any-extension", async () => {
    const dir = tree("not-python", { "README.md": "# Title\n\nSome *text*.\n", "setup.cfg": "[metadata]\nname = x\n" });
    const out = path.join(dir, "b.json");
    const r = await run(["analyze", "README.md", "-o", out], { cwd: dir });
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: "static-inspect: error: not a Python file: README.md (only .py and .pyi files are read; --any-extension reads it anyway)\n",
    });
    expect(existsSync(out)).toBe(false);
    const forced = await run(["analyze", "setup.cfg", "--any-extension", "--no-python-search-path", "-o", out], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(ids(out)).toEqual(["setup.cfg"]);
  });

  it("reads .pyi files given explicitly and skips non-Python files inside a directory", async () => {
    const dir = tree("stub-and-docs", { "api.pyi": "def f(x: int) -> int: ...\n", "pkg/__init__.py": "", "pkg/NOTES.md": "# no\n" });
    const out = path.join(dir, "b.json");
    expect((await run(["analyze", "api.pyi", "pkg", "--no-python-search-path", "-o", out], { cwd: dir })).code).toBe(0);
    expect(ids(out)).toEqual(["api", "pkg"]);
  });

  it("rejects an unknown --platform with the list of known ones, before writing anything", async () => {
    const dir = tree("platform", { "m.py": "x = 1\n" });
    const out = path.join(dir, "b.json");
    const r = await run(["analyze", "m.py", "--platform", "bogus", "-o", out], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "static-inspect: error: option '--platform <name>' argument 'bogus' is invalid. Allowed choices are aix, android, cygwin, darwin, emscripten, freebsd, ios, linux, wasi, win32.\n",
    );
    expect(existsSync(out)).toBe(false);
    expect((await run(["analyze", "m.py", "--platform", "darwin", "--no-python-search-path", "-o", out], { cwd: dir })).code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).target.platform).toBe("darwin");
  });
});

describe("configuration where the project is", () => {
  const project = () =>
    tree("project", {
      "pyproject.toml": '[tool.static-inspect]\nexclude = ["gen/**"]\nsearch-path = ["vendor"]\npython-search-path = false\n',
      "src/app/__init__.py": "from vendored import Base\n\nclass App(Base):\n    pass\n",
      "src/app/gen/__init__.py": "",
      "src/app/gen/big.py": "X = 1\n",
      "vendor/vendored.py": "class Base:\n    '''The base.'''\n",
    });

  it("reads pyproject.toml above the analysed paths, not above the current directory", async () => {
    const root = project();
    const elsewhere = tree("elsewhere", { "keep.txt": "" });
    const out = path.join(elsewhere, "b.json");
    const r = await run(["analyze", path.join(root, "src", "app"), "-o", out, "--verbose"], { cwd: elsewhere });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`static-inspect: configuration: ${path.join(root, "pyproject.toml")}\n`);
    expect(ids(out)).toEqual(["app"]); // exclude = ["gen/**"] applied
    const bundle = JSON.parse(readFileSync(out, "utf8"));
    const app = bundle.objects.find((o: { id: string }) => o.id === "app:App");
    expect(app.mro).toEqual(["app:App", "vendored:Base", "builtins:object"]); // search-path relative to pyproject.toml
  });

  it("falls back to the pyproject.toml above the current directory for paths outside any project", async () => {
    const root = project();
    const loose = tree("loose", { "m.py": "x = 1\n" });
    const r = await run(["analyze", path.join(loose, "m.py"), "-o", path.join(loose, "b.json"), "--verbose"], { cwd: root });
    expect(r.stderr).toContain(`static-inspect: configuration: ${path.join(root, "pyproject.toml")}\n`);
  });

  it("starts the search at the deepest folder holding every path", () => {
    expect(projectSearchStart(["/a/b/c/x.py", "/a/b/d"], "/u")).toBe("/a/b");
    expect(projectSearchStart(["/a/bc", "/a/b"], "/u")).toBe("/a");
    expect(projectSearchStart([], "/u")).toBe("/u");
  });

  it("takes the user's directory from INIT_CWD only under the checkout's own pnpm script", () => {
    const init = tree("init-cwd", { "x.py": "" });
    const script = { INIT_CWD: init, npm_package_json: path.join(ROOT, "package.json") };
    expect(userDirectory(script, ROOT, ROOT)).toBe(init);
    // another project's script runs from its package root, as npm runs it: keep cwd
    expect(userDirectory({ INIT_CWD: init, npm_package_json: path.join(temp, "package.json") }, temp, ROOT)).toBe(temp);
    // installed (no checkout), or run directly (no INIT_CWD), or from a subfolder: cwd
    expect(userDirectory(script, ROOT, null)).toBe(ROOT);
    expect(userDirectory({}, ROOT, ROOT)).toBe(ROOT);
    expect(userDirectory(script, path.join(ROOT, "packages"), ROOT)).toBe(path.join(ROOT, "packages"));
  });
});

describe("progress, --quiet and --verbose", () => {
  it("draws a bar with files done/total, modules and elapsed time on a terminal, and clears it", async () => {
    const r = await run(["analyze", "-o", path.join(temp, "tty", "b.json"), "--no-python-search-path"], { isTTY: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/static-inspect: analysing \[-{24}\] 0\/5 files \| 0 modules \| \d+s\x1b\[0K/);
    expect(r.stderr).toContain("\x1b[2K"); // the line is cleared before the summary
    expect(r.stderr).toMatch(/\x1b\[2Kanalyzed 5 modules, \d+ objects, \d+ diagnostics \(0 errors\) in \d+\.\d\d s → .*b\.json\n$/);
  });

  it("draws no bar over a bundle written to stdout: the bar is cleared before the first byte of it", async () => {
    let both = "";
    const io: CliIO = { stdout: { write: (s: string) => (both += s) }, stderr: { write: (s: string) => (both += s) }, isTTY: true };
    expect(await main(["analyze", "--no-python-search-path"], io)).toBe(0);
    const bundleAt = both.indexOf('{"$schema"');
    expect(both.slice(0, bundleAt)).toMatch(/static-inspect: analysing .*\x1b\[2K$/s);
    expect(both.slice(bundleAt)).not.toContain("static-inspect: ");
  });

  it("prints only the summary when stderr is not a terminal, nothing with --quiet, the steps with --verbose", async () => {
    const plain = await run(["analyze", "-o", path.join(temp, "plain", "b.json"), "--no-python-search-path"]);
    expect(plain.stderr).toMatch(/^analyzed 5 modules, \d+ objects, \d+ diagnostics \(0 errors\) in \d+\.\d\d s(?: \(unchanged: the cached result\))? → .*b\.json\n$/);
    const quiet = await run(["analyze", "-o", path.join(temp, "quiet", "b.json"), "--no-python-search-path", "--quiet"], { isTTY: true });
    expect(quiet).toEqual({ code: 0, stdout: "", stderr: "" });
    const verbose = await run(["analyze", "-o", path.join(temp, "verbose", "b.json"), "--no-python-search-path", "--verbose", "--no-cache"]);
    const lines = verbose.stderr.trimEnd().split("\n");
    expect(lines.map((l) => l.replace(/\d+\.\d\d s/g, "T s").replace(/: \/.*$/, ": PATH"))).toEqual([
      "static-inspect: configuration: no pyproject.toml found",
      "static-inspect: target: Python 3.11 on linux",
      "static-inspect: search roots: none",
      "static-inspect: cache: none (--no-cache)",
      "static-inspect: 5 files to analyse",
      "static-inspect: analysed and linked 5 modules in T s",
      expect.stringMatching(/^static-inspect: wrote \d+ entries in T s$/),
      expect.stringMatching(/^analyzed 5 modules, \d+ objects, \d+ diagnostics \(0 errors\) in T s → /),
      expect.stringMatching(/^static-inspect: cpu T s, peak RSS \d+ MB$/),
    ]);
  });
});

describe("interrupted and killed runs", () => {
  const tsx = path.join(ROOT, "node_modules", "tsx", "dist", "loader.mjs");

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`removes its temporary file on ${signal} and leaves the previous output intact`, async () => {
      const dir = tree(`signal-${signal}`, { "bundle.json": '{"previous": true}\n' });
      const out = path.join(dir, "bundle.json");
      const child = spawn(process.execPath, ["--conditions=@static-inspect/source", "--import", tsx, path.join(ROOT, "test/cli/child/slow-write.ts"), out], {
        stdio: "ignore",
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, sig) => resolve(sig)));
      // wait until the temporary file exists and has been written to
      const deadline = Date.now() + 30_000;
      const tmpName = () => readdirSync(dir).find((f) => f.endsWith(".tmp"));
      while (Date.now() < deadline) {
        const t = tmpName();
        if (t && readFileSync(path.join(dir, t)).length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(tmpName()).toMatch(new RegExp(`^\\.bundle\\.json\\.${child.pid}\\.\\d+\\.tmp$`));
      child.kill(signal);
      expect(await exited).toBe(signal); // ended by the signal itself, as without our handler
      expect(readdirSync(dir)).toEqual(["bundle.json"]);
      expect(readFileSync(out, "utf8")).toBe('{"previous": true}\n');
    });
  }

  it("removes stale temporary files of dead processes and keeps those of live ones", async () => {
    const dir = tree("stale", { "bundle.json": "{}\n", "other.json": "{}\n" });
    const out = path.join(dir, "bundle.json");
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const deadPid = Number(dead.stdout);
    const stale = tempFileFor(out, deadPid, 1);
    const live = tempFileFor(out, process.ppid, 2); // the process that runs vitest is alive
    const otherOutput = tempFileFor(path.join(dir, "other.json"), deadPid, 3);
    for (const f of [stale, live, otherOutput]) writeFileSync(f, "partial");
    expect(removeStaleTempFiles(out)).toEqual([stale]);
    expect(readdirSync(dir).sort()).toEqual([path.basename(live), path.basename(otherOutput), "bundle.json", "other.json"].sort());
    // and the CLI sweeps them before it writes
    writeFileSync(stale, "partial");
    const r = await run(["analyze", "-o", out, "--no-python-search-path"]);
    expect(r.code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(validateBundle(JSON.parse(readFileSync(out, "utf8")))).toEqual([]);
  });
});

describe("pnpm static-inspect runs compiled code", () => {
  it("names the packages whose src/ changed after their last build, so the checkout's command can warn", () => {
    const root = tree("fake-checkout", {
      "packages/parser/src/index.ts": "",
      "packages/parser/dist/.tsbuildinfo": "",
      "packages/analyzer/src/deep/x.ts": "",
      "packages/analyzer/dist/.tsbuildinfo": "",
      "packages/emit/src/index.ts": "", // never built: no warning (importing dist/ fails on its own)
    });
    const at = (rel: string, seconds: number) => utimesSync(path.join(root, rel), seconds, seconds);
    at("packages/parser/src/index.ts", 1000);
    at("packages/parser/dist/.tsbuildinfo", 2000);
    at("packages/analyzer/dist/.tsbuildinfo", 2000);
    at("packages/analyzer/src/deep/x.ts", 3000);
    expect(staleBuilds(root)).toEqual(["analyzer"]);
    at("packages/analyzer/dist/.tsbuildinfo", 4000);
    expect(staleBuilds(root)).toEqual([]);
    expect(staleBuilds(null)).toEqual([]);
  });

  it("checks only under the checkout's own pnpm script (npm_package_json is the root's package.json)", () => {
    const root = tree("fake-checkout-script", { "package.json": "{}", "packages/cli/package.json": "{}" });
    expect(runByCheckoutScript(root, { npm_package_json: path.join(root, "package.json") })).toBe(true);
    expect(runByCheckoutScript(root, { npm_package_json: path.join(root, "packages/cli/package.json") })).toBe(false);
    expect(runByCheckoutScript(root, {})).toBe(false);
    expect(runByCheckoutScript(null, { npm_package_json: path.join(root, "package.json") })).toBe(false);
  });
});
