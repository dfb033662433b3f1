/**
 * The `static-inspect` command line: argv in, exit code out. The only code that maps problems to
 * exit codes (0 ok, 1 errors found in the input with `--fail-on-error`, 2 usage or I/O error).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { analyze, ANALYZE_DEFAULTS, BUILTINS_VERSIONS, directorySummaryCache, DISCOVER_DEFAULTS, DOCSTRING_STYLES } from "@static-inspect/analyzer";
import { bundleJsonSchema, validateBundle } from "@static-inspect/emit";
import {
  analyzeInputs,
  CLI_DEFAULTS,
  existingPath,
  importRoot,
  resolveAnalyzeRun,
  searchRoots,
  summaryLine,
  usageLine,
  targetVersion,
  unique,
  type AnalyzeFlags,
  type SearchOptions,
} from "./analyze-options.ts";
import { loadConfig } from "./config.ts";
import { isSystemError, UsageError } from "./errors.ts";
import { readJson } from "./emitters/bundle-file.ts";
import { EMITTERS } from "./emitters/index.ts";
import { configureDiff, runDiff, type DiffFlags } from "./emitters/diff.ts";
import { inspectTarget } from "./inspect.ts";
import { cacheDirectory } from "./cache-dir.ts";
import { analyzeAndWrite } from "./analyze-run.ts";
import { watchAndAnalyze } from "./watch.ts";
import { projectSearchStart, userDirectory } from "./project.ts";
import { CHECK_CALLS_FORMATS, checkCalls, formatCheckCalls, formatCounts, type CheckCallsFormat } from "./check-calls.ts";

export { CLI_DEFAULTS } from "./analyze-options.ts";

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


const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stderr.isTTY), cwd: userDirectory() };
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

async function runAnalyze(paths: readonly string[], flags: AnalyzeFlags, io: CliIO, cwd: string): Promise<number> {
  const started = performance.now();
  const run = await resolveAnalyzeRun(paths, flags, io, cwd);
  if (flags.watch) return watchAndAnalyze(run, io);
  const counts = await analyzeAndWrite(run, io);
  if (!flags.quiet) io.stderr.write(summaryLine(counts, (performance.now() - started) / 1000, run.shownOutput));
  if (run.verbose) io.stderr.write(usageLine());
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
