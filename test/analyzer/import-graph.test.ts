// The import graph a program keeps for reusing bundle parts (query/dependencies.ts, Program.importGraph):
// what it holds of each name, and which names reach a change (reachingChanges): a part whose roots are
// none of them is written again from the last bundle.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze, reachingChanges, type ImportGraph } from "@static-inspect/analyzer";
import { writeTree } from "../cli/helpers.ts";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-graph-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const FILES = {
  "app.py": "import helper\n\ndef main():\n    return helper.run()\n",
  "helper.py": "from core import value\n\ndef run():\n    return value\n",
  "core.py": "value = 1\n",
  "plugin.py": "import not_installed\n",
  "alone.py": "def f(x):\n    return x\n",
};

const root = writeTree(temp, "graph", FILES);
const program = await analyze({ paths: Object.keys(FILES).map((f) => path.join(root, f)), searchPaths: [] });

describe("Program.importGraph", () => {
  const graph = program.importGraph(["app", "plugin", "alone"]);
  const node = (name: string) => graph.nodes.get(name);

  it("holds each name the closure of the roots reaches, with its hash or its lookup, and its edges", () => {
    const sha = (name: string) => program.module(name)!.sha256;
    expect([...graph.nodes.keys()].sort()).toEqual(["alone", "app", "core", "core.value", "helper", "not_installed", "plugin"]);
    expect(node("app")).toEqual({ sha256: sha("app"), found: null, edges: ["helper"] });
    expect(node("helper")).toEqual({ sha256: sha("helper"), found: null, edges: ["core", "core.value"] });
    expect(node("core")).toEqual({ sha256: sha("core"), found: null, edges: [] });
    // `from core import value` finds the attribute: the submodule core.value is never looked up.
    expect(node("core.value")).toEqual({ sha256: null, found: null, edges: ["core"] });
    // Looked up (to read it) and not found.
    expect(node("not_installed")).toEqual({ sha256: null, found: false, edges: [] });
    expect(graph.byName).toEqual([]);
  });

  it("reachingChanges: the names from which a changed one is reached", () => {
    const changed = (names: string[]) => (name: string) => !names.includes(name);
    expect([...reachingChanges(graph, changed(["core"]))].sort()).toEqual(["app", "core", "core.value", "helper"]);
    expect([...reachingChanges(graph, changed(["not_installed"]))].sort()).toEqual(["not_installed", "plugin"]);
    expect([...reachingChanges(graph, changed(["alone"]))]).toEqual(["alone"]);
    expect(reachingChanges(graph, changed([])).size).toBe(0);
  });

  it("counts a module read by name only (reached from no given module) for every root", () => {
    const g: ImportGraph = {
      nodes: new Map([
        ["a", { sha256: "1", found: null, edges: [] }],
        ["rule_read", { sha256: "2", found: null, edges: [] }],
      ]),
      byName: ["rule_read"],
    };
    expect([...reachingChanges(g, (name) => name !== "rule_read")]).toEqual(["rule_read"]);
  });
});
