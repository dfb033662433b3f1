/**
 * `diff`: fixture pairs of real packages (test/fixtures/diff/<case>/{old,new}, analysed here) give
 * exactly their expected breakages; alias moves on hand-built bundles (the analyzer does not emit
 * alias objects yet); the report validates against the committed diff schema; formats; the command's
 * exit codes and its git sides.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { main, type CliIO } from "@static-inspect/cli";
import { buildBundle, diffBundles, diffJsonSchema, formatReport, validateDiffReport, type Bundle, type BundleObject, type DiffReport } from "@static-inspect/emit";
import { pythonSearchPath } from "../../tools/conformance/bind-main.ts";

const repo = path.resolve(import.meta.dirname, "../..");
const fixtures = path.join(repo, "test/fixtures/diff");
const searchPaths = pythonSearchPath();
const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-diff-test-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const bundleOf = async (dir: string) => buildBundle(await analyze({ paths: [dir], searchPaths }));
const line = (b: DiffReport["breakages"][number]) => `${b.kind} ${b.path}${b.parameter ? `(${b.parameter})` : ""}`;

describe("fixture pairs", () => {
  const cases = readdirSync(fixtures).sort();
  it("covers every breakage kind that needs no alias", () => {
    const kinds = new Set(cases.flatMap((c) => (JSON.parse(readFileSync(path.join(fixtures, c, "expected.json"), "utf8")).breakages as string[]).map((l) => l.split(" ")[0])));
    expect([...kinds].sort()).toEqual(
      ["ATTRIBUTE_CHANGED_TYPE", "ATTRIBUTE_CHANGED_VALUE", "CLASS_REMOVED_BASE", "CLASS_SIGNATURE_CHANGED", "INHERITED_MEMBER_LOST", "MRO_CHANGED", "OBJECT_CHANGED_KIND", "OBJECT_REMOVED", "PARAMETER_ADDED_REQUIRED", "PARAMETER_CHANGED_DEFAULT", "PARAMETER_CHANGED_KIND", "PARAMETER_CHANGED_REQUIRED", "PARAMETER_MOVED", "PARAMETER_REMOVED", "RETURN_CHANGED_TYPE"],
    );
  });
  it.each(cases)("%s gives exactly its expected breakages", async (name) => {
    const expected = JSON.parse(readFileSync(path.join(fixtures, name, "expected.json"), "utf8"));
    const report = diffBundles(await bundleOf(path.join(fixtures, name, "old")), await bundleOf(path.join(fixtures, name, "new")));
    expect(report.breakages.map(line)).toEqual(expected.breakages);
    expect(report.added.map((a) => a.path)).toEqual(expected.added);
    expect(report.removed.map((a) => a.path)).toEqual(expected.removed);
    expect(validateDiffReport(report)).toEqual([]);
    // The same versions compared with themselves: nothing.
    const same = diffBundles(await bundleOf(path.join(fixtures, name, "new")), await bundleOf(path.join(fixtures, name, "new")));
    expect([same.breakages, same.added, same.removed]).toEqual([[], [], []]);
  });
});

/** A minimal bundle object (the fields the diff reads), with alias fields allowed. */
function obj(id: string, kind: string, extra: Partial<BundleObject> & Record<string, unknown> = {}): BundleObject {
  const [module, qualname] = id.includes(":") ? id.split(":") : [id, null];
  const parent = qualname === null ? null : qualname.includes(".") ? `${module}:${qualname.slice(0, qualname.lastIndexOf("."))}` : module!;
  return {
    id, module: module!, qualname, name: (qualname ?? module!).split(".").pop()!, kind, parent, file: `${module!.replace(/\./g, "/")}.py`, span: { line: 1, endLine: 1 },
    signature: null, bases: null, mro: null, members: null, annotation: null, value: null, ...extra,
  } as unknown as BundleObject;
}
const sig = (...names: string[]) => ({ text: `(${names.join(", ")})`, return_annotation: null, parameters: names.map((n) => ({ name: n, kind: "POSITIONAL_OR_KEYWORD", default: null, annotation: null })) });
function handBundle(objects: BundleObject[], all: Record<string, string[] | null>): Bundle {
  return { modules: Object.entries(all).map(([id, a]) => ({ id, file: `${id}.py`, isPackage: false, all: a })), objects: [...objects].sort((a, b) => (a.id < b.id ? -1 : 1)) } as unknown as Bundle;
}

describe("aliases (hand-built bundles with alias objects and is_public)", () => {
  const version = (home: string, params: string[], annotation: string) =>
    handBundle(
      [
        obj("pkg", "module"),
        obj(`pkg.${home}`, "module"),
        obj(`pkg:X`, "alias", { target: `pkg.${home}:X`, is_public: true }),
        obj(`pkg:Y`, "alias", { target: "pkg:X", is_public: true }),
        obj(`pkg.${home}:X`, "class", { is_public: false, mro: [`pkg.${home}:X`, "builtins:object"], members: [{ name: "run", owner: `pkg.${home}:X` }] }),
        obj(`pkg.${home}:X.run`, "method", { signature: sig("self", ...params), is_public: true }),
        obj(`pkg.${home}:f`, "function", { is_public: false, signature: { ...sig(), return_annotation: { text: annotation, rendered: annotation, refs: [{ name: annotation, id: `pkg.${home}:X` }] } } }),
        obj(`pkg:f`, "alias", { target: `pkg.${home}:f`, is_public: true }),
      ],
      { pkg: null, [`pkg.${home}`]: null },
    );

  it("a class moved from pkg._a to pkg._b, exported as pkg.X, is no break (and annotations naming it agree)", () => {
    const report = diffBundles(version("_a", ["x"], "X"), version("_b", ["x"], "X"));
    expect([report.breakages, report.added, report.removed]).toEqual([[], [], []]);
  });
  it("a change behind the alias chain is reported once, at the shortest public path", () => {
    const report = diffBundles(version("_a", ["x"], "X"), version("_b", ["y"], "X"));
    expect(report.breakages.map(line)).toEqual(["PARAMETER_ADDED_REQUIRED pkg.X.run(y)", "PARAMETER_REMOVED pkg.X.run(x)"]);
  });
  it("an alias whose target is gone removes the public path", () => {
    const b = version("_b", ["x"], "X");
    const broken = { ...b, objects: b.objects.filter((o) => o.id !== "pkg._b:X" && o.id !== "pkg._b:X.run") } as Bundle;
    const report = diffBundles(version("_a", ["x"], "X"), broken);
    expect(report.breakages.map(line)).toEqual(["OBJECT_REMOVED pkg.X.run"]);
    expect(report.removed.map((r) => r.path)).toEqual(["pkg.X.run", "pkg.Y.run"]);
  });
});

describe("instance attributes", () => {
  it("a documented self.x of __init__ (in the bundle only while documented) is not compared", () => {
    const cls = obj("m:C", "class", { mro: ["m:C", "builtins:object"], members: [] });
    const old = handBundle([obj("m", "module"), cls, obj("m:C.x", "attribute", { instance: true, value: "1" })], { m: null });
    const report = diffBundles(old, handBundle([obj("m", "module"), cls], { m: null }));
    expect([report.breakages, report.added, report.removed]).toEqual([[], [], []]);
  });
});

describe("report", () => {
  it("the committed diff schema is current and compiles in ajv's strict mode", () => {
    expect(JSON.parse(readFileSync(path.join(repo, "packages/emit/schema/diff.schema.json"), "utf8"))).toEqual(diffJsonSchema());
    expect(validateDiffReport({ $schema: "urn:static-inspect:diff:1", schemaVersion: "1.0", old: "a", new: "b", added: [], removed: [], breakages: [{ kind: "NOPE" }] }).length).toBeGreaterThan(0);
  });
  const report: DiffReport = {
    $schema: "urn:static-inspect:diff:1", schemaVersion: "1.0", old: "v1", new: "v2", added: [], removed: [],
    breakages: [
      { kind: "PARAMETER_CHANGED_DEFAULT", severity: "warning", path: "pkg.f", parameter: "a", message: "Parameter default was changed", old: "'a,b'", new: "'100%'", oldId: "pkg:f", newId: "pkg:f", location: { file: "src/a,b.py", line: 3 } },
      { kind: "OBJECT_REMOVED", severity: "error", path: "pkg.g", parameter: null, message: "Public object was removed", old: "function", new: null, oldId: "pkg:g", newId: null, location: null },
    ],
  };
  it("GitHub annotations escape properties and data", () => {
    expect(formatReport(report, "github")).toBe(
      "::warning file=src/a%2Cb.py,line=3,title=PARAMETER_CHANGED_DEFAULT::pkg.f(a): Parameter default was changed: 'a,b' -> '100%25'\n" +
        "::error title=OBJECT_REMOVED::pkg.g: Public object was removed: was function\n" +
        "::notice title=static-inspect diff::2 breakages (1 error, 1 warning); 0 added, 0 removed\n",
    );
  });
  it("text and Markdown", () => {
    expect(formatReport(report, "text")).toBe(
      "src/a,b.py:3: pkg.f(a): Parameter default was changed [PARAMETER_CHANGED_DEFAULT]: 'a,b' -> '100%'\npkg.g: Public object was removed [OBJECT_REMOVED]: was function\n2 breakages (1 error, 1 warning); 0 added, 0 removed\n",
    );
    expect(formatReport(report, "markdown")).toContain("| `pkg.f(a)` | PARAMETER_CHANGED_DEFAULT | Parameter default was changed | `'a,b'` | `'100%'` | src/a,b.py:3 |");
  });
});

async function run(argv: string[], cwd = temp) {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, isTTY: false, cwd };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe("static-inspect diff", () => {
  const c = path.join(fixtures, "base-init");
  it("exits 1 with breakages, 0 without, 2 on usage errors", async () => {
    const broke = await run(["diff", path.join(c, "old"), path.join(c, "new"), "--format", "json"]);
    expect(broke.code).toBe(1);
    expect(validateDiffReport(JSON.parse(broke.stdout))).toEqual([]);
    expect((await run(["diff", path.join(c, "new"), path.join(c, "new")])).code).toBe(0);
    expect((await run(["diff", path.join(c, "new")])).code).toBe(2);
    const missing = await run(["diff", "nowhere", path.join(c, "new")]);
    expect([missing.code, missing.stderr]).toEqual([2, "static-inspect: error: no such file, directory or git REF:path: nowhere\n"]);
    expect((await run(["diff", path.join(c, "new"), path.join(c, "new"), "--format", "yaml"])).code).toBe(2);
  });
  it("reads bundles, writes -o atomically", async () => {
    const o = path.join(temp, "old.json");
    const n = path.join(temp, "new.json");
    writeFileSync(o, JSON.stringify(await bundleOf(path.join(c, "old"))));
    writeFileSync(n, JSON.stringify(await bundleOf(path.join(c, "new"))));
    const r = await run(["diff", o, n, "-f", "markdown", "-o", "report.md"]);
    expect(r.code).toBe(1);
    expect(readFileSync(path.join(temp, "report.md"), "utf8")).toContain("| `pkg.Sub` | CLASS_SIGNATURE_CHANGED |");
  });
  it("compares git refs (REF:path and --git REF PATH) and removes its temporary folders", async () => {
    const git = path.join(temp, "repo");
    mkdirSync(git);
    const g = (...args: string[]) => expect(spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: git, encoding: "utf8" }).status).toBe(0);
    g("init", "-q");
    cpSync(path.join(c, "old"), git, { recursive: true });
    g("add", "-A");
    g("commit", "-qm", "v1");
    g("tag", "v1");
    cpSync(path.join(c, "new"), git, { recursive: true });
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith("static-inspect-diff-") && !f.includes("test")).length;
    const a = await run(["diff", "v1:pkg", "pkg"], git);
    const b = await run(["diff", "--git", "v1", "pkg"], git);
    expect([a.code, b.code]).toEqual([1, 1]);
    expect(a.stdout).toBe(b.stdout.replace("v1:pkg", "v1:pkg"));
    expect(a.stdout.split("\n").slice(0, 3)).toEqual([
      "pkg/__init__.py:5: pkg.Base.__init__(colour): Parameter was added as required [PARAMETER_ADDED_REQUIRED]: now colour",
      "pkg/__init__.py:5: pkg.Base.__init__(size): Parameter kind was changed [PARAMETER_CHANGED_KIND]: positional or keyword -> keyword-only",
      "pkg/__init__.py:8: pkg.Sub: Class signature changed (__init__ from pkg:Base): parameter kind was changed (size); parameter was added as required (colour) [CLASS_SIGNATURE_CHANGED]: (name, size=1) -> (name, *, size=1, colour)",
    ]);
    g("commit", "-qam", "v2");
    expect((await run(["diff", "v1:pkg", "HEAD:pkg"], git)).stdout).toBe(a.stdout);
    expect((await run(["diff", "HEAD:pkg", "pkg"], git)).code).toBe(0);
    expect((await run(["diff", "v1:nothing", "pkg"], git)).code).toBe(2);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith("static-inspect-diff-") && !f.includes("test")).length).toBe(before);
  }, 60_000);
});
