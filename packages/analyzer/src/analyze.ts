import { readFileSync, statSync } from "node:fs";
import { DEFAULTS } from "./defaults.ts";
import { parseBytes, type Diagnostic } from "@static-inspect/parser";
import { bind } from "./bind/binder.ts";
import { dict } from "./bind/names.ts";
import { loadBuiltins } from "./data/builtins.ts";
import { discoverFiles, type DiscoverOptions, type SourceFile } from "./discover.ts";
import type { Target } from "./bind/conditions.ts";
import type { ModuleSummary } from "./model/summary.ts";
import { findModule, importRoot, moduleExistence } from "./files/finder.ts";
import { LinkContext } from "./link/context.ts";
import { linkModules } from "./link/link.ts";
import { Program } from "./program.ts";
import { inspectViews } from "./query/views.ts";

/** Options of {@link analyze}; defaults in {@link ANALYZE_DEFAULTS}. */
export interface AnalyzeOptions extends DiscoverOptions {
  /** Files and directories to analyse (see {@link discover} for how modules are named). */
  readonly paths: readonly string[];
  /**
   * Roots where imported modules that were not given are looked up, in order, like `sys.path`
   * (for example the interpreter's stdlib and site-packages). Such modules are read only as far as
   * they are reached and are not part of the result's `emitted` modules. The roots of the given
   * files' top-level packages are searched first.
   */
  readonly searchPaths?: readonly string[];
  /** The Python whose `inspect` is mirrored. */
  readonly target?: { readonly python?: string; readonly platform?: string };
  /** Files larger than this many bytes are reported (`too-large`) and not analysed; default `DEFAULTS.maxFileBytes`. */
  readonly maxFileBytes?: number;
  /** Called as the work advances (see {@link AnalyzeProgress}); it must not throw. */
  readonly onProgress?: (progress: AnalyzeProgress) => void;
}

/**
 * How far `analyze` is: `bind`, the given files read and bound (`done` of `total` files); then `link`,
 * the given modules whose inspect views are computed (`done` of `total` modules). Reported after each
 * unit, synchronously, so a caller can redraw a progress bar from inside the call.
 */
export interface AnalyzeProgress {
  readonly phase: "bind" | "link";
  readonly done: number;
  readonly total: number;
}

/** Defaults of {@link AnalyzeOptions} (the analyzer's {@link DEFAULTS}). */
export const ANALYZE_DEFAULTS = DEFAULTS;

/**
 * Parses and binds one file into a module summary. Never throws: an unreadable file, one over
 * `maxFileBytes` (default `DEFAULTS.maxFileBytes`) or a crash in a pass becomes a diagnostic
 * (`read-error`, `too-large`, `internal-error`) and an empty summary.
 */
export function summarizeFile(file: SourceFile, target?: Target, maxFileBytes: number = DEFAULTS.maxFileBytes): ModuleSummary {
  if (file.namespace) {
    const summary = emptySummary(file, null);
    return summary;
  }
  let bytes: Uint8Array;
  try {
    const size = statSync(file.bytesPath ? Buffer.from(file.bytesPath) : file.path).size;
    if (size > maxFileBytes) {
      return emptySummary(file, {
        code: "too-large",
        severity: "warning",
        message: `file of ${size} bytes is larger than ${maxFileBytes} bytes: not analysed`,
        path: file.path,
        span: null,
      });
    }
    // A name that is not UTF-8 is opened through its bytes (see SourceFile.bytesPath).
    bytes = readFileSync(file.bytesPath ? Buffer.from(file.bytesPath) : file.path);
  } catch (error) {
    return emptySummary(file, {
      code: "read-error",
      severity: "error",
      message: `cannot read file: ${(error as Error).message}`,
      path: file.path,
      span: null,
    });
  }
  try {
    const parsed = parseBytes(bytes, { path: file.path, ...(target ? { target: target.python } : {}) });
    return bind(parsed, { name: file.module, isPackage: file.isPackage, bytes, target });
  } catch (error) {
    return emptySummary(file, {
      code: "internal-error",
      severity: "error",
      message: `analysis failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`,
      path: file.path,
      span: null,
    });
  }
}

function emptySummary(file: SourceFile, d: Diagnostic | null): ModuleSummary {
  return {
    name: file.module,
    path: file.path,
    isPackage: file.isPackage,
    encoding: "utf-8",
    sha256: "0".repeat(64),
    objects: [],
    scope: dict(),
    history: dict(),
    typeCheckingScope: dict(),
    starImports: [],
    typeCheckingStarImports: [],
    classHistories: dict(),
    classScopes: dict(),
    all: null,
    allOps: [],
    futureAnnotations: false,
    guards: [],
    stringAnnotations: dict(),
    diagnostics: d ? [d] : [],
  };
}

/**
 * Analyses Python files and packages and links them into a {@link Program}.
 *
 * Never throws for problems in the Python it reads (they are diagnostics); throws the `fs` error
 * (`ENOENT`, …) when a given path does not exist, and `RangeError` for an unsupported target version.
 */
export async function analyze(options: AnalyzeOptions): Promise<Program> {
  const target = { ...ANALYZE_DEFAULTS.target, ...options.target };
  loadBuiltins(target.python); // the RangeError for an unsupported version, before any work
  const { files, diagnostics: found } = discoverFiles(options.paths, options);
  const summaries = files.map((f, i) => {
    const s = summarizeFile(f, target, options.maxFileBytes);
    options.onProgress?.({ phase: "bind", done: i + 1, total: files.length });
    return s;
  });
  const roots = [...new Set([...files.map(importRoot), ...(options.searchPaths ?? ANALYZE_DEFAULTS.searchPaths)])];
  return link(summaries, { roots, target, discovery: found, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
}

/** Options of {@link link}. */
export interface LinkOptions {
  /** Where imported modules are looked up, in order, like `sys.path` (the given modules' own roots first). */
  readonly roots: readonly string[];
  /** The interpreter analysed for; default `DEFAULTS.target`. */
  readonly target?: Partial<Target>;
  /** Reads a module found on the roots into its summary; default {@link summarizeFile}. */
  readonly summarize?: (file: SourceFile, target: Target) => ModuleSummary;
  /** Called after each given module's views are computed (phase `link`); it must not throw. */
  readonly onProgress?: (progress: AnalyzeProgress) => void;
  /** Problems found while finding the files (see `discoverFiles`), listed first among the program's diagnostics. */
  readonly discovery?: readonly Diagnostic[];
}

/**
 * Links module summaries (as {@link summarizeFile} or a cache gives them) into a {@link Program}: the
 * link pass (imports, aliases, bases, MRO; import guards decided for the target), then every inspect
 * view of the given modules' objects, after which the program's diagnostics are fixed. Modules the
 * given ones import are found on `roots` and read as far as they are reached.
 *
 * Never throws for problems in the Python (they are diagnostics); `RangeError` for a target version
 * without builtins data.
 */
export function link(summaries: readonly ModuleSummary[], options: LinkOptions): Program {
  const target: Target = { ...ANALYZE_DEFAULTS.target, ...options.target };
  const builtins = loadBuiltins(target.python);
  const summarize = options.summarize ?? summarizeFile;
  const given = new Set(summaries.map((s) => s.name));
  const exists = moduleExistence((name) => given.has(name) || name in builtins.modules || findModule(name, options.roots) !== null, target);
  const loader = (name: string): ModuleSummary | null => {
    const found = findModule(name, options.roots);
    return found ? summarize(found, target) : null;
  };
  const cx = new LinkContext(summaries, builtins, loader, target, exists, options.discovery ?? []);
  linkModules(cx);
  const views = inspectViews(cx, (done) => options.onProgress?.({ phase: "link", done, total: summaries.length }));
  cx.freeze();
  return new Program(cx, views);
}
