import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..", "..");
const oracle = path.join(repoRoot, "tools", "oracle", "inspect_oracle.py");
const fixtureDir = path.join(here, "fixture");
const sampleFile = path.join(fixtureDir, "oraclefix", "sample.py");

const MODULES = [
  "oraclefix",
  "oraclefix.sample",
  "oraclefix.broken",
  "oraclefix.sleeper",
  "oraclefix.noisy",
];

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function runOracle(python: string, modules: string[], extra: string[] = []): { stdout: string; status: number | null; stderr: string } {
  const r = spawnSync(python, [oracle, "--timeout", "2", "--path", fixtureDir, ...extra, ...modules], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, status: r.status, stderr: r.stderr };
}

function moduleRecord(doc: Json, name: string): Json {
  const m = doc.modules.find((x: Json) => x.module === name);
  if (!m) throw new Error(`no record for ${name}`);
  return m;
}

function obj(mod: Json, id: string): Json {
  const o = mod.objects.find((x: Json) => x.id === id);
  if (!o) throw new Error(`no object ${id}`);
  return o;
}

describe("inspect oracle", () => {
  let first = "";
  let doc: Json;
  let sample: Json;

  beforeAll(() => {
    const r = runOracle("python3", MODULES);
    expect(r.status, r.stderr).toBe(0);
    first = r.stdout;
    doc = JSON.parse(first);
    sample = moduleRecord(doc, "oraclefix.sample");
  }, 120_000);

  it("has the top-level shape and keeps module order", () => {
    expect(doc.platform).toBe(process.platform === "linux" ? "linux" : doc.platform);
    expect(doc.python).toMatch(/^3\.\d+\.\d+/);
    expect(doc.modules.map((m: Json) => m.module)).toEqual(MODULES);
    expect(sample.file).toBe(sampleFile);
    expect(sample.is_package).toBe(false);
    expect(sample.error).toBeNull();
    expect(moduleRecord(doc, "oraclefix").is_package).toBe(true);
    const ids = sample.objects.map((o: Json) => o.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids[0]).toBe("oraclefix.sample");
    expect(obj(sample, "oraclefix.sample")).toMatchObject({
      qualname: null,
      kind: "module",
      sourcelines: { lineno: 0, count: 88 },
      doc: "Sample module for the inspect oracle.",
    });
  });

  it("records every parameter kind and default", () => {
    const f = obj(sample, "oraclefix.sample:params");
    expect(f.kind).toBe("function");
    expect(f.lineno_def).toBe(6);
    expect(f.signature).toEqual({
      text: "(a, /, b=1, *args, c, d=2, **kw)",
      return_annotation: null,
      parameters: [
        { name: "a", kind: "POSITIONAL_ONLY", default: null, annotation: null },
        { name: "b", kind: "POSITIONAL_OR_KEYWORD", default: "1", annotation: null },
        { name: "args", kind: "VAR_POSITIONAL", default: null, annotation: null },
        { name: "c", kind: "KEYWORD_ONLY", default: null, annotation: null },
        { name: "d", kind: "KEYWORD_ONLY", default: "2", annotation: null },
        { name: "kw", kind: "VAR_KEYWORD", default: null, annotation: null },
      ],
    });
    expect(f.predicates).toMatchObject({ isfunction: true, isroutine: true, ismethod: false, isclass: false });
    expect(f.doc).toBe("Every parameter kind.");
    expect(f.sourcelines).toEqual({ lineno: 6, count: 3 });
    expect(f.sourcefile).toBe(sampleFile);
    expect(f.runtime_module).toBe("oraclefix.sample");
    expect(f.wrapped).toBeNull();
    expect(f.bases).toBeNull();
    expect(f.error).toBeNull();
  });

  it("records an alias under its own name, with the id of the object it is bound to", () => {
    const ids = sample.objects.map((o: Json) => o.id);
    expect(ids.filter((id: string) => id.endsWith(":params"))).toEqual(["oraclefix.sample:params"]);
    const alias = sample.objects.find((o: Json) => o.id === "oraclefix.sample:alias_of_params");
    const params = sample.objects.find((o: Json) => o.id === "oraclefix.sample:params");
    expect(alias.alias_of).toBe("oraclefix.sample:params");
    expect(params.alias_of).toBeUndefined();
    expect(alias.kind).toBe("function");
    expect(alias.signature).toEqual(params.signature);
    expect(alias.sourcelines).toEqual(params.sourcelines);
    expect(sample.names.alias_of_params).toEqual({
      type: "function",
      defined_here: true,
      qualname: "params",
      module: "oraclefix.sample",
      builtin: false,
    });
    expect(sample.names.dataclass.defined_here).toBe(false);
    expect(sample.all).toBeNull();
  });

  it("records comments above a function", () => {
    const f = obj(sample, "oraclefix.sample:commented");
    expect(f.comments).toBe("# A comment above the function\n# spanning two lines.\n");
    expect(f.sourcelines).toEqual({ lineno: 16, count: 2 });
    expect(obj(sample, "oraclefix.sample:params").comments).toBeNull();
  });

  it("starts a decorated function's sourcelines at the decorator", () => {
    const f = obj(sample, "oraclefix.sample:decorated");
    expect(f.sourcelines).toEqual({ lineno: 27, count: 4 });
    expect(f.wrapped).toBe("oraclefix.sample:decorated");
    expect(f.signature.text).toBe("(x)");
    // lineno_def is the runtime object's own code: functools.wraps' wrapper in deco()
    expect(f.lineno_def).toBe(21);
  });

  it("records method, staticmethod, classmethod and property", () => {
    expect(obj(sample, "oraclefix.sample:Shapes")).toMatchObject({
      kind: "class",
      target: "type",
      bases: ["builtins.object"],
      metaclass: "builtins.type",
      doc: "A class with every kind of member.",
      sourcelines: { lineno: 33, count: 22 },
    });
    const m = obj(sample, "oraclefix.sample:Shapes.method");
    expect(m).toMatchObject({ kind: "method", target: "function", lineno_def: 36, annotations: { x: "int", return: "str" } });
    expect(m.signature.text).toBe("(self, x: int) -> str");
    expect(m.signature.return_annotation).toBe("str");

    const s = obj(sample, "oraclefix.sample:Shapes.static");
    expect(s).toMatchObject({ kind: "staticmethod", target: "function", lineno_def: 39 });
    expect(s.signature.text).toBe("(y)");
    expect(s.predicates.isfunction).toBe(true);

    const c = obj(sample, "oraclefix.sample:Shapes.klass");
    expect(c).toMatchObject({ kind: "classmethod", target: "method", lineno_def: 43 });
    expect(c.signature.text).toBe("(z=None)");
    expect(c.predicates).toMatchObject({ ismethod: true, isfunction: false, isroutine: true });
    expect(c.sourcelines).toEqual({ lineno: 43, count: 3 });

    const p = obj(sample, "oraclefix.sample:Shapes.prop");
    expect(p).toMatchObject({ kind: "property", target: "property", lineno_def: 47, signature: null, annotations: null });
    expect(p.fget_signature.text).toBe("(self) -> int");
    expect(p.doc).toBe("The prop.");
    expect(p.predicates.isdatadescriptor).toBe(true);
    expect(p.sourcelines.error).toMatch(/^TypeError: /);

    const inner = obj(sample, "oraclefix.sample:Shapes.Inner");
    expect(inner.kind).toBe("class");
    expect(obj(sample, "oraclefix.sample:Shapes.Inner.inner_method").kind).toBe("method");
  });

  it("records a diamond MRO and getmembers_static owners", () => {
    const d = obj(sample, "oraclefix.sample:Diamond");
    expect(d.bases).toEqual(["oraclefix.sample.Left", "oraclefix.sample.Right"]);
    expect(d.mro).toEqual([
      "oraclefix.sample.Diamond",
      "oraclefix.sample.Left",
      "oraclefix.sample.Right",
      "oraclefix.sample.Base",
      "builtins.object",
    ]);
    const owners = Object.fromEntries(d.members.map((m: Json) => [m.name, m.owner]));
    expect(owners).toMatchObject({
      who: "oraclefix.sample.Left",
      shared: "oraclefix.sample.Right",
      right_only: "oraclefix.sample.Right",
      __module__: "oraclefix.sample.Diamond",
      __dict__: "oraclefix.sample.Base",
      __init__: "builtins.object",
    });
    const names = d.members.map((m: Json) => m.name);
    expect(names).toEqual([...names].sort());
    // inherited methods are recorded once, on their defining class
    expect(sample.objects.map((o: Json) => o.id)).not.toContain("oraclefix.sample:Diamond.who");
  });

  it("marks dataclass-generated code as foreign", () => {
    const p = obj(sample, "oraclefix.sample:Point");
    const entries = Object.fromEntries(p.dict_entries.map((e: Json) => [e.name, e]));
    expect(entries.__init__).toEqual({ name: "__init__", type: "function", qualname_ok: true, foreign_code: "<string>" });
    expect(entries.norm).toEqual({ name: "norm", type: "function", qualname_ok: true, foreign_code: null });
    expect(entries.y).toEqual({ name: "y", type: "int", qualname_ok: false, foreign_code: null });
    const ids = sample.objects.map((o: Json) => o.id);
    expect(ids).toContain("oraclefix.sample:Point.norm");
    expect(ids).not.toContain("oraclefix.sample:Point.__init__");
    expect(p.signature.text).toBe("(x: int, y: int = 0) -> None");
    expect(p.annotations).toEqual({ x: "int", y: "int" });
  });

  it("records import failures and timeouts and goes on", () => {
    expect(moduleRecord(doc, "oraclefix.broken")).toEqual({
      module: "oraclefix.broken",
      error: "ImportError: deliberately broken",
    });
    expect(moduleRecord(doc, "oraclefix.sleeper")).toEqual({
      module: "oraclefix.sleeper",
      error: "timeout after 2s",
    });
    const noisy = moduleRecord(doc, "oraclefix.noisy");
    expect(noisy.error).toBeNull();
    expect(noisy.objects.map((o: Json) => o.id)).toEqual(["oraclefix.noisy", "oraclefix.noisy:quiet"]);
  });

  it("is byte-identical across runs", () => {
    const again = runOracle("python3", MODULES);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(first);
  }, 120_000);

  it("exits 2 on bad usage", () => {
    const r = spawnSync("python3", [oracle], { encoding: "utf8" });
    expect(r.status).toBe(2);
    const r2 = spawnSync("python3", [oracle, "--bogus", "json"], { encoding: "utf8" });
    expect(r2.status).toBe(2);
  });

  describe.each(["3.8", "3.13"])("under pyenv python %s", (version) => {
    it("returns valid JSON with the same signature text", (ctx) => {
      const python = findPyenvPython(version);
      if (!python) {
        console.log(`skipping python ${version}: no pyenv interpreter found`);
        ctx.skip();
        return;
      }
      const r = runOracle(python, ["oraclefix.sample", "oraclefix.broken"]);
      expect(r.status, r.stderr).toBe(0);
      const other = JSON.parse(r.stdout);
      expect(other.python.startsWith(`${version}.`)).toBe(true);
      const s = moduleRecord(other, "oraclefix.sample");
      expect(obj(s, "oraclefix.sample:params").signature.text).toBe("(a, /, b=1, *args, c, d=2, **kw)");
      expect(obj(s, "oraclefix.sample:Shapes.klass").signature.text).toBe("(z=None)");
      expect(obj(s, "oraclefix.sample:decorated").sourcelines).toEqual({ lineno: 27, count: 4 });
      const d = obj(s, "oraclefix.sample:Diamond");
      expect(Object.fromEntries(d.members.map((m: Json) => [m.name, m.owner])).who).toBe("oraclefix.sample.Left");
      const entries = Object.fromEntries(obj(s, "oraclefix.sample:Point").dict_entries.map((e: Json) => [e.name, e]));
      expect(entries.__init__.foreign_code).toBe("<string>");
      expect(moduleRecord(other, "oraclefix.broken").error).toBe("ImportError: deliberately broken");
    }, 120_000);
  });
});

function findPyenvPython(version: string): string | null {
  const roots: string[] = [];
  const r = spawnSync("pyenv", ["root"], { encoding: "utf8" });
  if (!r.error && r.status === 0 && r.stdout.trim()) roots.push(r.stdout.trim());
  if (process.env.PYENV_ROOT) roots.push(process.env.PYENV_ROOT);
  roots.push(path.join(homedir(), ".pyenv"));
  for (const root of roots) {
    const versions = path.join(root, "versions");
    if (!existsSync(versions)) continue;
    const match = readdirSync(versions)
      .filter((v) => v === version || v.startsWith(`${version}.`))
      .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
      .reverse()
      .map((v) => path.join(versions, v, "bin", "python3"))
      .find((p) => existsSync(p));
    if (match) return match;
  }
  return null;
}
