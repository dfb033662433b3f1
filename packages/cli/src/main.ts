/**
 * The `static-inspect` command line: argv in, exit code out. The only code that maps problems to
 * exit codes (0 ok, 1 errors found in the input with `--fail-on-error`, 2 usage or I/O error).
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { analyze, ANALYZE_DEFAULTS, BUILTINS_VERSIONS, directorySummaryCache, DISCOVER_DEFAULTS, DOCSTRING_STYLES, packageNameOf, type DocstringStyle } from "@static-inspect/analyzer";
import { bundleJsonSchema, validateBundle } from "@static-inspect/emit";
import { loadConfig, requiresPythonLowerBound, type Config } from "./config.ts";
import { isSystemError, UsageError } from "./errors.ts";
import { readJson } from "./emitters/bundle-file.ts";
import { EMITTERS } from "./emitters/index.ts";
import { configureDiff, runDiff, type DiffFlags } from "./emitters/diff.ts";
import { inspectTarget } from "./inspect.ts";
import { cachedInterpreterVersion, cachedPythonSearchPath } from "./python-cache.ts";
import { findInterpreter } from "./python.ts";
import { cacheDirectory } from "./cache-dir.ts";
import { analyzeAndWrite, type AnalyzeRun } from "./analyze-run.ts";
import { watchAndAnalyze } from "./watch.ts";
import { projectSearchStart, userDirectory } from "./project.ts";
import { samplePackagePath } from "./checkout.ts";
import { CHECK_CALLS_FORMATS, checkCalls, formatCheckCalls, formatCounts, type CheckCallsFormat } from "./check-calls.ts";

/**
 * Where `main` reads and writes. `stdout` gets results (bundle, source, schema, validation);
 * `stderr` gets the summary, warnings, errors and, when `isTTY`, progress.
 */
export interface CliIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Whether stderr is a terminal (progress is shown only then). */
  readonly isTTY: boolean;
  /**
   * The user's directory: relative paths are resolved against it, and the `pyproject.toml` lookup
   * falls back to it. Default `process.cwd()`; the `static-inspect` command passes
   * {@link userDirectory} (`INIT_CWD` under `pnpm static-inspect` in a checkout).
   */
  readonly cwd?: string;
  /**
   * Ends an `analyze --watch` run when aborted (besides SIGINT and SIGTERM): an `AbortSignal`, typed
   * by its shape so that consumers need no DOM or Node types.
   */
  readonly signal?: { readonly aborted: boolean; addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void };
}

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

const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stderr.isTTY), cwd: userDirectory() };
}

interface SearchOptions {
  searchPath?: string[];
  pythonSearchPath?: boolean;
  targetVersion?: string;
  python?: string;
}

interface AnalyzeFlags extends SearchOptions {
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

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number ≥ 1");
  return n;
}

/**
 * Runs the `static-inspect` command line.
 *
 * @param argv The arguments after the program name (`process.argv.slice(2)`).
 * @param io Streams and working directory; defaults to the process's.
 * @returns The exit code: 0 ok; 1 when `analyze --fail-on-error` found a diagnostic of severity
 *   `error`, `validate` found schema violations, or `check-calls` rejected a call; 2 for usage and I/O errors (reported on one
 *   line as `static-inspect: error: …`).
 *
 * Never calls `process.exit` and never throws.
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const err = (text: string) => io.stderr.write(text);
  let exitCode = 0;

  const cli = new Command("static-inspect")
    .description("Answers what CPython's inspect would say about Python source, without importing or running it.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "print help")
    .helpCommand("help [command]", "print help for a command")
    // Options after a subcommand are the subcommand's (`emit objects.inv --version V`).
    .enablePositionalOptions()
    .exitOverride()
    .showSuggestionAfterError(false)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`static-inspect: ${s.trim().replace(/\s*\n\s*/g, " ")}\n`),
    })
    .addHelpText(
      "after",
      `
Exit status: 0 ok, 1 errors found in the input (analyze --fail-on-error), an invalid bundle
(validate), breakages (diff) or a rejected call (check-calls), 2 usage or I/O error.

Configuration: [tool.static-inspect] in the nearest pyproject.toml, walking up from the folder that
holds every path analysed (else from the current directory), may set search-path = [...],
exclude = [...], python-search-path = true and target-version = "3.12"; paths are relative to that
file. Without --target-version or target-version, the lower bound of [project] requires-python is the
target (else the --python interpreter's version, else ${ANALYZE_DEFAULTS.target.python}). Command-line flags win. Relative paths on the command line are relative to the current directory (under
\`pnpm static-inspect\` in a checkout: the directory pnpm was run in, INIT_CWD).`,
    );

  const searchOptions = (cmd: Command) =>
    cmd
      .option("--search-path <dir>", "look imported modules up under DIR too, like sys.path (repeatable)", collect)
      .option("--python-search-path", "search the target version's interpreter's sys.path for imported modules (the default; warns when none is found)")
      .addOption(new Option("--no-python-search-path", "do not ask an interpreter for sys.path (overrides the configuration)"))
      .addOption(
        new Option("--target-version <version>", `the Python version analysed for: its grammar, builtins, stdlib and inspect rules (default: see below)`).choices(BUILTINS_VERSIONS),
      )
      .option("--python <path>", "the interpreter asked for sys.path (default: python3 if it is the target version, else python3.X on PATH, else pyenv's 3.X)");

  searchOptions(
    cli
      .command("analyze")
      .description("analyse Python files and packages and write the bundle (JSON) to stdout or FILE")
      .argument("[paths...]", "files and directories to analyse (default: the sample package shapes: samples/shapes in a checkout, shipped with the CLI when installed)")
      .option("-o, --output <file>", "write the bundle to FILE (atomically) instead of stdout (`-`: stdout)")
      .option("--pretty", `indent the JSON by ${CLI_DEFAULTS.prettyIndent} spaces`)
      .option("--root <dir>", "write file paths relative to DIR (default: the deepest folder holding the import root of every module analysed)")
      .option("--exclude <glob>", "skip files matching GLOB under the directories given (repeatable; added to the defaults)", collect)
      .option("--fail-on-error", "exit 1 when any diagnostic has severity error")
      .addOption(
        new Option("--platform <name>", "the sys.platform whose branches run").choices(CLI_DEFAULTS.platforms).default(CLI_DEFAULTS.platform),
      )
      .option("--any-extension", `read files given explicitly as Python whatever their name ends with (default: only ${CLI_DEFAULTS.extensions.join(", ")})`)
      .option("-q, --quiet", "print no progress and no summary (errors and warnings only)")
      .option("-v, --verbose", "also print the configuration file, the search roots and the time of each step")
      .option("--check-docstrings", "add docstring-signature diagnostics (docstring-unknown-parameter, docstring-missing-parameter, docstring-type-mismatch)")
      .addOption(new Option("--docstring-style <style>", "read every docstring in this style instead of detecting it").choices(DOCSTRING_STYLES))
      .option("--cache-dir <dir>", "keep the cache (module summaries, python3's sys.path, whole results) in DIR (default: $STATIC_INSPECT_CACHE_DIR, else the user cache folder, ~/.cache/static-inspect on Linux)")
      .option("--no-cache", "neither read nor write the cache")
      .addOption(new Option("-j, --jobs <n>", "worker threads that parse and bind the files (default: one per core when there are many files)").argParser(positiveInteger))
      .option("-w, --watch", "analyse, then re-analyse whenever a file under the paths changes, rewriting -o FILE (one line per update; Ctrl-C ends)"),
  ).action(async (paths: string[], flags: AnalyzeFlags) => {
    exitCode = await runAnalyze(paths, flags, io, cwd);
  });

  searchOptions(
    cli
      .command("inspect")
      .description("print what `python -m inspect TARGET` prints: the source of a module or object, or with --details where it is")
      .argument("<target>", "module or module:qualname (e.g. shapes:Circle.area)")
      .argument("[paths...]", "files and directories to find modules in (default: the current directory and samples/)")
      .option("-d, --details", "print Target:, Origin:, Cached: and Line: (or Submodule search path: for a package) instead of the source")
      .addHelpText(
        "after",
        `
Like python -m inspect, the module is looked up first and each name after ':' is then an
attribute of what came before (re-exports, submodules and inherited class members included);
an object id with <locals> (module:f.<locals>.g) works too.

--details: 'Cached:' is the path importlib.util.cache_from_source gives (it is what __cached__
holds, whether or not the .pyc exists); 'Line:' is 0-based, as inspect.findsource counts; the
'Loader:' line is omitted because it is a memory address no static tool can know.

Exit status 2 when the target cannot be found or has no source (python -m inspect exits 2 when
the import fails and 1, with a traceback, for a missing attribute or an object without source).`,
      ),
  ).action(async (target: string, paths: string[], flags: SearchOptions & { details?: boolean }) => {
    const given = paths.map((p) => existingPath(p, cwd));
    const config = loadConfig(projectSearchStart(given, cwd), cwd);
    const roots = given.length > 0 ? given.map((p) => importRoot(p)) : [cwd, path.dirname(CLI_DEFAULTS.samplePackage)];
    const cacheDir = cacheDirectory({}, cwd);
    const version = await targetVersion(flags, config, io, cacheDir);
    const searchPaths = await searchRoots(flags, config, cwd, io, version, cacheDir);
    const text = await inspectTarget({ target, details: Boolean(flags.details), roots: unique([...roots, ...searchPaths]), python: version });
    io.stdout.write(text);
  });

  searchOptions(
    cli
      .command("check-calls")
      .description("bind every call whose callee is statically known with Signature.bind; report each CPython would reject")
      .argument("[paths...]", "files and directories to check (default: the current directory)")
      .addOption(new Option("--output-format <format>", "how to print the rejected calls").choices(CHECK_CALLS_FORMATS).default("text"))
      .option("--exclude <glob>", "skip files matching GLOB under the directories given (repeatable; added to the defaults)", collect)
      .addOption(new Option("--platform <name>", "the sys.platform whose branches run").choices(CLI_DEFAULTS.platforms).default(CLI_DEFAULTS.platform))
      .option("-q, --quiet", "do not print the counts")
      .addHelpText(
        "after",
        `
A call is bound when its callee is a module-level name (or attributes of one) that resolves to a
function or class of the analysed program or its imports, or to a builtin function with a text
signature. Calls through *args/**kwargs, to callables an unknown decorator replaces, to dynamic
callees (locals, self.method, call results) or without a known signature are skipped and counted
(the counts go to stderr). Each rejected call is printed with CPython's Signature.bind message.
Positions: 1-based lines and columns.

Exit status: 0 no call rejected, 1 some call rejected, 2 usage or I/O error.`,
      ),
  ).action(async (paths: string[], flags: SearchOptions & { outputFormat: CheckCallsFormat; exclude?: string[]; platform?: string; quiet?: boolean }) => {
    const given = analyzeInputs(paths, cwd, false);
    const config = loadConfig(projectSearchStart(given, cwd), cwd);
    const cacheDir = cacheDirectory({}, cwd);
    const version = await targetVersion(flags, config, io, cacheDir);
    const searchPaths = await searchRoots(flags, config, cwd, io, version, cacheDir);
    const program = await analyze({
      paths: given.length ? given : [cwd],
      searchPaths,
      exclude: [...DISCOVER_DEFAULTS.exclude, ...(flags.exclude ?? config.exclude ?? [])],
      target: { python: version, platform: flags.platform ?? CLI_DEFAULTS.platform },
      ...(cacheDir !== null ? { cache: directorySummaryCache(cacheDir) } : {}),
    });
    const report = checkCalls(program);
    io.stdout.write(formatCheckCalls(report, flags.outputFormat, cwd));
    if (!flags.quiet) io.stderr.write(`check-calls: ${formatCounts(report.counts)}\n`);
    exitCode = report.diagnostics.length ? 1 : 0;
  });

  cli
    .command("schema")
    .description("print the JSON Schema of the bundle")
    .action(() => {
      io.stdout.write(JSON.stringify(bundleJsonSchema(), null, 2) + "\n");
    });

  cli
    .command("validate")
    .description("check a bundle against the schema: prints 'FILE: valid' or one line per violation")
    .argument("<file>", "the bundle (JSON) to check")
    .action((file: string) => {
      exitCode = runValidate(file, io, cwd);
    });

  searchOptions(configureDiff(cli.command("diff"))).action(async (oldArg: string, newArg: string | undefined, flags: DiffFlags & SearchOptions) => {
    exitCode = await runDiff(oldArg, newArg, flags, io, cwd, async () => {
      const config = loadConfig(cwd, cwd);
      const cacheDir = cacheDirectory({}, cwd);
      return searchRoots(flags, config, cwd, io, await targetVersion(flags, config, io, cacheDir), cacheDir);
    });
  });

  const emit = cli.command("emit").description("write another format from a bundle (run `emit --help` for the formats)");
  for (const emitter of EMITTERS) {
    emitter
      .configure(emit.command(emitter.name).description(emitter.description))
      .action(async (...args: unknown[]) => {
        exitCode = await emitter.run(args.slice(0, -1), io, cwd);
      });
  }

  try {
    await cli.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
      return 2; // commander has printed the message (through outputError) or the help
    }
    if (error instanceof UsageError) {
      err(`static-inspect: error: ${error.message}\n`);
      return 2;
    }
    if (isSystemError(error)) {
      err(`static-inspect: error: ${error.message}\n`);
      return 2;
    }
    err(`static-inspect: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

/** The absolute path of `p` (relative to `cwd`). @throws UsageError when it does not exist. */
function existingPath(p: string, cwd: string): string {
  const abs = path.resolve(cwd, p);
  if (!existsSync(abs)) throw new UsageError(`no such file or directory: ${p}`);
  return abs;
}

/**
 * The folder that would be on `sys.path` to import `p` (a file, a package folder, a namespace folder
 * inside a package, or a plain folder): above as many folders as its enclosing package's name has parts.
 */
function importRoot(p: string): string {
  let dir = statSync(p).isDirectory() ? p : path.dirname(p);
  const name = packageNameOf(dir);
  for (let i = name === null ? 0 : name.split(".").length; i > 0; i--) dir = path.dirname(dir);
  return dir;
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

const supported = (v: string) => (BUILTINS_VERSIONS as readonly string[]).includes(v);

/**
 * The target Python version: `--target-version`, else the configuration's `target-version`, else the
 * lower bound of `requires-python` (raised to the oldest supported version, with a warning, when it is
 * older), else the `--python` interpreter's version, else `ANALYZE_DEFAULTS.target.python`.
 * @throws UsageError for an unsupported `target-version` in the configuration.
 */
async function targetVersion(flags: SearchOptions, config: Config, io: CliIO, cacheDir: string | null): Promise<string> {
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
function searchRoots(flags: SearchOptions, config: Config, cwd: string, io: CliIO, version: string, cacheDir: string | null): Promise<string[]> {
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
function checkWritable(file: string, shown: string): void {
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
function analyzeInputs(paths: readonly string[], cwd: string, anyExtension: boolean): string[] {
  return paths.map((p) => {
    const abs = existingPath(p, cwd);
    if (!anyExtension && !statSync(abs).isDirectory() && !CLI_DEFAULTS.extensions.some((e) => abs.endsWith(e))) {
      throw new UsageError(`not a Python file: ${p} (only ${CLI_DEFAULTS.extensions.join(" and ")} files are read; --any-extension reads it anyway)`);
    }
    return abs;
  });
}

async function runAnalyze(paths: readonly string[], flags: AnalyzeFlags, io: CliIO, cwd: string): Promise<number> {
  const started = performance.now();
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

  const run: AnalyzeRun = {
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
  if (flags.watch) return watchAndAnalyze(run, io);
  const counts = await analyzeAndWrite(run, io);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (!flags.quiet) {
    io.stderr.write(
      `analyzed ${counts.modules} modules, ${counts.objects} objects, ${counts.diagnostics} diagnostics ` +
        `(${counts.errors} errors) in ${seconds} s${counts.reused ? " (unchanged: the cached result)" : ""} → ${run.shownOutput}\n`,
    );
  }
  if (run.verbose) {
    const usage = process.resourceUsage();
    verbose(`cpu ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(2)} s, peak RSS ${(usage.maxRSS / 1024).toFixed(0)} MB`);
  }
  return flags.failOnError && counts.errors > 0 ? 1 : 0;
}

function runValidate(file: string, io: CliIO, cwd: string): number {
  const data = readJson(file, cwd);
  const errors = validateBundle(data);
  if (errors.length === 0) {
    io.stdout.write(`${file}: valid\n`);
    return 0;
  }
  for (const e of errors) io.stdout.write(`${file}: ${e.instancePath}: ${e.message}\n`);
  return 1;
}
