// Bundles the compiled CLI (dist/bin.js and everything it imports: our packages and their npm
// dependencies) into one file, dist/static-inspect.mjs, which bin/static-inspect.js runs: Node then
// reads and compiles one module instead of ~150, which is most of a small run's start-up time.
//
// Our modules find files next to themselves through `import.meta.url` (the analyzer's data, the CLI's
// package.json and sample). In the bundle each such use is rewritten to the URL its module would have
// had unbundled: the file's path inside its package, joined to where Node resolves that package from
// the bundle (`createRequire(...).resolve("<package>/package.json")`), so any install layout works.
// The analyzer's worker threads run its unbundled dist/workers/summarize-worker.js.
//
//   node packages/cli/scripts/bundle.mjs          (run by the root `build` and the CLI's `prepack`)
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
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
      const text = await readFile(args.path, "utf8");
      if (!text.includes("import.meta.url")) return { contents: text, loader: "js" };
      const url = `__staticInspectModuleUrl(${JSON.stringify(rel[0])}, ${JSON.stringify(rel.slice(1).join("/"))})`;
      return { contents: text.replaceAll("import.meta.url", url), loader: "js" };
    });
  },
};

const banner = `import { createRequire as __staticInspectCreateRequire } from "node:module";
import { fileURLToPath as __staticInspectFileURLToPath, pathToFileURL as __staticInspectPathToFileURL } from "node:url";
import { dirname as __staticInspectDirname, join as __staticInspectJoin } from "node:path";
const require = __staticInspectCreateRequire(import.meta.url);
// CommonJS dependencies read these (write-file-atomic names its temporary files after __filename).
const __filename = __staticInspectFileURLToPath(import.meta.url);
const __dirname = __staticInspectDirname(__filename);
const __staticInspectRoots = new Map();
function __staticInspectModuleUrl(pkg, file) {
  let root = __staticInspectRoots.get(pkg);
  if (root === undefined) {
    root = pkg === "cli" ? new URL("../", import.meta.url) : __staticInspectPathToFileURL(__staticInspectDirname(require.resolve("@static-inspect/" + pkg + "/package.json")) + "/");
    __staticInspectRoots.set(pkg, root);
  }
  return new URL(file, root).href;
}`;

await build({
  entryPoints: [path.join(CLI, "dist/bin.js")],
  outfile: path.join(CLI, "dist/static-inspect.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  banner: { js: banner },
  plugins: [moduleUrls],
  // tinypool starts its workers from a script of its own package, found next to its module: it stays
  // a package import (a dependency of the CLI), not bundled.
  external: ["tinypool"],
  logLevel: "warning",
  legalComments: "none",
});
