import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SCHEMA_ID, validateBundle } from "@static-inspect/emit";
import { runCli } from "./helpers.ts";

const SAMPLES = fileURLToPath(new URL("../../samples", import.meta.url));
const SUMMARY = /^analyzed \d+ modules, \d+ objects, \d+ diagnostics \(\d+ errors\) in \d+\.\d\d s → .+\n$/;

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-cli-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Runs `main` in-process with captured streams. */
const run = runCli;

const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const hasPython = !python.error && python.status === 0;
if (!hasPython) console.log("skipping comparisons with python3: python3 is not available");

/** What `python3 -m inspect ARGS` prints, run from samples/ without writing bytecode. */
function pythonInspect(args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync("python3", ["-B", "-m", "inspect", ...args], { cwd: SAMPLES, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout };
}

function freshDir(name: string): string {
  const dir = path.join(temp, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe("analyze", () => {
  it("writes a valid bundle of the sample package atomically and prints a summary", async () => {
    const dir = freshDir("analyze-sample");
    const out = path.join(dir, "bundle.json");
    const r = await run(["analyze", "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(SUMMARY);
    expect(r.stderr).toContain(`→ ${out}`);
    expect(readdirSync(dir)).toEqual(["bundle.json"]); // no temporary file left behind
    const bundle = JSON.parse(readFileSync(out, "utf8"));
    expect(validateBundle(bundle)).toEqual([]);
    expect(bundle.modules.map((m: { id: string }) => m.id)).toContain("shapes.geometry");
  });

  it("writes the bundle to stdout without -o, indented with --pretty", async () => {
    const r = await run(["analyze", "--pretty"]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('{\n  "$schema"')).toBe(true);
    expect(validateBundle(JSON.parse(r.stdout))).toEqual([]);
    expect(r.stderr).toMatch(/→ <stdout>\n$/);
  });

  it("writes the bundle to stdout for -o -, and no file named -", async () => {
    const cwd = freshDir("dash");
    const r = await run(["analyze", "-o", "-", "--no-cache"], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(validateBundle(JSON.parse(r.stdout))).toEqual([]);
    expect(r.stderr).toMatch(/→ <stdout>\n$/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("shows progress only when stderr is a terminal", async () => {
    // --no-cache: an unchanged re-run would write the cached bundle, with no files to bind
    const tty = await run(["analyze", "-o", path.join(freshDir("tty"), "b.json"), "--no-cache"], { isTTY: true });
    expect(tty.stderr).toMatch(/static-inspect: analysing \[-+\] 0\/5 files \| 0 modules \| \d+s/);
    const plain = await run(["analyze", "-o", path.join(freshDir("plain"), "b.json")]);
    expect(plain.stderr.split("\n")).toHaveLength(2);
  });

  it("exits 2 with a one-line error and writes nothing for a missing path", async () => {
    const dir = freshDir("missing");
    const out = path.join(dir, "bundle.json");
    const r = await run(["analyze", path.join(dir, "no-such-dir"), "-o", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^static-inspect: error: no such file or directory: .*no-such-dir\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it("creates the missing parent directories of -o, as README's `-o out/api.json` needs", async () => {
    const out = path.join(temp, "nope", "deeper", "bundle.json");
    const r = await run(["analyze", "-o", out]);
    expect(r.code).toBe(0);
    expect(validateBundle(JSON.parse(readFileSync(out, "utf8")))).toEqual([]);
  });

  it("exits 2 before analysing when a parent of -o is a file", async () => {
    const dir = freshDir("parent-is-file");
    writeFileSync(path.join(dir, "plain"), "");
    const r = await run(["analyze", "-o", path.join(dir, "plain", "sub", "bundle.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^static-inspect: error: cannot write .*: .*plain is not a directory\n$/);
  });

  it("exits 1 with --fail-on-error on a file with a syntax error, 0 without", async () => {
    const dir = freshDir("syntax-error");
    writeFileSync(path.join(dir, "broken.py"), "def f(:\n    return 1\n\nclass C:\n    pass\n");
    const out = path.join(dir, "out", "bundle.json");
    mkdirSync(path.dirname(out));
    const failing = await run(["analyze", path.join(dir, "broken.py"), "--fail-on-error", "-o", out]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/\(([1-9]\d*) errors\)/);
    expect(validateBundle(JSON.parse(readFileSync(out, "utf8")))).toEqual([]); // still written
    const lenient = await run(["analyze", path.join(dir, "broken.py"), "-o", out]);
    expect(lenient.code).toBe(0);
  });

  it("rejects an unknown option with exit 2 and one line", async () => {
    const r = await run(["analyze", "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("static-inspect: error: unknown option '--bogus'\n");
  });
});

describe("validate", () => {
  it("accepts a bundle it wrote and reports each violation of a corrupted one", async () => {
    const dir = freshDir("validate");
    const good = path.join(dir, "good.json");
    expect((await run(["analyze", "-o", good])).code).toBe(0);
    const ok = await run(["validate", good]);
    expect(ok).toEqual({ code: 0, stdout: `${good}: valid\n`, stderr: "" });

    const bundle = JSON.parse(readFileSync(good, "utf8"));
    bundle.objects[0].kind = "gizmo";
    delete bundle.schemaVersion;
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify(bundle));
    const r = await run(["validate", bad]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: /\\S*: .+$`));
    expect(r.stdout).toContain(`${bad}: /objects/0/kind: `);
  });

  it("exits 2 on a file that is not JSON or does not exist", async () => {
    const notJson = path.join(freshDir("validate-2"), "x.json");
    writeFileSync(notJson, "{ not json");
    const r = await run(["validate", notJson]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^static-inspect: error: .*x\.json: not JSON: .*\n$/);
    const missing = await run(["validate", path.join(temp, "absent.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^static-inspect: error: cannot read .*absent\.json: ENOENT\n$/);
  });
});

describe("schema", () => {
  it("prints the JSON Schema with the bundle's $id", async () => {
    const r = await run(["schema"]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$id).toBe(SCHEMA_ID);
    expect(r.stdout).toContain('\n  "');
  });
});

describe("inspect", () => {
  const targets = [
    "shapes:Square",
    "shapes:Circle.area",
    "shapes:Rectangle.unit",
    "shapes:Color.parse",
    "shapes:Point",
    "shapes:make_scaler",
    "shapes.base",
    "shapes.transform:place",
  ];

  it("prints the source lines of a class, as python -m inspect does", async () => {
    const r = await run(["inspect", "shapes:Square"]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("# A square is")).toBe(false); // getsource leaves comments out
    expect(r.stdout.startsWith("class Square(Rectangle):\n")).toBe(true);
    expect(r.stdout.endsWith("        return self.width\n\n")).toBe(true);
  });

  it.skipIf(!hasPython).each(targets)("prints what python -m inspect prints for %s", async (target) => {
    const expected = pythonInspect([target]);
    expect(expected.status).toBe(0);
    const r = await run(["inspect", target, SAMPLES]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(expected.stdout);
  });

  it.skipIf(!hasPython).each([...targets, "shapes", "shapes:Shape.compactness"])(
    "prints python -m inspect --details for %s, without the Loader line",
    async (target) => {
      const expected = pythonInspect(["--details", target]);
      const r = await run(["inspect", "--details", target, SAMPLES]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expected.stdout.replace(/^Loader: .*\n/m, ""));
    },
  );

  it.skipIf(!hasPython)("finds inherited members through the MRO with --python-search-path", async () => {
    const expected = pythonInspect(["shapes:Square.area"]);
    const r = await run(["inspect", "shapes:Square.area", SAMPLES, "--python-search-path"]);
    expect(r.stdout).toBe(expected.stdout);
    expect(r.stdout.startsWith("    def area(self) -> float:\n        return self.width * self.height\n")).toBe(true);
  });

  it("exits 2 with one line for an unknown module or attribute", async () => {
    const attr = await run(["inspect", "shapes:Nope"]);
    expect(attr).toEqual({ code: 2, stdout: "", stderr: "static-inspect: error: module 'shapes' has no attribute 'Nope'\n" });
    const mod = await run(["inspect", "no_such_module"]);
    expect(mod.code).toBe(2);
    expect(mod.stderr).toMatch(/^static-inspect: error: cannot find module 'no_such_module' \(searched .*\)\n$/);
  });

  it("finds modules under search-path from [tool.static-inspect] in pyproject.toml", async () => {
    const project = freshDir("config");
    mkdirSync(path.join(project, "src", "pkg"), { recursive: true });
    writeFileSync(path.join(project, "src", "pkg", "__init__.py"), "def hello(name='world'):\n    return name\n");
    writeFileSync(path.join(project, "pyproject.toml"), '[project]\nname = "x"\n\n[tool.static-inspect]\nsearch-path = ["src"]\n');
    const sub = path.join(project, "docs");
    mkdirSync(sub);
    const r = await run(["inspect", "pkg:hello"], { cwd: sub });
    expect(r).toEqual({ code: 0, stdout: "def hello(name='world'):\n    return name\n\n", stderr: "" });
    const overridden = await run(["inspect", "pkg:hello", "--search-path", sub], { cwd: sub });
    expect(overridden.code).toBe(2);
  });
});

describe("help and version", () => {
  it("prints the version and help on stdout with exit 0", async () => {
    const v = await run(["--version"]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const h = await run(["--help"]);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain("analyze");
    expect(h.stdout).toContain("validate");
  });

  it("exits 2 on an unknown command", async () => {
    const r = await run(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("static-inspect: error: unknown command 'frobnicate'\n");
  });
});

describe("analyze --platform", () => {
  it("binds the branch that runs on the platform asked for, and records its condition", async () => {
    const dir = mkdtempSync(path.join(temp, "platform-"));
    const file = path.join(dir, "plat.py");
    writeFileSync(file, 'import sys\nif sys.platform == "win32":\n    def home():\n        return "C:"\nelse:\n    def home(user=None):\n        return "/"\n');
    const pick = (stdout: string) => {
      const bundle = JSON.parse(stdout);
      const home = bundle.objects.find((o: { id: string }) => o.id === "plat:home");
      return [bundle.target.platform, home.signature.text, home.conditions];
    };
    const win = await run(["analyze", file, "--platform", "win32", "--no-python-search-path"]);
    expect(win.code).toBe(0);
    expect(pick(win.stdout)).toEqual(["win32", "()", ['sys.platform == "win32"']]);
    const linux = await run(["analyze", file, "--no-python-search-path"]);
    expect(pick(linux.stdout)).toEqual(["linux", "(user=None)", ['not (sys.platform == "win32")']]);
  });
});
