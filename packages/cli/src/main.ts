/**
 * The `static-inspect` command line: argv in, exit code out. The only code that maps problems to
 * exit codes (0 ok, 1 errors found in the input with `--fail-on-error`, 2 usage or I/O error).
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { analyze, DISCOVER_DEFAULTS, DOCSTRING_STYLES, type DocstringStyle } from "@static-inspect/analyzer";
import { buildBundle, bundleJsonSchema, encodeBundleChunks, validateBundle } from "@static-inspect/emit";
import { loadConfig, type Config } from "./config.ts";
import { isSystemError, UsageError } from "./errors.ts";
import { readJson } from "./emitters/bundle-file.ts";
import { EMITTERS } from "./emitters/index.ts";
import { inspectTarget } from "./inspect.ts";
import { pythonSearchPath } from "./python.ts";
import { writeChunksAtomically } from "./atomic.ts";
import { createProgress } from "./progress.ts";
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
  /** Ask python3 (when one is found) for `sys.path` and search it for imported modules. */
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
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

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
(validate) or a rejected call (check-calls), 2 usage or I/O error.

Configuration: [tool.static-inspect] in the nearest pyproject.toml, walking up from the folder that
holds every path analysed (else from the current directory), may set search-path = [...],
exclude = [...] and python-search-path = true; paths are relative to that file. Command-line flags
win. Relative paths on the command line are relative to the current directory (under
\`pnpm static-inspect\` in a checkout: the directory pnpm was run in, INIT_CWD).`,
    );

  const searchOptions = (cmd: Command) =>
    cmd
      .option("--search-path <dir>", "look imported modules up under DIR too, like sys.path (repeatable)", collect)
      .option("--python-search-path", "search python3's sys.path for imported modules (the default when python3 is found; warns if it is not)")
      .addOption(new Option("--no-python-search-path", "do not ask python3 for sys.path (overrides the configuration)"));

  searchOptions(
    cli
      .command("analyze")
      .description("analyse Python files and packages and write the bundle (JSON) to stdout or FILE")
      .argument("[paths...]", "files and directories to analyse (default: the sample package shapes: samples/shapes in a checkout, shipped with the CLI when installed)")
      .option("-o, --output <file>", "write the bundle to FILE (atomically) instead of stdout")
      .option("--pretty", `indent the JSON by ${CLI_DEFAULTS.prettyIndent} spaces`)
      .option("--exclude <glob>", "skip files matching GLOB under the directories given (repeatable; added to the defaults)", collect)
      .option("--fail-on-error", "exit 1 when any diagnostic has severity error")
      .addOption(
        new Option("--platform <name>", "the sys.platform whose branches run").choices(CLI_DEFAULTS.platforms).default(CLI_DEFAULTS.platform),
      )
      .option("--any-extension", `read files given explicitly as Python whatever their name ends with (default: only ${CLI_DEFAULTS.extensions.join(", ")})`)
      .option("-q, --quiet", "print no progress and no summary (errors and warnings only)")
      .option("-v, --verbose", "also print the configuration file, the search roots and the time of each step")
      .option("--check-docstrings", "add docstring-signature diagnostics (docstring-unknown-parameter, docstring-missing-parameter, docstring-type-mismatch)")
      .addOption(new Option("--docstring-style <style>", "read every docstring in this style instead of detecting it").choices(DOCSTRING_STYLES)),
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
    const searchPaths = searchRoots(flags, config, cwd, io);
    const text = await inspectTarget({ target, details: Boolean(flags.details), roots: unique([...roots, ...searchPaths]) });
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
    const searchPaths = searchRoots(flags, config, cwd, io);
    const program = await analyze({
      paths: given.length ? given : [cwd],
      searchPaths,
      exclude: [...DISCOVER_DEFAULTS.exclude, ...(flags.exclude ?? config.exclude ?? [])],
      target: { platform: flags.platform ?? CLI_DEFAULTS.platform },
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

/** The folder that would be on `sys.path` to import `p` (a file, a package folder, or a plain folder). */
function importRoot(p: string): string {
  let dir = statSync(p).isDirectory() ? p : path.dirname(p);
  while (existsSync(path.join(dir, "__init__.py")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/**
 * The search roots from `--search-path` (or the configuration's `search-path`), then python3's
 * `sys.path` when a python3 is found (unless `--no-python-search-path` or `python-search-path = false`).
 */
function searchRoots(flags: SearchOptions, config: Config, cwd: string, io: CliIO): string[] {
  const given = flags.searchPath ? flags.searchPath.map((p) => existingPath(p, cwd)) : (config.searchPath ?? []);
  for (const p of given) {
    if (!statSync(p, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`search path is not a directory: ${p}`);
  }
  const roots = [...given];
  // On by default when a python3 is found (DESIGN §3): it is asked for sys.path and nothing else.
  const asked = flags.pythonSearchPath ?? config.pythonSearchPath;
  if (asked ?? CLI_DEFAULTS.pythonSearchPath) {
    const found = pythonSearchPath();
    if ("error" in found) {
      if (asked) io.stderr.write(`static-inspect: warning: ${found.error}; continuing without python's sys.path\n`);
    } else roots.push(...found.paths);
  }
  return unique(roots);
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
  const output = flags.output === undefined ? null : path.resolve(cwd, flags.output);
  if (output) checkWritable(output, flags.output!);
  const searchPaths = searchRoots(flags, config, cwd, io);
  const exclude = [...DISCOVER_DEFAULTS.exclude, ...(flags.exclude ?? config.exclude ?? [])];
  const verbose = (text: string) => {
    if (flags.verbose && !flags.quiet) io.stderr.write(`static-inspect: ${text}\n`);
  };
  const step = (name: string, since: number) => verbose(`${name} in ${((performance.now() - since) / 1000).toFixed(2)} s`);
  verbose(`configuration: ${config.file ?? "no pyproject.toml found"}`);
  verbose(`search roots: ${searchPaths.length > 0 ? searchPaths.join(path.delimiter) : "none"}`);

  const columns = (io.stderr as { columns?: number }).columns;
  const progress = createProgress({ write: (text) => io.stderr.write(text), isTTY: io.isTTY, ...(columns ? { columns } : {}) }, !flags.quiet);
  let t = performance.now();
  // The files are found once, by analyze: the first progress event gives their count.
  let files: number | null = null;
  const program = await analyze({
    paths: inputs,
    searchPaths,
    exclude,
    target: { platform: flags.platform ?? CLI_DEFAULTS.platform },
    // Files bound move the bar; modules linked are counted beside it.
    onProgress: (p) => {
      if (files === null) {
        files = p.total;
        verbose(`${files} files to analyse`);
        progress.start("analysing", files, "files");
      }
      if (p.phase === "bind") progress.update(p.done);
      else progress.modules(p.done);
    },
  });
  progress.modules(program.emitted.length);
  if (files !== null) progress.update(files);
  const bundle = buildBundle(program, { checkDocstrings: flags.checkDocstrings, docstringStyle: flags.docstringStyle });
  const entries = bundle.files.length + bundle.modules.length + bundle.objects.length + bundle.diagnostics.length;
  const analysed = performance.now() - t;
  t = performance.now();
  // The bundle on stdout may share the terminal with stderr: draw no bar over it.
  if (output) progress.start("writing", entries, "entries");
  else progress.stop();
  let done = 0;
  const counted = function* (chunks: Iterable<string>): Generator<string> {
    for (const chunk of chunks) {
      yield chunk;
      if (++done % 1024 === 0) progress.update(Math.min(done, entries));
    }
  };
  const chunks = counted(encodeBundleChunks(bundle, flags.pretty ? CLI_DEFAULTS.prettyIndent : 0));
  try {
    if (output) await writeChunksAtomically(output, chunks);
    else {
      // Respect backpressure when stdout is a stream (a pipe to a slow reader).
      const out = io.stdout as { write(text: string): unknown; once?(event: "drain", listener: () => void): unknown };
      for (const chunk of chunks) {
        if (out.write(chunk) === false && out.once) await new Promise<void>((resolve) => out.once!("drain", resolve));
      }
    }
  } finally {
    progress.stop();
  }
  verbose(`analysed and linked ${program.emitted.length} modules in ${(analysed / 1000).toFixed(2)} s`);
  step(`wrote ${entries} entries`, t);

  const errors = bundle.diagnostics.filter((d) => d.severity === "error").length;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (!flags.quiet) {
    io.stderr.write(
      `analyzed ${bundle.modules.length} modules, ${bundle.objects.length} objects, ${bundle.diagnostics.length} diagnostics ` +
        `(${errors} errors) in ${seconds} s → ${flags.output ?? "<stdout>"}\n`,
    );
  }
  return flags.failOnError && errors > 0 ? 1 : 0;
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
