// encodeProgramChunks writes the bundle module by module; its bytes must be buildBundle's exactly.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle, encodeBundle, encodeProgramChunks, type EncodedCounts } from "@static-inspect/emit";
import { writeTree } from "../cli/helpers.ts";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

const streamed = (program: Awaited<ReturnType<typeof analyze>>, indent: number, options = {}) => {
  const counts: EncodedCounts = { modules: 0, objects: 0, diagnostics: 0, errors: 0 };
  return { text: [...encodeProgramChunks(program, options, indent, counts)].join(""), counts };
};

describe("encodeProgramChunks", () => {
  it("gives buildBundle's bytes where ids cross modules, names repeat and modules sort between a package's parts", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stream-"));
    // `a._impl` renames itself, so its classes' ids are `a.pub:…`, emitted between `a.pub`'s own parts;
    // `a` (module) < `a._impl` < `a.pub` < `a:…` in id order; `m` is a module name twice (two folders).
    const tree = writeTree(dir, "t", {
      "a/__init__.py": '"""Package."""\nfrom a.pub import Thing\nX = 1\n',
      "a/_impl.py": '__name__ = "a.pub"\n\nclass Thing:\n    """A thing."""\n    def run(self, n: int = 1) -> int:\n        return n\n',
      "a/pub.py": "from a._impl import *\nfrom a._impl import Thing as Other\n\ndef helper(x, /, *a, **k):\n    pass\n",
      "one/m.py": "def f(a): pass\nimport os\n",
      "two/m.py": "def f(b): pass\nclass f: pass\n",
      "broken.py": "def (:\n",
    });
    const program = await analyze({ paths: [path.join(tree, "a"), path.join(tree, "one/m.py"), path.join(tree, "two/m.py"), path.join(tree, "broken.py")] });
    const bundle = buildBundle(program);
    expect(bundle.objects.some((o) => o.id === "a.pub:Thing" && o.file.endsWith("_impl.py"))).toBe(true);
    expect(bundle.files.filter((f) => f.module === "m")).toHaveLength(2);
    for (const indent of [0, 2]) {
      const { text, counts } = streamed(program, indent);
      expect(text).toBe(encodeBundle(bundle, indent));
      expect(counts).toEqual({
        modules: bundle.modules.length,
        objects: bundle.objects.length,
        diagnostics: bundle.diagnostics.length,
        errors: bundle.diagnostics.filter((d) => d.severity === "error").length,
      });
      expect(counts.errors).toBeGreaterThan(0);
    }
  });

  it("gives buildBundle's bytes on the sample package, with the docstring checks (built whole) and without", async () => {
    const program = await analyze({ paths: [path.join(root, "samples/shapes")] });
    for (const options of [{}, { checkDocstrings: true }, { docstringStyle: "google" as const }]) {
      expect(streamed(program, 2, options).text).toBe(encodeBundle(buildBundle(program, options), 2));
    }
  });

  it("writes empty arrays as [] when nothing was analysed", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stream-empty-"));
    const program = await analyze({ paths: [writeTree(dir, "e", { "README.txt": "no Python here\n" })] });
    const bundle = buildBundle(program);
    expect(bundle.objects).toEqual([]);
    for (const indent of [0, 2]) expect(streamed(program, indent).text).toBe(encodeBundle(bundle, indent));
  });
});
