/**
 * Names bound to functions made by an expression rather than a `def` statement: a lambda bound at
 * module or class level (`key = lambda item: item[0]`), and a call of a function of the program
 * that returns one of its own nested `def`s (`assertEquals = _deprecate(assertEqual)`, as in
 * unittest.case.TestCase). Checked against python3's inspect on the same module: qualname of the
 * object the name holds, signature text, parameter kinds, isfunction/isroutine, getdoc and
 * getsourcelines.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze, type Program } from "@static-inspect/analyzer";
import { buildBundle } from "@static-inspect/emit";

const SOURCE = `
key = lambda item: item[0]
spread = lambda a, b=1, *c, d, **e: (a,
    b)

# a comment above
first, second = lambda: 1, lambda x, /, y: x

class C:
    k = lambda self, x: x
    __p = lambda __q: __q

    def assertEqual(self, a, b):
        "Fail if the two objects are unequal."

    def _deprecate(original_func):
        def deprecated_func(*args, **kwargs):
            return original_func(*args, **kwargs)
        return deprecated_func

    assertEquals = _deprecate(assertEqual)

def make(f):
    def made(x, y=2):
        """Made by make."""
        return f(x, y)
    return made

made_key = make(key)
`;

/** The bound names (module-level, or `C.` and a class-body name) whose objects inspect is asked about. */
const NAMES = ["key", "spread", "first", "second", "C.k", "C.__p", "C.assertEquals", "made_key"];

const ORACLE = `
import inspect, json, m
out = {}
for n in ${JSON.stringify(NAMES)}:
    owner, _, name = n.rpartition(".")
    v = vars(m.C)["_C" + name if name.startswith("__") else name] if owner else getattr(m, name)
    sig = inspect.signature(v)
    lines, lnum = inspect.getsourcelines(v)
    out[n] = {"qualname": v.__qualname__, "text": str(sig), "kinds": [p.kind.name for p in sig.parameters.values()],
              "isfunction": inspect.isfunction(v), "isroutine": inspect.isroutine(v), "doc": inspect.getdoc(v),
              "comments": inspect.getcomments(v), "sourcelines": {"lineno": lnum, "count": len(lines)}}
print(json.dumps(out))
`;

let program: Program;
const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-bound-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

beforeAll(async () => {
  writeFileSync(path.join(temp, "m.py"), SOURCE);
  program = await analyze({ paths: [path.join(temp, "m.py")] });
});

describe("functions bound by expressions", () => {
  it("give what python3's inspect gives through the name", () => {
    const r = spawnSync("python3", ["-c", ORACLE], { cwd: temp, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const expected = JSON.parse(r.stdout) as Record<string, { qualname: string }>;
    const byId = new Map(buildBundle(program).objects.map((o) => [o.id, o]));
    for (const n of NAMES) {
      const o = byId.get(`m:${n}`)!;
      expect(o, n).toBeDefined();
      // A lambda is the object itself (its __qualname__ is `<lambda>`); a returned nested def is its target's.
      const qualname = o.kind === "alias" ? byId.get(o.target!)!.qualname : `${n.includes(".") ? "C." : ""}<lambda>`;
      expect(
        {
          qualname,
          text: o.signature?.text,
          kinds: o.signature?.parameters.map((p) => p.kind),
          isfunction: o.predicates.isfunction,
          isroutine: o.predicates.isroutine,
          doc: o.doc,
          comments: o.comments,
          sourcelines: o.sourcelines,
        },
        n,
      ).toEqual(expected[n]);
    }
    expect(expected["C.assertEquals"]!.qualname).toBe("C._deprecate.<locals>.deprecated_func");
    expect(byId.get("m:key")!.kind).toBe("function");
    expect(byId.get("m:C.k")!.kind).toBe("method");
    expect(byId.get("m:made_key")).toMatchObject({ kind: "alias", target: "m:make.<locals>.made" });
  });

  it("a call of a function that returns no nested def of its own, or one it changed, stays an attribute", async () => {
    writeFileSync(path.join(temp, "n.py"), "def wrap(f):\n    return list(f)\n\ndef g(x): pass\n\nh = wrap(g)\nv = len('ab')\n\ndef redoc(f):\n    def inner(*a):\n        'As written.'\n    inner.__doc__ = f.__doc__\n    return inner\n\nr = redoc(g)\n\nclass K:\n    pass\n\nk = K()\n");
    const p = await analyze({ paths: [path.join(temp, "n.py")] });
    const byId = new Map(buildBundle(p).objects.map((o) => [o.id, o]));
    expect(byId.get("n:h")!.kind).toBe("attribute");
    expect(byId.get("n:v")!.kind).toBe("attribute");
    // the factory sets `__doc__` on the def it returns: not the def as written
    expect(byId.get("n:r")!.kind).toBe("attribute");
    // a class call makes an instance, not a function
    expect(byId.get("n:k")!.kind).toBe("attribute");
    expect(p.diagnostics).toEqual([]);
  });
});

describe("getclosurevars of a bound lambda", () => {
  const LAMBDAS = `import os
X = 3
key = lambda item, n=1: item[0] + X + len(os.sep) + missing
class C:
    k = lambda self, y: self.v + y + max(y, X)
    nested = lambda x: (lambda z: z * x + X)
`;
  const CASES = ["key", "C.k", "C.nested"];
  it("names the globals, builtins and unbound names python3's inspect gives, as for a def", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "static-inspect-lambda-cv-"));
    try {
      writeFileSync(path.join(dir, "lam.py"), LAMBDAS);
      const oracle = `import inspect, json, lam\nout = {}\nfor n in ${JSON.stringify(CASES)}:\n    v = getattr(lam.C, n[2:]) if n.startswith("C.") else getattr(lam, n)\n    cv = inspect.getclosurevars(v)\n    out[n] = {"nonlocals": sorted(cv.nonlocals), "globals": sorted(cv.globals), "builtins": sorted(cv.builtins), "unbound": sorted(cv.unbound)}\nprint(json.dumps(out))`;
      const r = spawnSync("python3", ["-c", oracle], { cwd: dir, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const expected = JSON.parse(r.stdout) as Record<string, unknown>;
      const p = await analyze({ paths: [path.join(dir, "lam.py")] });
      for (const n of CASES) {
        const cv = p.getclosurevars(`lam:${n}`);
        expect(cv, n).not.toBeNull();
        const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name).sort();
        expect({ nonlocals: names(cv!.nonlocals), globals: names(cv!.globals), builtins: names(cv!.builtins), unbound: [...cv!.unbound].sort() }, n).toEqual(expected[n]);
      }
      expect(expected["key"]).toEqual({ nonlocals: [], globals: ["X", "os"], builtins: ["len"], unbound: ["missing", "sep"] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
