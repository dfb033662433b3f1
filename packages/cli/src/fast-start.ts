/**
 * The start of an `analyze` run whose result is cached, before the rest of the CLI is loaded: the
 * installed command (`bin/static-inspect.cjs`) calls {@link fastStart} first, from a script of its own
 * (`dist/fast-start.cjs`, ~5% of the CLI's), and loads the CLI only when it declines. An unchanged
 * re-run then costs Node's start, reading the configuration and hashing the files — not compiling
 * the parser, the analyzer and the emitters.
 *
 * It runs the CLI's own code for everything it decides (`resolveAnalyzeRun`, `lookUpRun`, `writeReused`,
 * `summaryLine`), so its result is the CLI's: the same bundle bytes, stderr lines and exit status. It
 * declines — returns `null`, having written nothing — for any command line outside the common subset
 * it reads ({@link fastStartFlags}), for `--watch`, `--no-cache` and stdout output, for a
 * stale build under a checkout's pnpm script (the CLI warns about it), when
 * the search roots are not known without starting an interpreter (`lookUpRun` then looks for no
 * cached result), when no cached result is reusable, and on any error (the CLI then reports it as usual).
 */
import { parseArgs } from "node:util";
import { BUILTINS_VERSIONS, DOCSTRING_STYLES, type DocstringStyle } from "@static-inspect/analyzer";
import { CLI_DEFAULTS, resolveAnalyzeRun, summaryLine, usageLine, type AnalyzeFlags } from "./analyze-options.ts";
import { lookedUpFiles, lookUpRun, reusedStep, writeReused } from "./cached-run.ts";
import { checkoutRoot, runByCheckoutScript, staleBuilds } from "./checkout.ts";
import { userDirectory } from "./project.ts";

/** The options of `analyze` this start reads, as `node:util`'s `parseArgs` takes them (the names are the long flags). */
const OPTIONS = {
  output: { type: "string", short: "o" },
  pretty: { type: "boolean" },
  root: { type: "string" },
  exclude: { type: "string", multiple: true },
  "fail-on-error": { type: "boolean" },
  platform: { type: "string" },
  "any-extension": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  verbose: { type: "boolean", short: "v" },
  "check-docstrings": { type: "boolean" },
  "docstring-style": { type: "string" },
  "cache-dir": { type: "string" },
  jobs: { type: "string", short: "j" },
  "search-path": { type: "string", multiple: true },
  "python-search-path": { type: "boolean" },
  "no-python-search-path": { type: "boolean" },
  "target-version": { type: "string" },
  python: { type: "string" },
} as const;

/**
 * The paths and flags of `analyze ARGS…` (the arguments after `analyze`) as the CLI's commander
 * definition reads them, or `null` for a command line outside what this start reads: another option
 * (`--watch`, `--no-cache`, `--help`, …), a value commander would reject (a `--platform`,
 * `--target-version` or `--docstring-style` not among the choices, a `--jobs` that is not a whole
 * number ≥ 1), or an option value that begins with `-`. Repeated options: the last value wins, and
 * `--exclude`/`--search-path` collect theirs in order, as commander does. Never throws.
 */
export function fastStartFlags(args: readonly string[]): { paths: string[]; flags: AnalyzeFlags } | null {
  let tokens;
  try {
    ({ tokens } = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true, tokens: true }));
  } catch {
    return null;
  }
  const paths: string[] = [];
  const flags: AnalyzeFlags = {};
  const choice = <T extends string>(value: string, choices: readonly T[]): value is T => (choices as readonly string[]).includes(value);
  for (const token of tokens) {
    if (token.kind === "positional") paths.push(token.value);
    if (token.kind !== "option") continue;
    const value = token.value;
    if (value !== undefined && value.startsWith("-")) return null; // commander's reading of `-o -x` is its own
    switch (token.name as keyof typeof OPTIONS) {
      case "output": flags.output = value!; break;
      case "pretty": flags.pretty = true; break;
      case "root": flags.root = value!; break;
      case "exclude": (flags.exclude ??= []).push(value!); break;
      case "fail-on-error": flags.failOnError = true; break;
      case "platform":
        if (!choice(value!, CLI_DEFAULTS.platforms)) return null;
        flags.platform = value!;
        break;
      case "any-extension": flags.anyExtension = true; break;
      case "quiet": flags.quiet = true; break;
      case "verbose": flags.verbose = true; break;
      case "check-docstrings": flags.checkDocstrings = true; break;
      case "docstring-style":
        if (!choice<DocstringStyle>(value!, DOCSTRING_STYLES)) return null;
        flags.docstringStyle = value;
        break;
      case "cache-dir": flags.cacheDir = value!; break;
      case "jobs": {
        const n = Number(value);
        if (!/^\s*\d+\s*$/.test(value!) || !Number.isInteger(n) || n < 1) return null;
        flags.jobs = n;
        break;
      }
      case "search-path": (flags.searchPath ??= []).push(value!); break;
      case "python-search-path": flags.pythonSearchPath = true; break;
      case "no-python-search-path": flags.pythonSearchPath = false; break;
      case "target-version":
        if (!choice(value!, BUILTINS_VERSIONS)) return null;
        flags.targetVersion = value!;
        break;
      case "python": flags.python = value!; break;
    }
  }
  return { paths, flags };
}

/** Where {@link fastStart} writes: the process's streams by default. */
export interface FastStartIO {
  readonly stderr: { write(text: string): unknown };
  /** The user's directory (default: `userDirectory()`, as the CLI's). */
  readonly cwd?: string;
}

/**
 * Runs `analyze ARGS…` (the arguments after `analyze`) when its cached result can be written as it is
 * (see the module comment), and gives its exit status (0, or 1 with `--fail-on-error` when the cached
 * run counted errors); `null` when it declines, having written nothing. Never throws.
 */
export async function fastStart(args: readonly string[], io: FastStartIO = { stderr: process.stderr }): Promise<number | null> {
  try {
    const started = performance.now();
    const read = fastStartFlags(args);
    if (read === null) return null;
    // Under a checkout's pnpm script the CLI warns first when a package's build is stale (bin.ts): then its start, not this one.
    const root = checkoutRoot();
    if (io.cwd === undefined && runByCheckoutScript(root) && staleBuilds(root).length > 0) return null;
    const { paths, flags } = read;
    if (flags.output === undefined || flags.output === "-") return null;
    // What resolving the run prints (a warning of the configuration) is printed only if this start runs it.
    const said: string[] = [];
    const cwd = io.cwd ?? userDirectory();
    const run = await resolveAnalyzeRun(paths, flags, { stdout: { write: () => undefined }, stderr: { write: (t: string) => said.push(t) }, isTTY: false, cwd }, cwd);
    const t = performance.now();
    const lookup = await lookUpRun(run);
    if (lookup.reusable === null) return null;
    const counts = writeReused(run, lookup.reusable);
    for (const text of said) io.stderr.write(text);
    if (run.verbose) io.stderr.write(`static-inspect: ${reusedStep(lookedUpFiles(lookup).length)} in ${((performance.now() - t) / 1000).toFixed(2)} s\n`);
    if (!flags.quiet) io.stderr.write(summaryLine({ ...counts, reused: true }, (performance.now() - started) / 1000, run.shownOutput));
    if (run.verbose) io.stderr.write(usageLine());
    return flags.failOnError && counts.errors > 0 ? 1 : 0;
  } catch {
    return null;
  }
}
