#!/usr/bin/env node
// The installed command: runs the compiled CLI, bundled into one CommonJS script
// (dist/static-inspect.cjs, made by scripts/bundle.mjs). In a checkout, `pnpm install` builds it (the
// root's `prepare` script) and `pnpm static-inspect` runs this file.
//
// The script is compiled through a V8 code cache kept in the run's cache folder (`code/`, beside the
// summaries; `--no-cache` uses none): compiling 1.2 MB of JavaScript is a third of a small run's CPU.
// The cache is written when the process exits, after the run, so it also holds the functions the run
// compiled lazily; V8 rejects a cache made from other source or by another V8 (it is then rewritten).
// Any problem with the cache only costs the compile it would have saved.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const script = fileURLToPath(new URL("../dist/static-inspect.cjs", import.meta.url));
let source;
try {
  source = readFileSync(script, "utf8");
} catch (error) {
  if (error?.code !== "ENOENT") throw error;
  process.stderr.write(`static-inspect: error: the compiled CLI is missing (${script}); in a checkout run \`pnpm build\`\n`);
  process.exit(2);
}

/** The code-cache file for this script and this Node, or null when the run uses no cache folder. */
async function codeCacheFile() {
  const argv = process.argv.slice(2);
  if (argv.includes("--no-cache")) return null;
  const flag = argv.findIndex((a) => a === "--cache-dir" || a.startsWith("--cache-dir="));
  // A relative --cache-dir is the user's, as the CLI reads it (under `pnpm static-inspect`: INIT_CWD).
  const { INIT_CWD: init, npm_package_json: pkg } = process.env;
  const cwd = init && pkg && path.dirname(pkg) === process.cwd() ? init : process.cwd();
  let dir;
  if (flag >= 0) dir = argv[flag].includes("=") ? argv[flag].slice("--cache-dir=".length) : argv[flag + 1];
  dir ??= process.env.STATIC_INSPECT_CACHE_DIR || (await import("env-paths")).default("static-inspect", { suffix: "" }).cache;
  if (!dir) return null;
  const { size, mtimeMs } = statSync(script);
  const key = `${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}`;
  return path.join(path.resolve(cwd, dir), "code", `static-inspect-${key}.bin`);
}

let cacheFile = null;
let cachedData;
try {
  cacheFile = await codeCacheFile();
  if (cacheFile) cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined; // none yet, or unreadable: compile from source
}

const compiled = new vm.Script(Module.wrap(source.replace(/^#!.*/, "")), {
  filename: script,
  ...(cachedData ? { cachedData } : {}),
});
if (cacheFile && (!cachedData || compiled.cachedDataRejected)) {
  process.once("exit", () => {
    try {
      const data = compiled.createCachedData();
      const dir = path.dirname(cacheFile);
      mkdirSync(dir, { recursive: true });
      // This script's older caches (another build or Node) are left behind by any update: drop them.
      for (const name of readdirSync(dir)) if (name.startsWith("static-inspect-") && name !== path.basename(cacheFile)) rmSync(path.join(dir, name), { force: true });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, data);
      renameSync(temporary, cacheFile);
    } catch {
      // a read-only or full disk: the next run compiles from source again
    }
  });
}
// The script's dynamic imports (tinypool, an ES module) are made here, where import() is native.
globalThis.__staticInspectImport = (specifier) => import(specifier);
const module = { exports: {} };
compiled.runInThisContext()(module.exports, createRequire(script), module, script, path.dirname(script));
