/**
 * `emit stubs`: the golden stub of a fixture with every form, every stub of the fixtures and the sample
 * parsing with python's ast, and the differential against inspect.signature on a few stdlib modules
 * (the whole conformance list and the third-party list: `pnpm tsx tools/stubs/differential.ts`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { main, type CliIO } from "@static-inspect/cli";
import { buildBundle, isSimpleLiteral, renderStubs } from "@static-inspect/emit";
import { pythonSearchPath } from "../../tools/conformance/bind-main.ts";
import { stubDifferential } from "../../tools/stubs/differential.ts";

const repo = path.resolve(import.meta.dirname, "../..");
const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-stubs-test-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const searchPaths = pythonSearchPath();

/** The files among `files` that python's ast.parse rejects, with the error (one python3 run for all). */
function unparsable(files: readonly string[]): string[] {
  const r = spawnSync("python3", ["-c", "import ast,sys\nfor f in sys.argv[1:]:\n    try: ast.parse(open(f).read(), f)\n    except SyntaxError as e: print(f, e)", ...files], { encoding: "utf8" });
  expect(r.status).toBe(0);
  return r.stdout.split("\n").filter(Boolean);
}

describe("stubs", () => {
  it("renders the forms fixture as its reviewed golden", async () => {
    const dir = path.join(repo, "test/fixtures/stubs/forms");
    const [stub] = renderStubs(buildBundle(await analyze({ paths: [path.join(dir, "forms.py")], searchPaths })));
    expect(stub!.path).toBe("forms.pyi");
    expect(stub!.unresolved).toEqual([]);
    await expect(stub!.text).toMatchFileSnapshot(path.join(dir, "forms.pyi"));
  });

  it("every stub of the sample and of the diff fixtures parses with ast.parse, written by emit stubs", async () => {
    const roots = [path.join(repo, "samples/shapes"), path.join(repo, "test/fixtures/stubs/forms/forms.py"), ...readdirSync(path.join(repo, "test/fixtures/diff")).flatMap((c) => ["old", "new"].map((v) => path.join(repo, "test/fixtures/diff", c, v)))];
    const files: string[] = [];
    for (const [i, root] of roots.entries()) {
      const bundle = path.join(temp, `b${i}.json`);
      writeFileSync(bundle, JSON.stringify(buildBundle(await analyze({ paths: [root], searchPaths }))));
      const out = path.join(temp, `s${i}`);
      let stderr = "";
      const io: CliIO = { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, isTTY: false, cwd: temp };
      expect(await main(["emit", "stubs", bundle, "-o", out], io)).toBe(0);
      expect(stderr).toMatch(/^stubs: \d+ written, 0 unresolved names/);
      for (const f of readdirSync(out, { recursive: true }) as string[]) {
        if (f.endsWith(".pyi")) files.push(path.join(out, f));
      }
    }
    expect(files.length).toBeGreaterThan(10);
    expect(unparsable(files)).toEqual([]);
  });

  it("writes alias objects (bundles that record them) as explicit re-exports", () => {
    const o = (id: string, kind: string, parent: string, extra: Record<string, unknown> = {}) => ({ id, kind, parent, name: id.split(/[:.]/).pop(), qualname: id.split(":")[1], span: { line: 1, endLine: 1 }, decorators: [], ...extra });
    const bundle = {
      modules: [{ id: "pkg", file: "pkg/__init__.py", isPackage: true, all: ["X", "sub"] }],
      objects: [o("pkg", "module", null as unknown as string), o("pkg:X", "alias", "pkg", { target: "pkg._b:X" }), o("pkg:sub", "alias", "pkg", { target: "pkg.sub" })],
    };
    expect(renderStubs(bundle as never)[0]!.text).toBe('__all__ = ["X", "sub"]\n\nfrom pkg._b import X as X\nfrom pkg import sub as sub\n');
  });

  it("keeps simple literals and nothing else", () => {
    expect(["1", "-1.5e3", "0xFF", "'a'", 'b"x"', "None", "True", "..."].every(isSimpleLiteral)).toBe(true);
    expect(["[1]", "(1, 2)", "f()", "'a\\n'", "x", "1 + 2"].some(isSimpleLiteral)).toBe(false);
  });

  it("stub signatures agree with inspect.signature (names, kinds, default-presence) on stdlib modules", async () => {
    const report = await stubDifferential(["inspect", "dataclasses", "textwrap", "argparse", "json", "pathlib", "enum"]);
    expect(report.parseErrors).toEqual([]);
    expect(report.mismatches).toEqual([]);
    expect(report.compared).toBeGreaterThanOrEqual(270);
    expect(report.matched).toBe(report.compared);
  }, 60_000);
});
