/**
 * The analysis without a file system: the core entry points bundle for a browser with no Node
 * built-in anywhere in their import graphs, and analysing files held in memory gives the bundle that
 * analysing the same files on disk gives.
 */
import { readFileSync, readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { analyzeFiles, memoryHost, setDataReader, summarizeWithHost, type AnalyzerHost, type DataReader } from "@static-inspect/analyzer/core";
import { buildBundle, encodeBundle } from "@static-inspect/emit/core";
import { readDataFile } from "../../packages/analyzer/src/node/data.ts";

const root = path.resolve(import.meta.dirname, "../..");
const NODE_BUILTINS = new Set(builtinModules);

/** esbuild plugin: records every import of a Node built-in (`node:fs`, `fs`, `fs/promises`, …) with its importer. */
function nodeImports(found: string[]): Plugin {
  return {
    name: "node-imports",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.replace(/^node:/, "");
        if (args.path.startsWith("node:") || NODE_BUILTINS.has(bare) || NODE_BUILTINS.has(bare.split("/")[0]!)) {
          found.push(`${path.relative(root, args.importer)} imports ${args.path}`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
}

describe("the core entry points", () => {
  it.each(["@static-inspect/parser", "@static-inspect/analyzer/core", "@static-inspect/emit/core"])("%s bundles for the browser without a Node built-in", async (entry) => {
    const found: string[] = [];
    const result = await build({
      stdin: { contents: `export * from ${JSON.stringify(entry)};`, resolveDir: root, loader: "ts" },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      conditions: ["@static-inspect/source"],
      logLevel: "silent",
      plugins: [nodeImports(found)],
    });
    expect(found).toEqual([]);
    // The graph really is the packages' source (not an empty stub): the binder and linker are in it.
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.endsWith("parser/src/parse.ts"))).toBe(true);
    if (entry.includes("analyzer")) expect(inputs.some((f) => f.endsWith("analyzer/src/link/link.ts"))).toBe(true);
  });

  it("analyse in-memory files to the bundle analyze gives for the same files on disk", async () => {
    const dir = path.join(root, "samples");
    const files: Record<string, string> = {};
    for (const name of readdirSync(path.join(dir, "shapes")).sort()) files[`shapes/${name}`] = readFileSync(path.join(dir, "shapes", name), "utf8");
    for (const python of ["3.8", "3.13"]) {
      const onDisk = encodeBundle(buildBundle(await analyze({ paths: [path.join(dir, "shapes")], target: { python } }))).replaceAll(dir + path.sep, "");
      const inMemory = encodeBundle(buildBundle(analyzeFiles(files, { readData: readDataFile, target: { python } })));
      expect(inMemory).toBe(onDisk);
    }
  });

  it("find modules in memory as the path finder does", () => {
    const host = memoryHost({ "a/__init__.py": "", "a/b.py": "", "a/b.pyi": "", "c.pyi": "", "ns/d.py": "", "./e.py": "", "notes.txt": "" }, { readData: () => null });
    expect(host.sourceFiles.map((f) => [f.module, f.isPackage])).toEqual([["a", true], ["a.b", false], ["c", false], ["e", false], ["ns.d", false]]);
    expect(host.findModule("a.b")).toEqual({ path: "a/b.py", module: "a.b", isPackage: false });
    expect(host.findModule("c")).toEqual({ path: "c.pyi", module: "c", isPackage: false });
    expect(host.findModule("ns")).toEqual({ path: "ns", module: "ns", isPackage: true, namespace: true });
    expect(host.findModule("zzz")).toBeNull();
    expect(() => host.readFile({ path: "zzz.py", module: "zzz", isPackage: false })).toThrow("no such file: 'zzz.py'");
    expect(() => memoryHost({ "a/../b.py": "" }, { readData: () => null })).toThrow(RangeError);
  });

  it("read the data files through the reader installed, and say so when there is none", () => {
    const asked: string[] = [];
    const reader: DataReader = (kind, python) => (asked.push(`${kind} ${python}`), readDataFile(kind, python));
    setDataReader(reader);
    try {
      // 3.10 is loaded by no other test of this file: the builtins and stdlib facts are read now.
      const program = analyzeFiles({ "m.py": "import collections\nP = collections.namedtuple('P', 'x y')\n" }, { readData: reader, target: { python: "3.10" } });
      expect(program.target.python).toBe("3.10");
      expect(asked).toEqual(expect.arrayContaining(["builtins 3.10", "stdlib 3.10"]));
      expect(() => analyzeFiles({}, { readData: () => null, target: { python: "3.7" } })).toThrow(RangeError);
    } finally {
      setDataReader(readDataFile);
    }
  });

  it("turn a file the host cannot read, or one too large, into a diagnostic", () => {
    const file = { path: "pkg/m.py", module: "pkg.m", isPackage: false };
    const failing: AnalyzerHost = { findModule: () => file, readFile: () => { throw new Error("permission denied"); }, readData: readDataFile };
    expect(summarizeWithHost(failing, file).diagnostics).toEqual([{ code: "read-error", severity: "error", message: "cannot read file: permission denied", path: "pkg/m.py", span: null }]);
    const host = memoryHost({ "pkg/m.py": "x = 1\n" }, { readData: readDataFile });
    expect(summarizeWithHost(host, file, undefined, 3).diagnostics).toEqual([{ code: "too-large", severity: "warning", message: "file of 6 bytes is larger than 3 bytes: not analysed", path: "pkg/m.py", span: null }]);
    const summary = summarizeWithHost(host, file);
    expect(summary.diagnostics).toEqual([]);
    expect(summary.sha256).toBe("9e26bf369911c45c243c684147b23fc9e1dcfcf257d299a1c632016a6fcd33f4"); // sha256sum of the bytes (the pure-JS digest)
  });
});
