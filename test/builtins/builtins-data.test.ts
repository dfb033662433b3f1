// Facts of packages/analyzer/data/builtins/3.11.json, checked against CPython.
//
// The data file is written by tools/builtins/gen_builtins.py from a real
// interpreter.  The fixed facts below were read off python3 3.11; the tests
// that call an interpreter need one of the same version (and, for the
// byte-for-byte rerun, the very same build) and are skipped, with the reason
// printed, when there is none.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const dataPath = join(repoRoot, "packages/analyzer/data/builtins/3.11.json");

interface Member {
  name: string;
  owner: string | null;
  kind: string;
}
interface DataObject {
  kind: string;
  name?: string;
  qualname?: string;
  owner?: string | null;
  mro?: string[];
  bases?: string[];
  metaclass?: string;
  members?: Member[];
  layout?: { itemsize: number; dictoffset: boolean; weaklistoffset: boolean };
  dict?: string[];
  doc?: string | null;
  text_signature?: string | null;
  signature?: string | null;
}
type NameEntry = string | { type: string; value: string | null };
interface BuiltinsData {
  python: string;
  generatedBy: string;
  modules: Record<string, { names: Record<string, NameEntry> }>;
  objects: Record<string, DataObject>;
  skipped: Record<string, string>;
}

const raw = readFileSync(dataPath);
const data = JSON.parse(raw.toString("utf8")) as BuiltinsData;

function obj(id: string): DataObject {
  const o = data.objects[id];
  if (o === undefined) throw new Error(`no object ${id} in ${dataPath}`);
  return o;
}

function run(cmd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 120_000 });
  if (r.error) return { status: null, stdout: "", stderr: String(r.error) };
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The data file records build-dependent values (sys.version, which optional
// modules exist, ...), so the byte-for-byte rerun needs the very build that
// made it; the other checks need only the same major.minor.
const dataSysVersion = (() => {
  const v = data.modules["sys"]?.names["version"];
  // A Python repr: '3.11.7 (main, ...) [GCC ...]' (no quotes or escapes inside).
  return typeof v === "object" && v.value !== null ? v.value.slice(1, -1) : null;
})();

// An interpreter of the data's version: python3.11 or python3, preferring the
// same build.
const wantMinor = data.python.split(".").slice(0, 2).join(".");
const probe = "import sys, json; print(json.dumps(['%d.%d' % sys.version_info[:2], sys.version]))";
let python: string | null = null;
let sameBuild = false;
const seen: string[] = [];
for (const candidate of [`python${wantMinor}`, "python3"]) {
  const r = run(candidate, ["-c", probe]);
  if (r.status !== 0) continue;
  const [minor, build] = JSON.parse(r.stdout) as [string, string];
  seen.push(`${candidate} is ${JSON.stringify(build)}`);
  if (minor !== wantMinor) continue;
  if (build === dataSysVersion) {
    python = candidate;
    sameBuild = true;
    break;
  }
  python ??= candidate;
}
if (python === null) {
  const why = seen.length > 0 ? seen.join("; ") : "neither is on PATH";
  console.warn(`builtins-data: skipping the tests that run Python (want python${wantMinor}/python3 ${wantMinor}): ${why}`);
} else if (!sameBuild) {
  console.warn(
    `builtins-data: skipping the rerun check: ${seen.join("; ")}; ` +
      `the data was made by ${JSON.stringify(dataSysVersion)}`,
  );
}

describe("builtins data 3.11", () => {
  it("has the header", () => {
    expect(data.python).toMatch(/^3\.11\.\d+$/);
    expect(data.generatedBy).toBe("tools/builtins/gen_builtins.py");
  });

  it("bool's MRO", () => {
    expect(obj("builtins:bool").mro).toEqual(["builtins:bool", "builtins:int", "builtins:object"]);
    expect(obj("builtins:bool").bases).toEqual(["builtins:int"]);
    expect(obj("builtins:bool").metaclass).toBe("builtins:type");
  });

  it("KeyError's MRO", () => {
    expect(obj("builtins:KeyError").mro).toEqual([
      "builtins:KeyError",
      "builtins:LookupError",
      "builtins:Exception",
      "builtins:BaseException",
      "builtins:object",
    ]);
  });

  it("object's namespace holds __init__, a wrapper_descriptor", () => {
    expect(obj("builtins:object").dict).toContain("__init__");
    expect(obj("builtins:object.__init__").kind).toBe("wrapper_descriptor");
    expect(obj("builtins:object.__init__").owner).toBe("builtins:object");
    // int's own namespace holds bit_length; bool inherits it (members are derived along the MRO).
    expect(obj("builtins:int").dict).toContain("bit_length");
    expect(obj("builtins:bool").dict).not.toContain("bit_length");
  });

  it("records the instance layout that decides __dict__/__weakref__ slots of subclasses", () => {
    expect(obj("builtins:int").layout).toEqual({ itemsize: 4, dictoffset: false, weaklistoffset: false });
    expect(obj("builtins:BaseException").layout).toEqual({ itemsize: 0, dictoffset: true, weaklistoffset: false });
  });

  it("len's signature", () => {
    // __text_signature__ as CPython has it; inspect.signature drops $module.
    expect(obj("builtins:len").text_signature).toBe("($module, obj, /)");
    expect(obj("builtins:len").signature).toBe("(obj, /)");
    expect(obj("builtins:len").kind).toBe("builtin_function");
    expect(data.modules["builtins"]?.names["len"]).toBe("builtins:len");
  });

  it("records every __dict__ entry of a class", () => {
    expect(obj("builtins:int.bit_length").kind).toBe("method_descriptor");
    expect(obj("builtins:object.__init__").kind).toBe("wrapper_descriptor");
    expect(obj("builtins:dict.fromkeys").kind).toBe("classmethod_descriptor");
    expect(obj("builtins:object.__new__").kind).toBe("builtin_method");
    expect(obj("builtins:int.real").kind).toBe("getset_descriptor");
    for (const name of obj("builtins:int").dict ?? []) expect(data.objects).toHaveProperty([`builtins:int.${name}`]);
  });

  it("ids follow __module__: _collections.OrderedDict is collections:OrderedDict", () => {
    expect(data.modules["_collections"]?.names["OrderedDict"]).toBe("collections:OrderedDict");
    expect(obj("collections:OrderedDict").mro).toEqual([
      "collections:OrderedDict",
      "builtins:dict",
      "builtins:object",
    ]);
    expect(obj("builtins:function").kind).toBe("class");
  });

  it.skipIf(python === null)("dict's doc is inspect.getdoc(dict)", () => {
    const r = run(python as string, ["-c", "import inspect, json; print(json.dumps(inspect.getdoc(dict)))"]);
    expect(r.status, r.stderr).toBe(0);
    expect(obj("builtins:dict").doc).toBe(JSON.parse(r.stdout) as string);
  });
  // The byte-for-byte rerun of every version's file is in builtins-versions.test.ts.
});
