#!/usr/bin/env node
// The installed command: an `analyze` run whose result is cached goes to the fast start (below);
// anything else runs the compiled CLI, bundled into one CommonJS script
// (dist/static-inspect.cjs, made by scripts/bundle.mjs). In a checkout, `pnpm install` builds it (the
// root's `prepare` script) and `pnpm static-inspect` runs this file.
//
// The script is compiled through a V8 code cache kept in the run's cache folder (`code/`, beside the
// summaries; `--no-cache` uses none): compiling 1.2 MB of JavaScript is a third of a small run's CPU.
// The cache is written when the process exits, after the run, so it also holds the functions the run
// compiled lazily; V8 rejects a cache made from other source or by another V8 (it is then rewritten).
// Any problem with the cache only costs the compile it would have saved.
//
// When the run's folder has no cache for this build (a first run, or `--no-cache`), the one `pnpm build`
// made beside the script is used (dist/code-cache/, by scripts/code-cache.mjs: a run on the sample
// package); a run that uses it writes none of its own. It is named by a hash of the script's text, since
// V8 checks a cache against the source's length only; the build also writes, beside it, the script's
// size, mtime and inode when it was made (stamp.json), so that a start whose script still has them
// finds it by a `stat` instead of hashing 1.2 MB (and loading node:crypto to do so).
"use strict";
// A CommonJS script, not an ES module: Node starts one without its ES module loader (~10 ms).
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { createRequire } = Module;
const path = require("node:path");
const { fileURLToPath, pathToFileURL } = require("node:url");
const vm = require("node:vm");

const script = path.join(__dirname, "../dist/static-inspect.cjs");
/** The script's text, read by {@link runCli}. */
let source;

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

const BUILT = pathToFileURL(path.join(__dirname, "../dist/code-cache/"));

/** The cache the build made for this script and this Node (see the top of this file). */
async function builtCacheFile() {
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256").update(source).digest("hex").slice(0, 32);
  return fileURLToPath(new URL(`${process.version}-${process.arch}-${hash}.bin`, BUILT));
}

/** What stamp.json records of the script: the same for the same file, unchanged since the build. */
const scriptStamp = () => {
  const st = statSync(script);
  return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, node: process.version, arch: process.arch };
};

/** {@link builtCacheFile} without hashing, when stamp.json says the script is the one it was made for; else `null`. */
function stampedCacheFile() {
  try {
    const { file, ...made } = JSON.parse(readFileSync(new URL("stamp.json", BUILT), "utf8"));
    const now = scriptStamp();
    const same = Object.keys(now).every((k) => made[k] === now[k]) && typeof file === "string" && !file.includes("/");
    return same ? fileURLToPath(new URL(file, BUILT)) : null;
  } catch {
    return null; // no stamp (an older build, an installed package): hash the script
  }
}

/** Writes `compiled`'s code cache to `file` atomically when the process exits, dropping the other files of its folder that `stale` matches. */
function writeOnExit(compiled, file, stale) {
  process.once("exit", () => {
    try {
      const data = compiled.createCachedData();
      const dir = path.dirname(file);
      mkdirSync(dir, { recursive: true });
      // This script's older caches (another build or Node) are left behind by any update: drop them.
      for (const name of readdirSync(dir)) if (stale(name) && name !== path.basename(file)) rmSync(path.join(dir, name), { force: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, data);
      renameSync(temporary, file);
    } catch {
      // a read-only or full disk: the next run compiles from source again
    }
  });
}

const read = (file) => {
  try {
    return readFileSync(file);
  } catch {
    return undefined; // none yet, or unreadable: the next source of a cache, or the source itself
  }
};
// The scripts' dynamic imports (tinypool, an ES module; node:child_process) are made here, where
// import() is native: in a vm.Script it needs an experimental loader flag.
globalThis.__staticInspectImport = (specifier) => import(specifier);

const fastStartScript = path.join(__dirname, "../dist/fast-start.cjs");
const FAST_START_STAMP = "fast-start.stamp.json";

/**
 * The fast start's exports, compiled through the code cache a checkout's build made for it (beside
 * the CLI's: `fast-start-<node>-<arch>-<size>.bin`, found by `fast-start.stamp.json` as the CLI's is
 * by stamp.json; made by scripts/code-cache.mjs from a run the fast start handled, so it holds the
 * functions such a run compiles lazily). Without one (an installed package), or when V8 rejects it,
 * the script compiles from source. @throws when the script is missing or does not compile.
 */
function loadFastStart() {
  const text = readFileSync(fastStartScript, "utf8");
  const building = process.env.STATIC_INSPECT_BUILD_CODE_CACHE === "fast-start"; // scripts/code-cache.mjs
  let cachedData;
  const { size, mtimeMs, ino } = statSync(fastStartScript);
  const name = `fast-start-${process.version}-${process.arch}-${size}.bin`;
  if (!building) {
    try {
      const made = JSON.parse(readFileSync(new URL(FAST_START_STAMP, BUILT), "utf8"));
      if (made.size === size && made.mtimeMs === mtimeMs && made.ino === ino && made.file === name) cachedData = readFileSync(new URL(name, BUILT));
    } catch {
      cachedData = undefined; // none made for this script: compile from source
    }
  }
  const compiled = new vm.Script(Module.wrap(text), { filename: fastStartScript, ...(cachedData ? { cachedData } : {}) });
  if (building) {
    writeOnExit(compiled, fileURLToPath(new URL(name, BUILT)), (n) => n.startsWith("fast-start-") && n.endsWith(".bin"));
    process.once("exit", () => {
      try {
        writeFileSync(new URL(FAST_START_STAMP, BUILT), JSON.stringify({ size, mtimeMs, ino, file: name }) + "\n");
      } catch {
        // no stamp: the fast start compiles from source
      }
    });
  }
  const module = { exports: {} };
  compiled.runInThisContext()(module.exports, createRequire(fastStartScript), module, fastStartScript, path.dirname(fastStartScript));
  return module.exports;
}

// An `analyze` run whose cached result can be written as it is: the fast start (dist/fast-start.cjs,
// src/fast-start.ts; 0.13 MB) writes it without compiling the CLI's 1.4 MB, or declines (null) having
// written nothing. STATIC_INSPECT_FAST_START=0 turns it off (to compare, or to rule it out).
void (async () => {
  const args = process.argv.slice(2);
  let handled = null;
  if (args[0] === "analyze" && !args.includes("--no-cache") && process.env.STATIC_INSPECT_FAST_START !== "0") {
    try {
      handled = await loadFastStart().fastStart(args.slice(1));
    } catch {
      handled = null; // a missing or broken script (an older build): the CLI runs
    }
  }
  if (handled !== null) process.exitCode = handled;
  else await runCli();
})();

/**
 * Caps how far V8 lets the old generation grow past what the last full collection kept: at most 2×
 * (V8's own factor on a memory-constrained device), not the up to 4× it allows where memory looks
 * plentiful and allocation is fast, as it is while a bundle is made. Measured (pnpm bench's stdlib
 * and site-packages runs): peak RSS 450 → 390 MB and 2.9 → 2.3 GB for ~5% more wall time on the
 * stdlib; a small run (click) the same. A GC heuristic only: what the command writes does not change.
 * A flag given on Node's own command line wins (`node --heap-growing-percent=N bin/…`). A run of
 * thousands of files caps it further (src/heap.ts).
 */
function limitHeapGrowth() {
  if (process.execArgv.some((a) => a.startsWith("--heap-growing-percent"))) return;
  try {
    require("node:v8").setFlagsFromString("--heap-growing-percent=100");
  } catch {
    // a Node without the flag: its own heuristics
  }
}

/** Compiles the CLI's script (through a code cache, see the top of this file) and runs it. */
async function runCli() {
  limitHeapGrowth();
  try {
    source = readFileSync(script, "utf8");
  } catch (error) {
    if (error?.code !== "ENOENT") throw error;
    process.stderr.write(`static-inspect: error: the compiled CLI is missing (${script}); in a checkout run \`pnpm build\`\n`);
    process.exit(2);
  }

  let cacheFile = null;
  try {
    cacheFile = await codeCacheFile();
  } catch {
    cacheFile = null;
  }
  const building = process.env.STATIC_INSPECT_BUILD_CODE_CACHE === "1"; // scripts/code-cache.mjs
  let cachedData = building ? undefined : cacheFile ? read(cacheFile) : undefined;
  if (!cachedData && !building) cachedData = read(stampedCacheFile() ?? (await builtCacheFile()));

  const compiled = new vm.Script(Module.wrap(source.replace(/^#!.*/, "")), {
    filename: script,
    ...(cachedData ? { cachedData } : {}),
  });
  if (building) {
    const file = await builtCacheFile();
    writeOnExit(compiled, file, (name) => name.endsWith(".bin") && !name.startsWith("fast-start-"));
    process.once("exit", () => {
      try {
        writeFileSync(new URL("stamp.json", BUILT), JSON.stringify({ ...scriptStamp(), file: path.basename(file) }) + "\n");
      } catch {
        // no stamp: starts hash the script to find the cache
      }
    });
  }
  else if (cacheFile && (!cachedData || compiled.cachedDataRejected)) writeOnExit(compiled, cacheFile, (name) => name.startsWith("static-inspect-"));
  const module = { exports: {} };
  compiled.runInThisContext()(module.exports, createRequire(script), module, script, path.dirname(script));
}
