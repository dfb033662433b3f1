/**
 * From `analyze`'s flags to the run they ask for: the inputs, the configuration (`pyproject.toml`),
 * the target version, the search roots (an interpreter's `sys.path`, through its cache), the cache
 * folder and the output, each checked as the command line promises (a usage error for a missing
 * path, a file that is not Python, an output that cannot be written). Shared by the command line and
 * by the start that reuses a cached result before the rest of the CLI is loaded (`fast-start.ts`), so
 * both resolve a command line the same way.
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import path from "node:path";
import { ANALYZE_DEFAULTS, BUILTINS_VERSIONS, DISCOVER_DEFAULTS, packageNameOf, type DocstringStyle } from "@static-inspect/analyzer";
import type { AnalyzeRun, RunResult } from "./analyze-run.ts";
import { cacheDirectory } from "./cache-dir.ts";
import { samplePackagePath } from "./checkout.ts";
import { loadConfig, requiresPythonLowerBound, type Config } from "./config.ts";
import { UsageError } from "./errors.ts";
import type { CliIO } from "./main.ts";
import { projectSearchStart } from "./project.ts";
import { cachedInterpreterVersion, cachedPythonSearchPath } from "./python-cache.ts";
import { findInterpreter } from "./python.ts";

/** Defaults of the command line. */
export const CLI_DEFAULTS = {
  /**
   * What `analyze` reads when given no path: the sample package `shapes` (`samples/shapes` in a
   * checkout; shipped inside `@static-inspect/cli` when installed, see {@link samplePackagePath}).
   */
  samplePackage: samplePackagePath(),
  /** `--pretty` indents the bundle by this many spaces; without it the bundle is one line. */
  prettyIndent: 2,
  /** Ask an interpreter of the target version (when one is found) for `sys.path` and search it for imported modules. */
  pythonSearchPath: true,
  /** `sys.platform` of the target: decides `if sys.platform …` and Windows/POSIX-only imports. */
  platform: "linux",
  /**
   * The `sys.platform` values `--platform` accepts: those CPython's documentation lists
   * (`sys.platform`), without the version suffix older FreeBSD builds carried.
   */
  platforms: ["aix", "android", "cygwin", "darwin", "emscripten", "freebsd", "ios", "linux", "wasi", "win32"],
  /** The file name endings `analyze` reads as Python when a file is given explicitly (without `--any-extension`). */
  extensions: [".py", ".pyi"],
} as const;

/** The flags every command that looks modules up takes (`--search-path`, `--python-search-path`, `--target-version`, `--python`). */
export interface SearchOptions {
  searchPath?: string[];
  pythonSearchPath?: boolean;
  targetVersion?: string;
  python?: string;
}

/** `analyze`'s flags as commander gives them (an option not given is absent). */
export interface AnalyzeFlags extends SearchOptions {
  output?: string;
  platform?: string;
  pretty?: boolean;
  exclude?: string[];
  failOnError?: boolean;
  anyExtension?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  checkDocstrings?: boolean;
  docstringStyle?: DocstringStyle;
  cache?: boolean;
  cacheDir?: string;
  jobs?: number;
  watch?: boolean;
  root?: string;
}

/** The absolute path of `p` (relative to `cwd`). @throws UsageError when it does not exist. */
export function existingPath(p: string, cwd: string): string {
  const abs = path.resolve(cwd, p);
  if (!existsSync(abs)) throw new UsageError(`no such file or directory: ${p}`);
  return abs;
}

/**
 * The folder that would be on `sys.path` to import `p` (a file, a package folder, a namespace folder
 * inside a package, or a plain folder): above as many folders as its enclosing package's name has parts.
 */
export function importRoot(p: string): string {
  let dir = statSync(p).isDirectory() ? p : path.dirname(p);
  const name = packageNameOf(dir);
  for (let i = name === null ? 0 : name.split(".").length; i > 0; i--) dir = path.dirname(dir);
  return dir;
}

export const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

const supported = (v: string) => (BUILTINS_VERSIONS as readonly string[]).includes(v);

/**
 * The target Python version: `--target-version`, else the configuration's `target-version`, else the
 * lower bound of `requires-python` (raised to the oldest supported version, with a warning, when it is
 * older), else the `--python` interpreter's version, else `ANALYZE_DEFAULTS.target.python`.
 * @throws UsageError for an unsupported `target-version` in the configuration.
 */
export async function targetVersion(flags: SearchOptions, config: Config, io: CliIO, cacheDir: string | null): Promise<string> {
  if (flags.targetVersion !== undefined) return flags.targetVersion; // commander checked the choices
  if (config.targetVersion !== undefined) {
    if (!supported(config.targetVersion)) {
      throw new UsageError(`${config.file}: [tool.static-inspect] target-version ${JSON.stringify(config.targetVersion)} is not supported; supported: ${BUILTINS_VERSIONS.join(", ")}`);
    }
    return config.targetVersion;
  }
  if (config.requiresPython !== undefined) {
    const low = requiresPythonLowerBound(config.requiresPython);
    if (low !== null && supported(low)) return low;
    if (low !== null) {
      const [major, minor] = low.split(".").map(Number) as [number, number];
      const oldest = BUILTINS_VERSIONS[0];
      if (major === 3 && minor < Number(oldest.split(".")[1])) {
        io.stderr.write(`static-inspect: warning: requires-python ${JSON.stringify(config.requiresPython)} admits Python ${low}; analysing for ${oldest}, the oldest supported\n`);
        return oldest;
      }
      io.stderr.write(`static-inspect: warning: requires-python ${JSON.stringify(config.requiresPython)} starts at Python ${low}, which is not supported (${BUILTINS_VERSIONS.join(", ")}); pass --target-version\n`);
    }
  }
  if (flags.python !== undefined) {
    const v = await cachedInterpreterVersion(cacheDir)(flags.python);
    if (v !== null && supported(v)) return v;
  }
  return ANALYZE_DEFAULTS.target.python;
}

/**
 * The interpreter asked for `sys.path`: `--python` as given, else one of the target version (see
 * `findInterpreter`); `null` with a reason when there is none.
 */
async function targetInterpreter(flags: SearchOptions, version: string, cacheDir: string | null): Promise<{ python: string; mismatch: string | null } | { error: string }> {
  const versionOf = cachedInterpreterVersion(cacheDir);
  if (flags.python !== undefined) {
    const v = await versionOf(flags.python);
    if (v === null) return { error: `--python ${flags.python} cannot be run` };
    return { python: flags.python, mismatch: v === version ? null : v };
  }
  const found = await findInterpreter(version, process.env, versionOf);
  if ("executable" in found) return { python: found.executable, mismatch: null };
  return { error: `no Python ${version} interpreter found (tried ${found.tried.join(", ")}); pass --python PATH` };
}

/**
 * The search roots from `--search-path` (or the configuration's `search-path`), then the `sys.path` of
 * an interpreter of the target version (`--python`, else one found by version; unless
 * `--no-python-search-path` or `python-search-path = false`), with a warning when there is none.
 * The interpreter's version and `sys.path` are read through the cache in `cacheDir` when not null.
 *
 * The given roots are checked at once (a UsageError is thrown, not returned); the promise settles
 * without waiting when no interpreter has to be started, and never rejects.
 * @throws UsageError for a `--search-path` that is not a directory.
 */
export function searchRoots(flags: SearchOptions, config: Config, cwd: string, io: CliIO, version: string, cacheDir: string | null): Promise<string[]> {
  const given = flags.searchPath ? flags.searchPath.map((p) => existingPath(p, cwd)) : (config.searchPath ?? []);
  for (const p of given) {
    if (!statSync(p, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`search path is not a directory: ${p}`);
  }
  // On by default when a python3 is found (DESIGN §3): it is asked for sys.path and nothing else.
  const asked = flags.pythonSearchPath ?? config.pythonSearchPath;
  if (!(asked ?? CLI_DEFAULTS.pythonSearchPath)) return Promise.resolve(unique(given));
  return interpreterRoots(flags, version, cacheDir, (text) => io.stderr.write(`static-inspect: warning: ${text}\n`)).then((found) => unique([...given, ...found]));
}

/** The `sys.path` directories of the target's interpreter (see {@link searchRoots}); `warn` tells why there are none. Never rejects. */
async function interpreterRoots(flags: SearchOptions, version: string, cacheDir: string | null, warn: (text: string) => void): Promise<string[]> {
  const chosen = await targetInterpreter(flags, version, cacheDir);
  if ("error" in chosen) {
    warn(`${chosen.error}; imports of the standard library and site-packages are not resolved (--no-python-search-path silences this)`);
    return [];
  }
  if (chosen.mismatch !== null) warn(`${chosen.python} is Python ${chosen.mismatch}, the target is ${version}: its sys.path is searched anyway`);
  const found = await cachedPythonSearchPath(cacheDir, chosen.python);
  if ("error" in found) {
    warn(`${found.error}; continuing without python's sys.path`);
    return [];
  }
  return found.paths;
}

/**
 * Checks before any work that `file` can be created or replaced: its nearest existing ancestor folder
 * must be a writable folder (missing folders between are created when the bundle is written).
 * @throws UsageError otherwise.
 */
export function checkWritable(file: string, shown: string): void {
  // ENOTDIR (a file where a folder should be) reads as "missing" here; the ancestor check reports it.
  const stat = (p: string) => {
    try {
      return statSync(p, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
  };
  if (stat(file)?.isDirectory()) throw new UsageError(`cannot write ${shown}: it is a directory`);
  let dir = path.dirname(file);
  let st = stat(dir);
  while (!st && path.dirname(dir) !== dir) {
    dir = path.dirname(dir);
    st = stat(dir);
  }
  if (!st || !st.isDirectory()) throw new UsageError(`cannot write ${shown}: ${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`cannot write ${shown}: directory ${dir} is not writable`);
  }
}

/**
 * The files and folders `analyze` was given, as absolute paths.
 * @throws UsageError for a missing path, or a file whose name does not end in `.py`/`.pyi` unless
 *   `anyExtension` (Markdown or a `setup.cfg` given by mistake would otherwise be read as Python).
 */
export function analyzeInputs(paths: readonly string[], cwd: string, anyExtension: boolean): string[] {
  return paths.map((p) => {
    const abs = existingPath(p, cwd);
    if (!anyExtension && !statSync(abs).isDirectory() && !CLI_DEFAULTS.extensions.some((e) => abs.endsWith(e))) {
      throw new UsageError(`not a Python file: ${p} (only ${CLI_DEFAULTS.extensions.join(" and ")} files are read; --any-extension reads it anyway)`);
    }
    return abs;
  });
}


/**
 * The run `analyze PATHS… FLAGS` asks for, resolved against `cwd` (the user's directory), with
 * `--verbose`'s lines about it written to `io.stderr` (and any warning the configuration or the
 * interpreter search gives). The search roots are a promise while an interpreter has to be asked.
 * @throws UsageError for a missing path, a file not named like Python (without `--any-extension`), a
 *   `--root` that is not a folder, `--watch` without `-o`, an output that cannot be written, or an
 *   unsupported `target-version` in the configuration.
 */
export async function resolveAnalyzeRun(paths: readonly string[], flags: AnalyzeFlags, io: CliIO, cwd: string): Promise<AnalyzeRun> {
  const given = analyzeInputs(paths, cwd, Boolean(flags.anyExtension));
  const config = loadConfig(projectSearchStart(given, cwd), cwd);
  const inputs = given.length > 0 ? given : [CLI_DEFAULTS.samplePackage];
  // `-o -` is stdout, as for most commands that write a file (a file named "-" is `-o ./-`).
  const toStdout = flags.output === undefined || flags.output === "-";
  const output = toStdout ? null : path.resolve(cwd, flags.output!);
  const root = flags.root === undefined ? null : existingPath(flags.root, cwd);
  if (root !== null && !statSync(root).isDirectory()) throw new UsageError(`--root: not a directory: ${flags.root}`);
  if (flags.watch && output === null) throw new UsageError("--watch needs -o FILE: the bundle it rewrites on each change");
  if (output) checkWritable(output, flags.output!);
  const cacheDir = cacheDirectory(flags, cwd);
  const version = await targetVersion(flags, config, io, cacheDir);
  // Not awaited: when python3 has to be asked, the given files are read and bound meanwhile.
  const searchPaths = searchRoots(flags, config, cwd, io, version, cacheDir);
  const exclude = [...DISCOVER_DEFAULTS.exclude, ...(flags.exclude ?? config.exclude ?? [])];
  const verbose = (text: string) => {
    if (flags.verbose && !flags.quiet) io.stderr.write(`static-inspect: ${text}\n`);
  };
  verbose(`configuration: ${config.file ?? "no pyproject.toml found"}`);
  verbose(`target: Python ${version} on ${flags.platform ?? CLI_DEFAULTS.platform}`);
  if (flags.verbose && !flags.quiet) {
    // --verbose names the roots before the work starts, so it waits for them.
    const roots = await searchPaths;
    verbose(`search roots: ${roots.length > 0 ? roots.join(path.delimiter) : "none"}`);
  }
  verbose(`cache: ${cacheDir ?? "none (--no-cache)"}`);

  return {
    inputs,
    root,
    searchPaths,
    exclude,
    target: { python: version, platform: flags.platform ?? CLI_DEFAULTS.platform },
    output,
    shownOutput: toStdout ? "<stdout>" : flags.output!,
    pretty: Boolean(flags.pretty),
    checkDocstrings: Boolean(flags.checkDocstrings),
    ...(flags.docstringStyle ? { docstringStyle: flags.docstringStyle } : {}),
    cacheDir,
    ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}),
    quiet: Boolean(flags.quiet),
    verbose: Boolean(flags.verbose) && !flags.quiet,
  };
}

/**
 * The line `analyze` ends with on stderr (unless `--quiet`): what was written, how long the run took
 * (`seconds` since it started) and, for a reused result, that it was the cached one.
 */
export function summaryLine(counts: RunResult, seconds: number, shownOutput: string): string {
  return (
    `analyzed ${counts.modules} modules, ${counts.objects} objects, ${counts.diagnostics} diagnostics ` +
    `(${counts.errors} errors) in ${seconds.toFixed(2)} s${counts.reused ? " (unchanged: the cached result)" : ""} → ${shownOutput}\n`
  );
}

/** What `--verbose` says last: the process's CPU time (all threads) and peak RSS so far. */
export function usageLine(): string {
  const usage = process.resourceUsage();
  return `static-inspect: cpu ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(2)} s, peak RSS ${(usage.maxRSS / 1024).toFixed(0)} MB\n`;
}
