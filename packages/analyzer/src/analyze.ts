import type { Diagnostic } from "@static-inspect/parser";
import { DEFAULTS } from "./defaults.ts";
import { loadBuiltins } from "./data/builtins.ts";
import { discoverFiles, type DiscoverOptions, type SourceFile } from "./discover.ts";
import type { Target } from "./bind/conditions.ts";
import type { ModuleSummary } from "./model/summary.ts";
import { importRoot, type FolderListings } from "./files/finder.ts";
import { linkProgram } from "./link-program.ts";
import { nodeHost } from "./node/host.ts";
import type { Program } from "./program.ts";
import type { SummaryCache } from "./cache/summary-cache.ts";
import { summarizeFile } from "./summarize.ts";
import { summarizeInPool, workersAvailable } from "./workers/pool.ts";

/** Options of {@link analyze}; defaults in {@link ANALYZE_DEFAULTS}. */
export interface AnalyzeOptions extends DiscoverOptions {
  /** Files and directories to analyse (see {@link discover} for how modules are named). */
  readonly paths: readonly string[];
  /**
   * Roots where imported modules that were not given are looked up, in order, like `sys.path`
   * (for example the interpreter's stdlib and site-packages). Such modules are read only as far as
   * they are reached and are not part of the result's `emitted` modules. The roots of the given
   * files' top-level packages are searched first. May be a promise (roots still being found, such as
   * an interpreter's `sys.path`): the given files are read and bound meanwhile, and the link waits
   * for it. It must not reject.
   */
  readonly searchPaths?: readonly string[] | PromiseLike<readonly string[]>;
  /** The Python whose `inspect` is mirrored. */
  readonly target?: { readonly python?: string; readonly platform?: string };
  /** Files larger than this many bytes are reported (`too-large`) and not analysed; default `DEFAULTS.maxFileBytes`. */
  readonly maxFileBytes?: number;
  /** Called as the work advances (see {@link AnalyzeProgress}); it must not throw. */
  readonly onProgress?: (progress: AnalyzeProgress) => void;
  /**
   * Where summaries are kept between runs (see {@link directorySummaryCache}): used for the given
   * files and for the modules reached through the search roots. Default: none.
   */
  readonly cache?: SummaryCache;
  /**
   * Worker threads that decode, parse and bind the given files (0 or 1: the calling thread, the
   * default). Used only from compiled JavaScript; the result is the same either way.
   */
  readonly workers?: number;
  /** Below this many files the calling thread does the work even when `workers` are asked for (a thread's start costs more); default 0. */
  readonly minFilesForWorkers?: number;
  /** Folder listings kept from an earlier run of this process (watch mode), for finding modules; see `listedDisk`. */
  readonly listings?: FolderListings;
  /**
   * What `discoverFiles(paths, options)` gave, when the caller found the files already (the CLI does,
   * to check its whole-run cache): used instead of walking the folders again.
   */
  readonly discovered?: { readonly files: readonly SourceFile[]; readonly diagnostics: readonly Diagnostic[] };
}

/**
 * How far `analyze` is: `bind`, the given files read and bound (`done` of `total` files); then `link`,
 * the given modules linked (`done` of `total` modules). Reported after each
 * unit, synchronously, so a caller can redraw a progress bar from inside the call.
 */
export interface AnalyzeProgress {
  readonly phase: "bind" | "link";
  readonly done: number;
  readonly total: number;
}

/** Defaults of {@link AnalyzeOptions} (the analyzer's {@link DEFAULTS}). */
export const ANALYZE_DEFAULTS = DEFAULTS;

export { summarizeFile };

/**
 * Analyses Python files and packages and links them into a {@link Program}.
 *
 * Never throws for problems in the Python it reads (they are diagnostics); throws the `fs` error
 * (`ENOENT`, …) when a given path does not exist, and `RangeError` for an unsupported target version.
 */
export async function analyze(options: AnalyzeOptions): Promise<Program> {
  const target = { ...ANALYZE_DEFAULTS.target, ...options.target };
  loadBuiltins(target.python); // the RangeError for an unsupported version, before any work
  const { files, diagnostics: found } = options.discovered ?? discoverFiles(options.paths, options);
  const maxFileBytes = options.maxFileBytes ?? DEFAULTS.maxFileBytes;
  let done = 0;
  const onDone = () => options.onProgress?.({ phase: "bind", done: ++done, total: files.length });
  let summaries: ModuleSummary[] | null = null;
  if ((options.workers ?? 0) > 1 && files.length >= (options.minFilesForWorkers ?? 0) && workersAvailable()) {
    try {
      summaries = await summarizeInPool(files, { threads: options.workers!, target, maxFileBytes, ...(options.cache ? { cache: options.cache } : {}), onDone });
    } catch {
      // Threads that cannot start (a sandbox without them, a broken install): the calling thread does it all.
      done = 0;
    }
  }
  summaries ??= files.map((f) => {
    const s = summarizeFile(f, target, maxFileBytes, options.cache);
    onDone();
    return s;
  });
  const roots = [...new Set([...files.map(importRoot), ...((await options.searchPaths) ?? ANALYZE_DEFAULTS.searchPaths)])];
  const cache = options.cache;
  return link(summaries, {
    roots,
    target,
    discovery: found,
    ...(cache ? { summarize: (file: SourceFile, t: Target) => summarizeFile(file, t, maxFileBytes, cache) } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.listings ? { listings: options.listings } : {}),
  });
}

/** Options of {@link link}. */
export interface LinkOptions {
  /** Where imported modules are looked up, in order, like `sys.path` (the given modules' own roots first). */
  readonly roots: readonly string[];
  /** The interpreter analysed for; default `DEFAULTS.target`. */
  readonly target?: Partial<Target>;
  /** Reads a module found on the roots into its summary; default {@link summarizeFile}. */
  readonly summarize?: (file: SourceFile, target: Target) => ModuleSummary;
  /** Called after each given module is linked (phase `link`); it must not throw. */
  readonly onProgress?: (progress: AnalyzeProgress) => void;
  /** Problems found while finding the files (see `discoverFiles`), listed first among the program's diagnostics. */
  readonly discovery?: readonly Diagnostic[];
  /** Folder listings kept from an earlier run of this process; see {@link AnalyzeOptions.listings}. */
  readonly listings?: FolderListings;
}

/**
 * Links module summaries (as {@link summarizeFile} or a cache gives them) into a {@link Program}: the
 * link pass (imports, aliases, bases, MRO; import guards decided for the target); the inspect views of
 * the given modules' objects are computed as they are asked for, each with the diagnostics it implies.
 * Modules the given ones import are found on `roots` and read as far as they are reached. (`linkProgram` with
 * the Node host: see `link-program.ts` for the same without a file system.)
 *
 * Never throws for problems in the Python (they are diagnostics); `RangeError` for a target version
 * without builtins data.
 */
export function link(summaries: readonly ModuleSummary[], options: LinkOptions): Program {
  return linkProgram(summaries, {
    host: nodeHost(options.roots, options.listings),
    summarize: options.summarize ?? summarizeFile,
    ...(options.target ? { target: options.target } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.discovery ? { discovery: options.discovery } : {}),
  });
}
