/**
 * Every name in an annotation resolves where the program defines it (issue 10, deliverable 4):
 * forward references (a string naming a class defined later, a plain annotation under `from
 * __future__ import annotations`, a class naming itself in its methods), type aliases and TypeVars
 * (the attribute that holds them), imports made only under `if TYPE_CHECKING:`, names a class body
 * binds in its methods' annotations; `Literal` values and
 * `Annotated` metadata are not names. Exact refs, then checked against python3: each name evaluated
 * in the imported module's namespace (and the method's class body) is the object the id names (only the TYPE_CHECKING name and the
 * misspelt one raise NameError there).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze, type Program } from "@static-inspect/analyzer";
import { pythonSearchPath } from "../../tools/conformance/bind-main.ts";

const FILES: Record<string, string> = {
  "fwd/__init__.py": "",
  "fwd/types.py": `from typing import TypeVar, Union
T = TypeVar("T")
Alias = Union[int, str]
class Base: ...
`,
  "fwd/mod.py": `import typing
from typing import TYPE_CHECKING, Annotated, Literal, Optional
from .types import T, Alias, Base
if TYPE_CHECKING:
    from .types import Base as CheckedBase
try:
    import json
except ImportError:
    json = None
Local = typing.Dict[str, "Later"]

def early(x: "Later", y: Optional["Later"] = None) -> "Node": ...

class Node(Base):
    def child(self, other: "Node") -> "Node": ...
    def alias(self, a: Alias, t: T, m: Local) -> typing.List[T]: ...
    def lit(self, mode: Literal["r", "w"], n: Annotated[int, "meta data"]) -> "CheckedBase": ...
    def codec(self, d: "json.JSONDecoder") -> "Missing": ...

class Later: ...

class Holder:
    Alias = int
    class Inner: ...
    def m(self, x: Alias, y: "Inner") -> Inner: ...
`,
  "fwd/future.py": `from __future__ import annotations
class Tree:
    def parent(self) -> Tree: ...
    def leaf(self, other: Leaf | None = None) -> list[Leaf]: ...
class Leaf(Tree): ...
`,
};

let program: Program;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "annotation-refs-"));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  program = await analyze({ paths: [path.join(dir, "fwd")], searchPaths: pythonSearchPath() });
});

/** Every annotation ref of a function's signature, as `name → id`. */
function refs(id: string): Record<string, string | null> {
  const sig = program.signature(id);
  if (!sig) throw new Error(`no signature: ${id}`);
  const out: Record<string, string | null> = {};
  for (const a of [...sig.parameters.map((p) => p.annotation), sig.return_annotation]) for (const r of a?.refs ?? []) out[r.name] = r.id;
  return out;
}

const FUNCTIONS = ["fwd.mod:early", "fwd.mod:Node.child", "fwd.mod:Node.alias", "fwd.mod:Node.lit", "fwd.mod:Node.codec", "fwd.mod:Holder.m", "fwd.future:Tree.parent", "fwd.future:Tree.leaf"];

describe("annotation refs", () => {
  it("resolve forward references, aliases, TypeVars and TYPE_CHECKING imports where the program defines them", () => {
    expect(FUNCTIONS.map((f) => [f, refs(f)])).toEqual([
      ["fwd.mod:early", { Later: "fwd.mod:Later", Optional: "typing:Optional", Node: "fwd.mod:Node" }],
      ["fwd.mod:Node.child", { Node: "fwd.mod:Node" }],
      ["fwd.mod:Node.alias", { Alias: "fwd.types:Alias", T: "fwd.types:T", Local: "fwd.mod:Local", "typing.List": "typing:List" }],
      ["fwd.mod:Node.lit", { Literal: "typing:Literal", Annotated: "typing:Annotated", int: "builtins:int", CheckedBase: "fwd.types:Base" }],
      ["fwd.mod:Node.codec", { "json.JSONDecoder": "json.decoder:JSONDecoder", Missing: null }],
      ["fwd.mod:Holder.m", { Alias: "builtins:int", Inner: "fwd.mod:Holder.Inner" }],
      ["fwd.future:Tree.parent", { Tree: "fwd.future:Tree" }],
      ["fwd.future:Tree.leaf", { Leaf: "fwd.future:Leaf", list: "builtins:list" }],
    ]);
  });

  it("name what python3 finds evaluating each name in the module's namespace", () => {
    const asked = FUNCTIONS.flatMap((f) => {
      const [module, qualname] = f.split(":") as [string, string];
      const owner = qualname.includes(".") ? qualname.slice(0, qualname.lastIndexOf(".")) : null;
      return Object.entries(refs(f)).map(([name, id]) => ({ module, owner, name, id }));
    });
    const script = `
import importlib, json, sys, types
sys.path.insert(0, sys.argv[1])
asked = json.load(sys.stdin)
mods = [importlib.import_module(m) for m in ("fwd.types", "fwd.mod", "fwd.future")]
import typing
out = []
for a in asked:
    m = importlib.import_module(a["module"])
    try:
        obj = eval(a["name"], vars(m), dict(vars(getattr(m, a["owner"]))) if a["owner"] else None)
    except NameError:
        out.append(None)
        continue
    if isinstance(obj, types.ModuleType):
        out.append([obj.__name__])
    elif isinstance(obj, (type, types.FunctionType)):
        out.append([obj.__module__ + ":" + obj.__qualname__])
    else:
        out.append(sorted(f"{x.__name__}:{k}" for x in [*mods, typing] for k, v in vars(x).items() if v is obj))
print(json.dumps(out))
`;
    const r = spawnSync("python3", ["-B", "-c", script, dir], { input: JSON.stringify(asked), encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const python = JSON.parse(r.stdout) as (string[] | null)[];
    const unevaluable = asked.filter((_, i) => python[i] === null).map((a) => `${a.name} ${a.id}`);
    expect(unevaluable).toEqual(["CheckedBase fwd.types:Base", "Missing null"]);
    for (const [i, a] of asked.entries()) if (python[i] !== null) expect(python[i], `${a.module} ${a.name}`).toContain(a.id);
  });
});
