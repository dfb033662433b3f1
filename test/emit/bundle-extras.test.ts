/**
 * The bundle's getfullargspec, getclosurevars, getclasstree, getmodulename and getsourcefile fields
 * (schema 1.2): exact values for a small package, and the bundle valid against the schema.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle, validateBundle } from "@static-inspect/emit";

const INIT = `import os
class Base: pass
class Child(Base): pass
def walk(top, *, follow=False) -> list:
    return [os.path.join(top, n) for n in os.listdir(top)] + sorted(missing)
`;

describe("bundle: getfullargspec, getclosurevars, getclasstree, getmodulename", () => {
  it("carries them with inspect's values", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "extras-"));
    mkdirSync(path.join(dir, "xpkg"));
    writeFileSync(path.join(dir, "xpkg", "__init__.py"), INIT);
    const program = await analyze({ paths: [path.join(dir, "xpkg")], searchPaths: [] });
    const bundle = buildBundle(program);
    expect(validateBundle(JSON.parse(JSON.stringify(bundle)))).toEqual([]);
    expect(bundle.schemaVersion).toBe("1.4");
    const mod = bundle.modules.find((m) => m.id === "xpkg")!;
    expect(mod.getmodulename).toBe("__init__");
    expect(mod.getsourcefile).toBeUndefined();
    expect(mod.classtree).toEqual([
      { class: "builtins:object", bases: [], depth: 0 },
      { class: "xpkg:Base", bases: ["builtins:object"], depth: 1 },
      { class: "xpkg:Child", bases: ["xpkg:Base"], depth: 2 },
    ]);
    const walk = bundle.objects.find((o) => o.id === "xpkg:walk")!;
    expect(walk.fullargspec).toEqual({
      args: ["top"],
      varargs: null,
      varkw: null,
      defaults: null,
      kwonlyargs: ["follow"],
      kwonlydefaults: [{ name: "follow", default: { text: "False", rendered: "False" } }],
      annotations: [{ name: "return", annotation: { text: "list", rendered: "list", refs: [{ name: "list", id: "builtins:list" }] } }],
    });
    expect(walk.closurevars).toEqual({
      nonlocals: [],
      globals: [{ name: "os", id: "os" }],
      builtins: [{ name: "sorted", id: "builtins:sorted" }],
      unbound: ["listdir", "missing"],
    });
    expect(bundle.objects.find((o) => o.id === "xpkg:Child")!.fullargspec).toEqual({ args: [], varargs: null, varkw: null, defaults: null, kwonlyargs: [], kwonlydefaults: null, annotations: [] });
    expect(bundle.objects.find((o) => o.id === "xpkg:Child")!.closurevars).toBeUndefined();
  });
});
