/**
 * How the bundle writes file paths (schema 1.4): relative to the analysis root (by default the folder
 * holding the given modules' import roots), a module of a search path as `<search-path>/` and its
 * path under that entry, others with `..`; `/`-separated, and the same wherever the tree lies.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle, bundlePaths, defaultRoot, encodeBundle, SEARCH_PATH_PREFIX, validateBundle } from "@static-inspect/emit";

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "si-paths-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const FILES = {
  "proj/pkg/__init__.py": "from lib.base import C\nclass D(C): pass\n",
  "proj/pkg/ns/leaf.py": "from .. import D\n",
  "proj/tool.py": "import pkg\n",
  "vendor/lib/__init__.py": "",
  "vendor/lib/base.py": "class A: pass\nclass B(A): pass\nclass C(A, B): pass\n",
};

describe("bundle paths", () => {
  it("are relative to the folder holding every import root, search-path modules under their entry", async () => {
    const root = tree(FILES);
    const program = await analyze({ paths: [path.join(root, "proj/pkg"), path.join(root, "proj/tool.py")], searchPaths: [path.join(root, "vendor")] });
    expect(defaultRoot(program)).toBe(path.join(root, "proj"));
    const bundle = buildBundle(program);
    expect(validateBundle(JSON.parse(JSON.stringify(bundle)))).toEqual([]);
    expect(bundle.files.map((f) => f.path)).toEqual(["pkg/__init__.py", "pkg/ns/leaf.py", "tool.py"]);
    expect(bundle.objects.find((o) => o.id === "pkg:D")!.file).toBe("pkg/__init__.py");
    expect(bundle.diagnostics.map((d) => [d.code, d.path])).toEqual([["mro-conflict", `${SEARCH_PATH_PREFIX}/lib/base.py`]]);
    const rel = bundlePaths(program, path.join(root, "proj/pkg/ns"));
    expect([rel(path.join(root, "proj/pkg/ns")), rel(path.join(root, "proj/pkg/ns/leaf.py")), rel(path.join(root, "proj/tool.py")), rel(path.join(root, "vendor/lib/base.py"))]).toEqual([
      ".",
      "leaf.py",
      "../../tool.py",
      "<search-path>/lib/base.py",
    ]);
    expect(buildBundle(program, { root: path.join(root, "proj/pkg") }).files.map((f) => f.path)).toEqual(["../tool.py", "__init__.py", "ns/leaf.py"]);
  });

  it("give the same bytes for a copy of the tree elsewhere", async () => {
    const a = tree(FILES);
    const b = path.join(tree({}), "x", "y");
    cpSync(a, b, { recursive: true });
    const bytes = async (at: string) => encodeBundle(buildBundle(await analyze({ paths: [path.join(at, "proj")], searchPaths: [path.join(at, "vendor")] })));
    const first = await bytes(a);
    expect(await bytes(b)).toBe(first);
    expect(first).not.toContain(a);
  });
});
