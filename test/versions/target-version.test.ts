// The target version, end to end: the version rules against each version's own interpreter (docstrings
// as 3.13 compiles them, the class-body keys, syntax newer than the target), the CLI's
// --target-version / target-version / requires-python / --python, and requires-python's lower bound.
// Interpreters are found as the CLI finds them; a version without one fails (it is not skipped).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { main, type CliIO } from "@static-inspect/cli";
import { parse } from "@static-inspect/parser";
import { compiledDocstring, versionRules } from "../../packages/analyzer/src/versions/rules.ts";
import { requiresPythonLowerBound } from "../../packages/cli/src/config.ts";
import { findInterpreter } from "../../packages/cli/src/python.ts";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-versions-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// Found once, before the tests (finding one runs the candidates).
const found = new Map(await Promise.all(["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"].map(async (v) => [v, await findInterpreter(v)] as const)));

function interpreter(version: string): string {
  const got = found.get(version);
  if (got === undefined) throw new Error(`no interpreter was looked for for Python ${version}`);
  if (!("executable" in got)) throw new Error(`no Python ${version} on this machine; tried ${got.tried.join(", ")}`);
  return got.executable;
}

/** Runs Python `version` on `code` (reading JSON from stdin) and parses its JSON output. */
function py(version: string, code: string, input: unknown): unknown {
  const r = spawnSync(interpreter(version), ["-I", "-c", code], { input: JSON.stringify(input), encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const DOCSTRINGS = [
  "Summary.\n\n    Body.\n        Indented.\n    ",
  "  lead\n\t tab\n    x\n",
  "one",
  "\n    a\n      b\n  \n",
  "x\n   \n  y",
  "a\n\tb\n        c",
  "  \n  ",
  "a\r\n   b\r\n   c",
  "f\n  a\n  b\n   ",
  "\u00e9t\u00e9\n   caf\u00e9\n",
];
const COMPILE_DOCS = `
import json, sys
out = []
for doc in json.load(sys.stdin):
    ns = {}
    exec(compile("def f():\\n    " + json.dumps(doc) + "\\n", "x", "exec"), ns)
    out.append(ns["f"].__doc__)
print(json.dumps(out))
`;

describe("docstrings: __doc__ as each version compiles it", () => {
  it.each(["3.12", "3.13"])("matches Python %s's __doc__", (version) => {
    const expected = py(version, COMPILE_DOCS, DOCSTRINGS) as string[];
    expect(DOCSTRINGS.map((d) => compiledDocstring(d, versionRules(version)))).toEqual(expected);
  });

  it("analyze reports the cleaned __doc__ for 3.13 and the literal for 3.12", async () => {
    const file = path.join(temp, "docmod.py");
    writeFileSync(file, 'def f():\n    """Summary.\n\n    Body.\n    """\n');
    const doc = async (python: string) => (await analyze({ paths: [file], target: { python } })).rawDoc("docmod:f");
    expect(await doc("3.12")).toBe("Summary.\n\n    Body.\n    ");
    expect(await doc("3.13")).toBe("Summary.\n\nBody.\n");
  });
});

describe("class bodies: the keys the compiler stores", () => {
  const source = "class A:\n    'doc'\n    x = 1\n    def f(self):\n        self.y = 1\n";
  it.each(["3.12", "3.13"])("lists Python %s's members of a plain class", async (version) => {
    const file = path.join(temp, `cls${version.replace(".", "")}.py`);
    writeFileSync(file, source);
    const expected = py(version, "import json, sys\nns = {}\nexec(json.load(sys.stdin), ns)\nprint(json.dumps(sorted(ns['A'].__dict__)))", source) as string[];
    const program = await analyze({ paths: [file], target: { python: version } });
    const own = (program.getmembers_static(`${path.basename(file, ".py")}:A`) ?? []).filter((m) => m.owner?.endsWith(":A") ?? false).map((m) => m.name);
    expect([...own].sort()).toEqual(expected);
  });
});

describe("enum classes: inspect.signature per version", () => {
  // Own `__new__` (with members, without, inherited by a subclass with members, on a str mixin) and
  // own `__init__`: EnumType.__call__ (3.11) or Enum.__signature__ (3.12+) decides, not the `__new__`.
  const classes = ["Color", "Empty", "Planet", "Base", "Sub", "Text", "Pair"];
  const source = [
    "import enum",
    "class Color(enum.Enum):\n    RED = 1",
    "class Empty(enum.Enum):\n    pass",
    "class Planet(enum.Enum):\n    def __new__(cls, mass, radius=1):\n        obj = object.__new__(cls)\n        obj._value_ = mass\n        return obj\n    EARTH = (5, 6)",
    "class Base(enum.Enum):\n    def __new__(cls, value, label=''):\n        obj = object.__new__(cls)\n        obj._value_ = value\n        return obj",
    "class Sub(Base):\n    A = 1, 'a'",
    "class Text(str, enum.Enum):\n    def __new__(cls, value, doc):\n        obj = str.__new__(cls, value)\n        obj._value_ = value\n        return obj\n    A = 'a', 'doc'",
    "class Pair(enum.Enum):\n    def __init__(self, a, b):\n        self.a = a\n    X = (1, 2)",
  ].join("\n") + "\n";
  it.each(["3.8", "3.10", "3.11", "3.12", "3.13"])("matches Python %s for classes with and without members, own __new__ and __init__", async (version) => {
    const file = path.join(temp, `enums${version.replace(".", "")}.py`);
    writeFileSync(file, source);
    const code = `import inspect, json, sys\nns = {}\nexec(json.load(sys.stdin), ns)\nprint(json.dumps([str(inspect.signature(ns[c])) for c in ${JSON.stringify(classes)}]))`;
    const expected = py(version, code, source);
    const lib = (py(version, "import sysconfig, json\nprint(json.dumps(sysconfig.get_paths()['stdlib']))", null) as string);
    const program = await analyze({ paths: [file], searchPaths: [lib], target: { python: version } });
    const mod = path.basename(file, ".py");
    expect(classes.map((c) => program.signature(`${mod}:${c}`)?.text)).toEqual(expected);
  });
});

describe("PEP 695 type parameters in annotations", () => {
  const source = "class C[T]:\n    def m(self, x: T) -> T: ...\ndef f[U, *Ts](a: U, *b: U) -> list[U]: ...\n";
  it.each(["3.12", "3.13"])("render as Python %s's inspect.signature prints them", async (version) => {
    const file = path.join(temp, `pep695${version.replace(".", "")}.py`);
    writeFileSync(file, source);
    const code = "import inspect, json, sys\nns = {}\nexec(json.load(sys.stdin), ns)\nprint(json.dumps([str(inspect.signature(ns['C'].m)), str(inspect.signature(ns['f']))]))";
    const expected = py(version, code, source);
    const program = await analyze({ paths: [file], target: { python: version } });
    const mod = path.basename(file, ".py");
    expect([program.signature(`${mod}:C.m`)?.text, program.signature(`${mod}:f`)?.text]).toEqual(expected);
  });
});

describe("grammar: syntax newer than the target", () => {
  const CASES: Record<string, string> = {
    "PEP 614 decorator": "@a[0].b\ndef f(): pass\n",
    match: "match x:\n    case 1:\n        pass\n",
    "except*": "try:\n    pass\nexcept* ValueError:\n    pass\n",
    "type statement": "type X = int\n",
  };
  const COMPILE = `
import json, sys
out = {}
for name, src in json.load(sys.stdin).items():
    try:
        compile(src, "x.py", "exec")
        out[name] = None
    except SyntaxError as e:
        out[name] = [e.msg, e.lineno, e.offset - 1]
print(json.dumps(out))
`;
  it.each(["3.8", "3.9", "3.10", "3.11", "3.12"])("flags what Python %s's compile() rejects, where it does", (version) => {
    const expected = py(version, COMPILE, CASES) as Record<string, [string, number, number] | null>;
    const got: Record<string, [string, number, number] | null> = {};
    for (const [name, src] of Object.entries(CASES)) {
      const d = parse(src, { path: "x.py", target: version }).diagnostics.find((x) => x.code === "syntax-error");
      got[name] = d?.span ? [d.message, d.span.line, d.span.column] : null;
    }
    expect(got).toEqual(expected);
  });
});

describe("versionRules", () => {
  it("names the enum metaclass of each version", () => {
    expect(versionRules("3.10").enum).toMatchObject({ metaclass: "enum:EnumMeta", dir: "members", signature: null });
    expect(versionRules("3.11").enum).toMatchObject({ metaclass: "enum:EnumType", dir: "data-type", signature: null });
  });
  it("throws RangeError for an unsupported version", () => {
    expect(() => versionRules("3.7")).toThrow(RangeError);
    expect(() => versionRules("3.14")).toThrow(/supported: 3\.8, 3\.9, 3\.10, 3\.11, 3\.12, 3\.13/);
  });
});

describe("requires-python's lower bound", () => {
  it.each([
    [">=3.9", "3.9"],
    [">=3.9, <4", "3.9"],
    ["~=3.10", "3.10"],
    [">3.8", "3.8"],
    ["==3.12.*", "3.12"],
    [">=3.8,>=3.10", "3.10"],
    ["<4", null],
    ["!=3.9.*", null],
    ["3.9", null],
  ])("%s → %s", (spec, bound) => {
    expect(requiresPythonLowerBound(spec)).toBe(bound);
  });
});

describe("the CLI's target", () => {
  async function run(argv: string[], cwd: string) {
    let stdout = "";
    let stderr = "";
    const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, isTTY: false, cwd };
    const code = await main(argv, io);
    return { code, stdout, stderr };
  }
  function project(name: string, pyproject: string | null): string {
    const dir = path.join(temp, name);
    spawnSync("mkdir", ["-p", dir]);
    writeFileSync(path.join(dir, "m.py"), "def f(a, /, b): pass\n");
    if (pyproject !== null) writeFileSync(path.join(dir, "pyproject.toml"), pyproject);
    return dir;
  }
  const target = (stdout: string) => (JSON.parse(stdout) as { target: { python: string } }).target.python;

  it("rejects an unknown --target-version, listing the supported ones (exit 2)", async () => {
    const r = await run(["analyze", "m.py", "--target-version", "3.7"], project("bad", null));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Allowed choices are 3.8, 3.9, 3.10, 3.11, 3.12, 3.13");
  });

  it("takes --target-version, then target-version, then requires-python, and labels the bundle", async () => {
    const dir = project("chain", '[project]\nrequires-python = ">=3.9"\n[tool.static-inspect]\ntarget-version = "3.12"\n');
    expect(target((await run(["analyze", "m.py", "-q", "--target-version", "3.13"], dir)).stdout)).toBe("3.13");
    expect(target((await run(["analyze", "m.py", "-q"], dir)).stdout)).toBe("3.12");
    expect(target((await run(["analyze", "m.py", "-q"], project("requires", '[project]\nrequires-python = ">=3.9, <4"\n'))).stdout)).toBe("3.9");
  });

  it("rejects an unsupported target-version in pyproject.toml (exit 2)", async () => {
    const r = await run(["analyze", "m.py", "-q"], project("badconf", '[tool.static-inspect]\ntarget-version = "2.7"\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/target-version "2\.7" is not supported; supported: 3\.8, .*3\.13/);
  });

  it("searches the sys.path of the target's interpreter, or of --python", async () => {
    const dir = project("search", null);
    const r = await run(["analyze", "m.py", "-v", "--target-version", "3.8"], dir);
    expect(r.stderr).toMatch(/search roots: [^\n]*python3\.8/);
    const p = await run(["analyze", "m.py", "-v", "--python", interpreter("3.10")], dir);
    expect(target(p.stdout)).toBe("3.10");
    expect(p.stderr).toMatch(/search roots: [^\n]*python3\.10/);
  });

  it("warns when no interpreter of the target is found", async () => {
    const r = await run(["analyze", "m.py", "-q", "--python", path.join(temp, "no-such-python")], project("nopython", null));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("static-inspect: warning: --python");
    expect(r.stderr).toContain("cannot be run");
  });
});
