// Watch mode keeps the bundle's encoded parts between runs (part-cache.ts): after any edit, the bundle
// written with kept parts must be byte for byte the one written without them, and the parts no edit
// can reach must be the ones kept.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze, memorySummaryCache } from "@static-inspect/analyzer";
import { createPartCache, encodeProgramChunks, type PartCache } from "@static-inspect/emit";
import { utf8Length } from "../../packages/emit/src/part-cache.ts";
import { writeTree } from "../cli/helpers.ts";

const FILES = {
  "pkg/__init__.py": '"""The package."""\nfrom pkg.hub import Hub\n',
  "pkg/hub.py": "from pkg.leaf import Base, f\n\nclass Hub(Base):\n    def run(self, n=f):\n        return n\n",
  "pkg/leaf.py": "class Base:\n    def go(self, a, b=1):\n        pass\n\ndef f(x):\n    pass\n\ndef g(y):\n    pass\n",
  // Names `pkg.leaf.g` in its docstring only: no import reaches pkg.leaf.
  "pkg/doc.py": 'def h():\n    """See :func:`pkg.leaf.g`."""\n',
  // Repeats h's view (with its docstring's link) as an import alias; no import reaches pkg.leaf either.
  "pkg/reexport.py": "from pkg.doc import h\n",
  // Renames itself: its class is part of `pkg.alone:`'s output, made from this file.
  "pkg/_impl.py": '__name__ = "pkg.alone"\n\nclass Thing:\n    """A thing."""\n',
  "pkg/alone.py": "from pkg._impl import Thing\nVALUE = 1\n",
  // Imports from a C module of the builtins data: looked up on the search roots (to be read), not found there.
  "pkg/lonely.py": "from math import floor\n\ndef k(z: int = 2) -> int:\n    return z\n",
};

describe("kept bundle parts", () => {
  it("give the bytes of a full write after each edit, and are kept only where no edit reaches", async () => {
    const dir = writeTree(mkdtempSync(path.join(tmpdir(), "parts-")), "t", FILES);
    const summaries = memorySummaryCache();
    const parts: PartCache = createPartCache();
    const run = async (indent: number) => {
      const program = await analyze({ paths: [path.join(dir, "pkg")], cache: summaries });
      const kept = [...encodeProgramChunks(program, {}, indent, undefined, parts)].join("");
      const full = [...encodeProgramChunks(program, {}, indent)].join("");
      return { kept, full, stats: { ...parts.stats } };
    };
    const edit = (file: string, text: string) => writeFileSync(path.join(dir, file), text);

    const first = await run(0);
    expect(first.kept).toBe(first.full);
    expect(first.stats.reused).toBe(0);
    const made = first.stats.made;

    // Nothing changed: every part is kept.
    const same = await run(0);
    expect(same.kept).toBe(first.full);
    expect(same.stats).toEqual({ reused: made, made: 0, unitsReused: 0 });

    // The leaf's `g` goes away and `Base.go` changes: the docstring link of pkg.doc and Hub's members change too.
    edit("pkg/leaf.py", "class Base:\n    def go(self, a, c=2):\n        pass\n\ndef f(x, y=0):\n    pass\n");
    const leaf = await run(0);
    expect(leaf.kept).toBe(leaf.full);
    expect(leaf.kept).not.toBe(first.full);
    const mentions = (text: string) => text.split('"pkg.leaf:g"').length - 1;
    expect(mentions(first.full)).toBeGreaterThan(2); // g's own entry, pkg.doc's link to it and pkg.reexport's
    expect(mentions(leaf.full)).toBe(0);
    // pkg.lonely and pkg.alone (and pkg._impl's own module entry) import nothing that changed.
    expect(leaf.stats.reused).toBeGreaterThanOrEqual(4);
    expect(leaf.stats.made).toBeGreaterThan(0);

    // An edit to the renamed module's file remakes the part of the name it gives itself.
    edit("pkg/_impl.py", '__name__ = "pkg.alone"\n\nclass Thing:\n    """Another thing."""\n');
    const renamed = await run(0);
    expect(renamed.kept).toBe(renamed.full);
    expect(renamed.full).toContain("Another thing.");
    expect(renamed.stats.reused).toBeGreaterThan(0);

    // Another indent: every part is made again.
    const indented = await run(2);
    expect(indented.kept).toBe(indented.full);
    expect(indented.stats.reused).toBe(0);

    // Back to the first text, with the indent of the first run: the first bytes again.
    for (const [file, text] of Object.entries(FILES)) edit(file, text);
    const back = await run(0);
    expect(back.kept).toBe(first.full);
  });

  it("keep nothing reusable from a bundle not written to its end", async () => {
    const dir = writeTree(mkdtempSync(path.join(tmpdir(), "parts-")), "t", FILES);
    const summaries = memorySummaryCache();
    const parts: PartCache = createPartCache();
    const program = async () => analyze({ paths: [path.join(dir, "pkg")], cache: summaries });
    const full = [...encodeProgramChunks(await program(), {}, 0, undefined, parts)].join("");
    const made = parts.stats.made;
    // A write that fails after two parts were written from the kept text: the generator is dropped there.
    for (const _ of encodeProgramChunks(await program(), {}, 0, undefined, parts)) if (parts.stats.reused === 2) break;
    expect(parts.stats).toEqual({ reused: 2, made: 0, unitsReused: 0 });
    const next = [...encodeProgramChunks(await program(), {}, 0, undefined, parts)].join("");
    expect(next).toBe(full);
    expect(parts.stats).toEqual({ reused: 0, made, unitsReused: 0 });
  });

  it("make a part again unit by unit: the objects whose making read no changed module are written again as they were", async () => {
    const dir = writeTree(mkdtempSync(path.join(tmpdir(), "parts-")), "t", {
      "pkg/__init__.py": "",
      "pkg/leaf.py": "def f(x):\n    pass\n",
      // `a` shows f's repr as its default; `b` and `c` read nothing of pkg.leaf; the alias `f` shows f's view.
      "pkg/user.py": "from pkg.leaf import f\n\ndef a(x=f):\n    pass\n\ndef b(y=1):\n    pass\n\ndef c(z=2):\n    return z\n",
    });
    const summaries = memorySummaryCache();
    const parts: PartCache = createPartCache();
    const run = async () => {
      const program = await analyze({ paths: [path.join(dir, "pkg")], cache: summaries });
      const kept = [...encodeProgramChunks(program, {}, 0, undefined, parts)].join("");
      return { kept, full: [...encodeProgramChunks(program, {}, 0)].join(""), stats: { ...parts.stats } };
    };
    const first = await run();
    expect(first.kept).toBe(first.full);
    writeFileSync(path.join(dir, "pkg/leaf.py"), "def f(x, y=3):\n    pass\n");
    const edited = await run();
    expect(edited.kept).toBe(edited.full);
    expect(edited.full).toContain('"(x, y=3)"');
    // Made: pkg.leaf and pkg.leaf: (the edited module), pkg.user (its members name f) and pkg.user:,
    // in which b and c are written again; kept: pkg and pkg: (the package imports nothing; no objects
    // but its module's, and no aliases).
    expect(edited.stats).toEqual({ reused: 2, made: 4, unitsReused: 2 });
  });

  it("measure kept texts in UTF-8 bytes, as TextEncoder writes them", () => {
    for (const text of ["", "ascii", "½ é", "—🟢—", "\ud800 lone", "end \udc00", "\ud83d"]) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
