// Bundles the compiled CLI (dist/bin.js and everything it imports: our packages and their npm
// dependencies) into one CommonJS script, dist/static-inspect.cjs, which bin/static-inspect.cjs runs:
// Node then reads one file instead of ~150, and the script can be compiled through a V8 code cache
// (Node 20 has none for ES modules), which together are most of a small run's start-up time.
//
// Our modules find files next to themselves through `import.meta.url` (the analyzer's data, the CLI's
// package.json and sample). In the bundle each such use is rewritten to the URL its module would have
// had unbundled: the file's path inside its package, joined to where Node resolves that package from
// the bundle (`createRequire(...).resolve("<package>/package.json")`), so any install layout works.
// The analyzer's worker threads run its unbundled dist/workers/summarize-worker.js.
//
//   node packages/cli/scripts/bundle.mjs          (run by the root `build` and the CLI's `prepack`)
import { build } from "esbuild";
import { codeFingerprint } from "../../analyzer/dist/cache/fingerprint.js";
import { readFile } from "node:fs/promises";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = path.resolve(CLI, "..");
const OUR = /^(parser|analyzer|emit|cli)$/;

/** esbuild plugin: `import.meta.url` in our packages' dist files → the file's unbundled URL. */
const moduleUrls = {
  name: "static-inspect-module-urls",
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, async (args) => {
      const rel = path.relative(PACKAGES, args.path).split(path.sep);
      if (rel[0] === ".." || !OUR.test(rel[0]) || rel[1] !== "dist") return undefined;
      let text = await readFile(args.path, "utf8");
      // The dynamic imports (of tinypool, external, and of node:child_process, loaded when first needed)
      // go through the ES module that runs the script: an import() in a vm.Script needs an
      // experimental loader flag that prints a warning.
      for (const specifier of ["tinypool", "node:child_process"]) text = text.replaceAll(`import("${specifier}")`, `__staticInspectImport("${specifier}")`);
      if (!text.includes("import.meta.url")) return { contents: text, loader: "js" };
      const url = `__staticInspectModuleUrl(${JSON.stringify(rel[0])}, ${JSON.stringify(rel.slice(1).join("/"))})`;
      return { contents: text.replaceAll("import.meta.url", url), loader: "js" };
    });
  },
};

// The script runs in CommonJS's wrapper (require, __filename, __dirname are given); `import.meta.url`
// of a bundled dependency is the script's own URL.
const banner = `const { pathToFileURL: __staticInspectPathToFileURL } = require("node:url");
const { dirname: __staticInspectDirname } = require("node:path");
const __staticInspectImportMetaUrl = __staticInspectPathToFileURL(__filename).href;
// Run by bin/static-inspect.cjs (a vm.Script): its import(); run by Node directly: the script's own.
const __staticInspectImport = globalThis.__staticInspectImport ?? ((specifier) => import(specifier));
const __staticInspectRoots = new Map();
function __staticInspectModuleUrl(pkg, file) {
  let root = __staticInspectRoots.get(pkg);
  if (root === undefined) {
    root = pkg === "cli" ? new URL("../", __staticInspectImportMetaUrl) : __staticInspectPathToFileURL(__staticInspectDirname(require.resolve("@static-inspect/" + pkg + "/package.json")) + "/");
    __staticInspectRoots.set(pkg, root);
  }
  return new URL(file, root).href;
}`;

// The code fingerprints the caches key their entries with (analyzer's cache/fingerprint.ts), computed
// here from the same dist files, so that a start does not read and hash them again. Worker threads run
// the unbundled analyzer and compute the same value.
const FINGERPRINTED = [
  ["@static-inspect/parser", "@static-inspect/analyzer"],
  ["@static-inspect/parser", "@static-inspect/analyzer", "@static-inspect/emit", "@static-inspect/cli"],
];
const fingerprints = Object.fromEntries(FINGERPRINTED.map((list) => [list.join("\0"), codeFingerprint(list)]));

// The fast start (src/fast-start.ts): the reuse of a cached result, tried before the CLI is loaded.
// Its script holds only what that step runs: every module of ours and of @lezer is taken as free of
// side effects here, so that the parts of the analyzer it does not call (the parser's tables, the
// builtins) are left out rather than run at its start. (Taking them so in the CLI's own script would
// be a promise about code that is not checked; here a wrong one can only make the start decline.)
const sideEffectFree = {
  name: "static-inspect-side-effect-free",
  setup(b) {
    b.onResolve({ filter: /^(@static-inspect|@lezer)\/|^\.\.?\// }, async (args) => {
      if (args.pluginData?.sideEffectFree) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { sideEffectFree: true } });
      if (resolved.errors.length > 0) return undefined;
      const ours = /[\\/](packages[\\/](parser|analyzer|emit|cli)[\\/]dist|@lezer)[\\/]/.test(resolved.path);
      return ours ? { ...resolved, sideEffects: false } : resolved;
    });
  },
};

const common = {
  // Written below only when its bytes change, so that a rebuild of the same script (the package's
  // prepack after the root's build) keeps its mtime and inode, which the code cache's stamp records.
  write: false,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  banner: { js: banner },
  define: { "import.meta.url": "__staticInspectImportMetaUrl", __STATIC_INSPECT_CODE_FINGERPRINTS__: JSON.stringify(fingerprints) },
  // tinypool starts its workers from a script of its own package, found next to its module: it stays
  // a package import (a dependency of the CLI, imported dynamically: it is an ES module), not bundled.
  external: ["tinypool"],
  logLevel: "warning",
  // The module paths esbuild writes into the script are relative to this folder: the same bytes
  // whether the root's `build` or the package's `prepack` runs it (the code cache is named by them).
  absWorkingDir: CLI,
  legalComments: "none",
  // Whitespace and syntax only (names stay, for readable errors): 1.8 → 1.2 MB to read and hash at each start.
  minifyWhitespace: true,
  minifySyntax: true,
};
const results = await Promise.all([
  build({ ...common, entryPoints: [path.join(CLI, "dist/bin.js")], outfile: path.join(CLI, "dist/static-inspect.cjs"), plugins: [moduleUrls] }),
  build({ ...common, entryPoints: [path.join(CLI, "dist/fast-start.js")], outfile: path.join(CLI, "dist/fast-start.cjs"), plugins: [sideEffectFree, moduleUrls],
    // The analyzer's entry imports the loader of its data files for that effect alone; this step reads none.
    logOverride: { "ignored-bare-import": "silent" } }),
]);
for (const { path: file, contents } of results.flatMap((r) => r.outputFiles)) {
  let same = false;
  try {
    same = Buffer.compare(readFileSync(file), contents) === 0;
  } catch {
    // not there yet
  }
  if (!same) writeFileSync(file, contents);
}
