// Views are computed when first asked for (query/views.ts), each with the reports its computation
// implies (LinkContext.computing): a program's diagnostics are the same whichever views were computed
// first, and a caller holding some views' reports from an earlier program (a bundle part written
// again) gets the same diagnostics without computing those views.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze, type Program } from "@static-inspect/analyzer";
import { writeTree } from "../cli/helpers.ts";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-lazy-views-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// lib.Meta is on the search path, not given: no given class inherits from it, so the link pass never
// computes its bases; only the views of A and B (through their metaclass) reach its unresolved base.
const root = writeTree(temp, "t", {
  "pkg/__init__.py": "",
  "pkg/a.py": "from lib import Meta\n\nclass A(metaclass=Meta):\n    pass\n",
  "pkg/b.py": "from lib import Meta\n\nclass B(metaclass=Meta):\n    pass\n",
  "site/lib.py": "import unknown\n\nclass Meta(unknown.Base):\n    pass\n",
});
const program = () => analyze({ paths: [path.join(root, "pkg")], searchPaths: [path.join(root, "site")] });
const shown = (p: Program) => p.diagnostics.map((d) => `${path.basename(d.path)} ${d.code} ${d.message}`).sort();

describe("lazily computed views", () => {
  it("imply the same diagnostics whichever is computed first", async () => {
    const eager = await program();
    const all = shown(eager);
    expect(all).toContain("lib.py unresolved-base cannot resolve base class 'unknown.Base' of Meta");
    const bFirst = await program();
    bFirst.view("pkg.b:B");
    bFirst.view("pkg.a:A");
    expect(shown(bFirst)).toEqual(all);
    const aOnly = await program();
    aOnly.view("pkg.a:A");
    expect(shown(aOnly)).toEqual(all);
  });

  it("give back, from an earlier program's reports, the diagnostics of views not computed", async () => {
    const earlier = await program();
    const keptIds = ["pkg.a", "pkg.a:A", "pkg.b", "pkg.b:B"];
    const reports = earlier.viewReports(keptIds);
    expect(reports.map(([key]) => key)).toEqual(["base:lib:Meta:0"]);
    const later = await program();
    const full = shown(await program());
    const kept = later.diagnosticsWith((id) => keptIds.includes(id), reports).map((d) => `${path.basename(d.path)} ${d.code} ${d.message}`).sort();
    expect(kept).toEqual(full);
    expect(later.view("pkg.a:A")).not.toBeNull(); // still there when asked for
    // Without the reports, the views not computed imply nothing.
    const none = (await program()).diagnosticsWith((id) => keptIds.includes(id), []).map((d) => d.code);
    expect(none).not.toContain("unresolved-base");
  });

  it("released once written, are computed again when asked, the same, and imply the same diagnostics", async () => {
    const all = shown(await program());
    const p = await program();
    const before = p.view("pkg.a:A");
    const viewB = p.view("pkg.b:B");
    p.releaseViews(["pkg.a:A", "pkg.b:B"]);
    expect(shown(p)).toEqual(all); // from the kept report keys, not by computing again
    expect(p.view("pkg.a:A")).toEqual(before);
    const again = p.view("pkg.a:A");
    expect(again).not.toBe(before); // computed again…
    expect(p.view("pkg.a:A")).toBe(again); // …and held among the last views made again
    p.releaseViews(["pkg.a:A"]);
    expect(p.view("pkg.a:A")).not.toBe(again);
    expect(p.view("pkg.a:A")).toEqual(before);
    expect(p.view("pkg.b:B")).toEqual(viewB);
    expect(shown(p)).toEqual(all);
  });

  it("made again after their release, are held only among the last 256 made again", async () => {
    const many = writeTree(temp, "many", { "m.py": Array.from({ length: 300 }, (_, i) => `def f${i}(x, y=${i}):\n    return x\n`).join("\n") });
    const p = await analyze({ paths: [path.join(many, "m.py")], searchPaths: [] });
    const ids = Array.from({ length: 300 }, (_, i) => `m:f${i}`);
    for (const id of ids) expect(p.view(id)).not.toBeNull();
    p.releaseViews(ids);
    const first = p.view(ids[0]!);
    expect(p.view(ids[0]!)).toBe(first); // held again
    for (const id of ids.slice(1)) p.view(id); // 299 more made again: the first is let go
    const later = p.view(ids[0]!);
    expect(later).not.toBe(first);
    expect(later).toEqual(first);
    expect(p.view(ids[299]!)).toBe(p.view(ids[299]!));
  });
});
