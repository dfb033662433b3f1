/**
 * getfullargspec over signatures the analyzer reads: each FullArgSpec field exactly, checked against
 * python3's inspect.getfullargspec of the same source.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze, getfullargspec, type FullArgSpec, type Program } from "@static-inspect/analyzer";
import { argspecInput } from "../../tools/conformance/bind.ts";
import { pythonSearchPath } from "../../tools/conformance/bind-main.ts";

const python = spawnSync("python3", ["--version"]).status === 0;

const SOURCE = `
import functools
def every(a, b: int = 1, /, c=2, *args: str, d, e: "E" = 3, **kw) -> list: pass
def none_at_all(): pass
def only_kwonly(*, k=None): pass
def deco(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)
    return wrapper
@deco
def wrapped(x, y=0): pass
class C:
    def __init__(self, size, *, unit="cm"): pass
    @classmethod
    def make(cls, n: int): pass
    @staticmethod
    def helper(z): pass
class Plain: pass
import dataclasses, typing, enum
@dataclasses.dataclass
class DC:
    x: int
    y: str = "a"
class NT(typing.NamedTuple):
    a: int
    b: int = 2
class Color(enum.Enum):
    RED = 1
class Err(Exception): pass
class DCChild(DC): pass
`;

let program: Program;
beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "argspec-"));
  writeFileSync(path.join(dir, "m.py"), SOURCE);
  // the stdlib is read where m.py imports it (enum's metaclass __call__, dataclasses)
  program = await analyze({ paths: [path.join(dir, "m.py")], searchPaths: python ? pythonSearchPath() : [] });
});

/** FullArgSpec in Python's own spelling: reprs for defaults, formatannotation for annotations. */
function python3Form(spec: FullArgSpec | null): unknown {
  if (!spec) return "TypeError: unsupported callable";
  return [
    spec.args,
    spec.varargs,
    spec.varkw,
    spec.defaults?.map((d) => d.rendered) ?? null,
    spec.kwonlyargs,
    spec.kwonlydefaults ? Object.fromEntries(spec.kwonlydefaults.map((d) => [d.name, d.default.rendered])) : null,
    spec.annotations.map((a) => [a.name, a.annotation.rendered]),
  ];
}

const ours = (qualname: string) => {
  const input = argspecInput(program, `m:${qualname}`);
  return python3Form(getfullargspec(input.signature, { boundParameter: input.boundParameter }));
};

const IDS = ["every", "none_at_all", "only_kwonly", "wrapped", "C", "C.__init__", "C.make", "C.helper", "Plain", "DC", "NT", "Color", "Err", "DCChild"];

describe("getfullargspec", () => {
  it("gives every field as CPython computes it", () => {
    expect(ours("every")).toEqual([
      ["a", "b", "c"],
      "args",
      "kw",
      ["1", "2"],
      ["d", "e"],
      { e: "3" },
      [["return", "list"], ["b", "int"], ["args", "str"], ["e", "'E'"]],
    ]);
    expect(ours("none_at_all")).toEqual([[], null, null, null, [], null, []]);
    expect(ours("only_kwonly")).toEqual([[], null, null, null, ["k"], { k: "None" }, []]);
  });

  it("keeps the bound first parameter and does not follow __wrapped__", () => {
    expect(ours("C")).toEqual([["self", "size"], null, null, null, ["unit"], { unit: "'cm'" }, []]);
    expect(ours("C.make")).toEqual([["cls", "n"], null, null, null, [], null, [["n", "int"]]]);
    expect(ours("wrapped")).toEqual([[], "args", "kwargs", null, [], null, []]);
    expect(ours("Plain")).toEqual([[], null, null, null, [], null, []]);
  });

  it("is null (TypeError: unsupported callable) without a signature", () => {
    expect(getfullargspec(null)).toBeNull();
  });

  it.skipIf(!python)("agrees with python3's inspect.getfullargspec", () => {
    const script = `
import inspect, json, sys
ns = {"__name__": "m"}
exec(${JSON.stringify(SOURCE)}, ns)
out = []
for q in ${JSON.stringify(IDS)}:
    obj = ns
    for part in q.split("."):
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    try:
        s = inspect.getfullargspec(obj)
    except TypeError as e:
        out.append("TypeError: " + str(e)); continue
    out.append([s.args, s.varargs, s.varkw, None if s.defaults is None else [repr(d) for d in s.defaults], s.kwonlyargs,
                None if s.kwonlydefaults is None else {k: repr(v) for k, v in s.kwonlydefaults.items()},
                [[k, inspect.formatannotation(v)] for k, v in s.annotations.items()]])
print(json.dumps(out))
`;
    const r = spawnSync("python3", ["-c", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(IDS.map(ours)).toEqual(JSON.parse(r.stdout));
  });
});
