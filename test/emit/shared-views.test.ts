// An object re-exported by an import appears twice in the bundle (itself, and the alias that shows
// its view): shared-views.ts makes that view once, keeps it only until its last use, and hands each
// use the docstring names the view looked up.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze, type DefinedObject } from "@static-inspect/analyzer";
import { buildBundle } from "@static-inspect/emit";
import { importAliasTargets, SharedViews } from "../../packages/emit/src/shared-views.ts";
import type { BundleObject } from "../../packages/emit/src/schema.ts";
import { writeTree } from "../cli/helpers.ts";

const object = (id: string) => ({ id }) as DefinedObject;

describe("SharedViews", () => {
  it("makes a view used by an object and two aliases once, drops it after the third use, and passes its queries to every use", () => {
    const made: string[] = [];
    const shared = new SharedViews<{ queried?: Set<string> }>(
      [
        { objects: [object("m:f"), object("m:g")], aliasesOf: [{ name: "a" }] },
        { objects: [], aliasesOf: [{ name: "b" }] },
      ],
      (module) => (module === "a" || module === "b" ? ["m:f"] : []),
      (o, options) => {
        made.push(o.id);
        options.queried?.add(`m\0${o.id}-name`);
        return { id: o.id } as BundleObject;
      },
    );
    const uses = [new Set<string>(), new Set<string>(), new Set<string>()];
    const first = shared.view(object("m:f"), { queried: uses[0]! });
    expect(shared.view(object("m:f"), { queried: uses[1]! })).toBe(first);
    expect(shared.view(object("m:f"), { queried: uses[2]! })).toBe(first);
    expect(made).toEqual(["m:f"]);
    for (const q of uses) expect([...q]).toEqual(["m\0m:f-name"]);
    // Used up: a fourth use (not counted) makes it again; an object used once is never kept.
    shared.view(object("m:f"), {});
    shared.view(object("m:g"), {});
    shared.view(object("m:g"), {});
    expect(made).toEqual(["m:f", "m:f", "m:g", "m:g"]);
  });

  it("lets each import alias show its target's view, docstring links and parameter ids included", async () => {
    const dir = writeTree(mkdtempSync(path.join(tmpdir(), "shared-views-")), "t", {
      "pkg/__init__.py": "from pkg._impl import Thing, run\nfrom pkg._impl import *\n",
      "pkg/_impl.py": '__all__ = ["run", "Thing"]\n\nclass Thing:\n    """See :func:`run`."""\n    def go(self, a, b=1): ...\n\ndef run(x: int = 2) -> int:\n    """Run.\n\n    Args:\n        x: how many.\n    """\n    return x\n',
    });
    const program = await analyze({ paths: [path.join(dir, "pkg")] });
    expect(importAliasTargets(program, "pkg")).toEqual(["pkg._impl:Thing", "pkg._impl:run"]);
    const bundle = buildBundle(program);
    const byId = new Map(bundle.objects.map((o) => [o.id, o]));
    for (const name of ["Thing", "run"]) {
      const alias = byId.get(`pkg:${name}`)!;
      const target = byId.get(`pkg._impl:${name}`)!;
      expect(alias.kind).toBe("alias");
      expect(alias.target).toBe(target.id);
      // The alias shows the target's view: the same docstring, signature and argspec.
      expect(alias.docstring).toEqual(target.docstring);
      expect(alias.signature).toEqual(target.signature);
      expect(alias.fullargspec).toEqual(target.fullargspec);
    }
    expect(byId.get("pkg:run")!.docstring!.sections[0]).toMatchObject({ kind: "parameters", items: [{ name: "x", id: "pkg._impl:run(x)" }] });
  });
});
