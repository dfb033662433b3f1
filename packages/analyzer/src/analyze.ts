import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseBytes, type Diagnostic } from "@static-inspect/parser";
import { bind } from "./bind/binder.ts";
import { dict } from "./bind/names.ts";
import { loadBuiltins } from "./builtins.ts";
import { discover, type DiscoverOptions, type SourceFile } from "./discover.ts";
import type { Target } from "./bind/conditions.ts";
import type { ModuleSummary } from "./model.ts";
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
}

/** Defaults of {@link AnalyzeOptions}. */
export const ANALYZE_DEFAULTS = {
  searchPaths: [] as readonly string[],
  target: { python: "3.11", platform: "linux" },
} as const;

/**
 * Parses and binds one file into a module summary. Never throws: an unreadable file or a crash in
 * a pass becomes a diagnostic (`read-error`, `internal-error`) and an empty summary.
 */
export function summarizeFile(file: SourceFile, target?: Target): ModuleSummary {
  if (file.namespace) {
    const summary = emptySummary(file, null);
    return summary;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file.path);
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
    const parsed = parseBytes(bytes, { path: file.path });
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
    classHistories: dict(),
    classScopes: dict(),
    all: null,
    allOps: [],
    futureAnnotations: false,
    guards: [],
    diagnostics: d ? [d] : [],
  };
}

/** Standard-library modules that exist only on Windows (CPython's `PC/` and `Modules/` build there). */
const WINDOWS_ONLY = new Set(["msvcrt", "winreg", "_winreg", "winsound", "_winapi", "_overlapped", "nt", "_msi", "msilib", "_wmi"]);
/** Standard-library modules that do not exist on Windows. */
const POSIX_ONLY = new Set(["posix", "pwd", "grp", "fcntl", "termios", "tty", "pty", "resource", "syslog", "_posixsubprocess", "_posixshmem", "spwd", "crypt", "_crypt", "nis", "readline", "curses", "_curses"]);

/** The folder a file's top-level package lives in (what would be on `sys.path` to import it). */
function importRoot(file: SourceFile): string {
  let dir = path.dirname(path.resolve(file.path));
  const depth = file.module.split(".").length - (file.isPackage ? 0 : 1);
  for (let i = 0; i < depth; i++) dir = path.dirname(dir);
  return dir;
}

/** Finds module `name` under the roots as the path-based finder does: `a/b.py`, then `a/b/__init__.py`. */
export function findModule(name: string, roots: readonly string[]): SourceFile | null {
  const rel = name.split(".");
  let namespace: string | null = null;
  for (const root of roots) {
    const pkg = path.join(root, ...rel, "__init__.py");
    if (existsSync(pkg)) return { path: pkg, module: name, isPackage: true };
    const mod = path.join(root, ...rel) + ".py";
    if (existsSync(mod)) return { path: mod, module: name, isPackage: false };
    const dir = path.join(root, ...rel);
    if (namespace === null && existsSync(dir) && statSync(dir).isDirectory()) namespace = dir;
  }
  // A stub (.pyi) describes a module only where no source exists (C extensions, compiled packages).
  for (const root of roots) {
    const pkg = path.join(root, ...rel, "__init__.pyi");
    if (existsSync(pkg)) return { path: pkg, module: name, isPackage: true };
    const mod = path.join(root, ...rel) + ".pyi";
    if (existsSync(mod)) return { path: mod, module: name, isPackage: false };
  }
  // PEP 420: a folder without __init__.py on any root is a namespace package (a regular package or
  // module of the same name on a later root still wins, as in the path finder).
  return namespace ? { path: namespace, module: name, isPackage: true, namespace: true } : null;
}

/**
 * Analyses Python files and packages and links them into a {@link Program}.
 *
 * Never throws for problems in the Python it reads (they are diagnostics); throws the `fs` error
 * (`ENOENT`, …) when a given path does not exist, and `RangeError` for an unsupported target version.
 */
export async function analyze(options: AnalyzeOptions): Promise<Program> {
  const target = { ...ANALYZE_DEFAULTS.target, ...options.target };
  const builtins = loadBuiltins(target.python);
  const files = discover(options.paths, options);
  const roots = [...new Set([...files.map(importRoot), ...(options.searchPaths ?? ANALYZE_DEFAULTS.searchPaths)])];
  const analysed = new Set(files.map((f) => f.module));
  const existsCache = new Map<string, boolean | null>();
  const moduleExists = (name: string): boolean | null => {
    let known = existsCache.get(name);
    if (known === undefined) {
      if (analysed.has(name) || name in builtins.modules || findModule(name, roots)) known = true;
      else if (target.platform !== "win32" && WINDOWS_ONLY.has(name.split(".")[0]!)) known = false;
      else if (target.platform === "win32" && POSIX_ONLY.has(name.split(".")[0]!)) known = false;
      else known = null;
      existsCache.set(name, known);
    }
    return known;
  };
  const summaries = files.map((f) => summarizeFile(f, target));
  const loader = (name: string): ModuleSummary | null => {
    const found = findModule(name, roots);
    return found ? summarizeFile(found, target) : null;
  };
  const cx = new LinkContext(summaries, builtins, loader, target, moduleExists);
  linkModules(cx);
  const views = inspectViews(cx);
  cx.freeze();
  return new Program(cx, views);
}
