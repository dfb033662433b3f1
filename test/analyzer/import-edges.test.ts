// The import edges of a module summary (query/dependencies.ts), which the part cache of watch mode keys
// its parts on: every import wherever the summary binds it, and nothing else.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { summarizeFile } from "@static-inspect/analyzer";
import { importEdges } from "../../packages/analyzer/src/query/dependencies.ts";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-edges-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function edgesOf(source: string): string[] {
  const file = path.join(temp, "pkg_mod.py");
  writeFileSync(file, source);
  return [...importEdges(summarizeFile({ path: file, module: "pkg.mod", isPackage: false }))].sort();
}

describe("importEdges", () => {
  it("names every import of the module, its classes and TYPE_CHECKING, with the packages between", () => {
    const source = [
      "import a.b.c",
      "import d.e as de",
      "from f import g",
      "from h import *",
      "from . import sibling",
      "from typing import TYPE_CHECKING",
      "if TYPE_CHECKING:",
      "    import only_typing",
      "    from star_typing import *",
      "class C:",
      "    import in_class",
      "    x = len([1])",
      "def f():",
      "    import in_function",
      "try:",
      "    import optional",
      "except ImportError:",
      "    optional = None",
      "value = a.b.c.thing(g)",
      "",
    ].join("\n");
    expect(edgesOf(source)).toEqual(
      ["a", "a.b", "a.b.c", "d.e", "f", "f.g", "h", "in_class", "only_typing", "optional", "pkg", "pkg.sibling", "star_typing", "typing", "typing.TYPE_CHECKING"].sort(),
    );
  });

  it("is empty for a module without imports, and never holds the module itself", () => {
    expect(edgesOf("x = 1\nclass C:\n    y = x\n")).toEqual([]);
    expect(edgesOf("import pkg.mod\n")).toEqual(["pkg"]);
  });
});
