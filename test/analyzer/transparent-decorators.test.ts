/**
 * Decorators of the program that hand the function back unchanged (`def deco(f): …; return f`, and a
 * factory returning such a nested `def`, as jmespath's `@signature(...)`): the name still holds the
 * `def`, so `getclosurevars` reads its code. A decorator that returns something else stays unknown.
 * Names checked against python3's inspect.getclosurevars of the same module.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze, type Program } from "@static-inspect/analyzer";

const SOURCE = `
LIMIT = 3

def tag(func):
    func.tagged = True
    return func

def signature(*arguments):
    def record(func):
        func.signature = arguments
        return func
    return record

def replace(func):
    def other(*a):
        return None
    return other

@tag
def tagged(x):
    return abs(x) + LIMIT

@signature({"types": ["number"]})
def recorded(x):
    return len(x)

@signature(1)
@tag
def both(x):
    return max(x, LIMIT)

@replace
def replaced(x):
    return min(x)
`;

let program: Program;
const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-transparent-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

beforeAll(async () => {
  writeFileSync(path.join(temp, "deco.py"), SOURCE);
  program = await analyze({ paths: [path.join(temp, "deco.py")] });
});

const names = (id: string) => {
  const cv = program.getclosurevars(id);
  return cv && { nonlocals: cv.nonlocals.map((v) => v.name), globals: cv.globals.map((v) => v.name), builtins: cv.builtins.map((v) => v.name), unbound: [...cv.unbound] };
};

describe("transparent decorators", () => {
  it("getclosurevars reads the def under identity decorators, as python3 does", () => {
    const r = spawnSync(
      "python3",
      ["-c", "import inspect, json, deco\nout = {}\nfor n in ('tagged', 'recorded', 'both'):\n    cv = inspect.getclosurevars(getattr(deco, n))\n    out[n] = {'nonlocals': list(cv.nonlocals), 'globals': list(cv.globals), 'builtins': list(cv.builtins), 'unbound': sorted(cv.unbound)}\nprint(json.dumps(out))"],
      { cwd: temp, encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    const expected = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(names("deco:tagged")).toEqual({ nonlocals: [], globals: ["LIMIT"], builtins: ["abs"], unbound: [] });
    for (const n of ["tagged", "recorded", "both"]) expect(names(`deco:${n}`), n).toEqual(expected[n]);
  });

  it("a decorator that returns another function leaves the object unknown", () => {
    expect(program.getclosurevars("deco:replaced")).toBeNull();
  });
});
