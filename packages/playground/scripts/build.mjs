// Builds the playground into dist/: the page (static/), main.js and worker.js bundled by esbuild from
// the packages' TypeScript source, and the analyzer's data files (fetched by the worker, one version
// at a time). Under a second; run by the root `pnpm build`.
//
//   node packages/playground/scripts/build.mjs [OUT_DIR]
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DATA = path.resolve(HERE, "../analyzer/data");

/** Builds the page into `out` (default `dist/`); resolves when done, rejects on a build error. */
export async function buildPlayground(out = path.join(HERE, "dist")) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(path.join(HERE, "static"), out, { recursive: true });
  for (const kind of ["builtins", "stdlib"]) cpSync(path.join(DATA, kind), path.join(out, "data", kind), { recursive: true });
  await build({
    entryPoints: { main: path.join(HERE, "src/main.ts"), worker: path.join(HERE, "src/worker.ts") },
    outdir: out,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: true,
    // The packages' TypeScript source, as the tests use it (no dependence on tsc's dist/).
    conditions: ["@static-inspect/source"],
    logLevel: "warning",
  });
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildPlayground(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
}
