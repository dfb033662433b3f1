/**
 * Finding Python files and naming their modules as the import system does.
 */
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Diagnostic } from "@static-inspect/parser";
import ignore from "ignore";
import picomatch from "picomatch";

/** A source file to analyse, with the module name the import system would give it. */
export interface SourceFile {
  /** The path as given or found (absolute when found under a directory). */
  readonly path: string;
  /** Dotted module name: `json.decoder`; a package's `__init__.py` is named for the package. */
  readonly module: string;
  readonly isPackage: boolean;
  /** A PEP 420 namespace package: `path` is a folder, there is no source. */
  readonly namespace?: boolean;
  /**
   * The path as the file system's bytes, set only when the name is not valid UTF-8 (`path` then
   * holds U+FFFD for the bad bytes and cannot be opened): read the file through this.
   */
  readonly bytesPath?: Uint8Array;
}

/** Options of {@link discover}. Defaults are in {@link DISCOVER_DEFAULTS}. */
export interface DiscoverOptions {
  /** Glob patterns (relative to each directory given) of files and folders to skip. */
  readonly exclude?: readonly string[];
  /**
   * Honour `.gitignore` files: those of the directories given and their parents up to the repository
   * root, and every nested one in the walked tree (`pkg/sub/.gitignore` applies under `pkg/sub/`, and a
   * deeper file's rules win over a shallower one's, as in git).
   */
  readonly gitignore?: boolean;
  /**
   * Receives what discovery could not turn into a module, as diagnostics with `span: null` (see
   * {@link discoverFiles}). Without it those problems are not reported (the files are still skipped,
   * named and given a {@link SourceFile.bytesPath} as documented).
   */
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
}

/** Defaults of {@link DiscoverOptions}. Virtual environments (folders with `pyvenv.cfg`) are always skipped. */
export const DISCOVER_DEFAULTS = {
  exclude: ["**/.venv/**", "**/node_modules/**", "**/__pycache__/**", "**/.git/**", "**/.tox/**", "**/.nox/**"],
  gitignore: true,
} as const;

function isPackageDir(dir: string): boolean {
  return existsSync(path.join(dir, "__init__.py"));
}

/**
 * Files that mark a folder as the top of a project or an environment: a folder without `__init__.py`
 * that holds one of them ends the search for an enclosing package in {@link packageNameOf}.
 */
const PROJECT_MARKERS = [".git", "pyproject.toml", "setup.py", "setup.cfg", "pyvenv.cfg"];

/**
 * The dotted name the import system gives a folder, or `null` when the folder is not inside a
 * package (it is then a search root: what would be on `sys.path`).
 *
 * A folder with `__init__.py` is a regular package and is named for it and the packages above it; a
 * folder without one is a namespace portion (PEP 420) when a regular package encloses it, at any
 * depth: in `pkg/__init__.py`, `pkg/sub/a.py`, the folder `pkg/sub` is `pkg.sub` and the file
 * `pkg.sub.a`, because `import pkg.sub.a` finds `sub` on `pkg.__path__`. The search for the enclosing
 * package goes up through folders without `__init__.py` and stops at the file system's root and at a
 * folder that marks a project or environment top ({@link PROJECT_MARKERS}, or a `site-packages` /
 * `dist-packages` folder): folders there are search roots. Memoised in `cache` when one is given.
 */
export function packageNameOf(dir: string, cache?: Map<string, string | null>): string | null {
  const abs = path.resolve(dir);
  const known = cache?.get(abs);
  if (known !== undefined) return known;
  const names: string[] = [];
  let top = -1;
  let d = abs;
  for (;;) {
    if (isPackageDir(d)) top = names.length;
    else if (isProjectTop(d)) break;
    const parent = path.dirname(d);
    if (parent === d) break;
    names.push(path.basename(d));
    d = parent;
  }
  const name = top === -1 ? null : names.slice(0, top + 1).reverse().join(".");
  cache?.set(abs, name);
  return name;
}

function isProjectTop(dir: string): boolean {
  const base = path.basename(dir);
  return base === "site-packages" || base === "dist-packages" || PROJECT_MARKERS.some((m) => existsSync(path.join(dir, m)));
}

/**
 * The module name of a file as the import system gives it: its folder's {@link packageNameOf} plus
 * its stem (`…/json/decoder.py` → `json.decoder`; `…/json/__init__.py` → `json`; `pkg/sub/a.py` with
 * `pkg/__init__.py` and no `pkg/sub/__init__.py` → `pkg.sub.a`); a file outside any package is named
 * by its stem alone.
 */
export function moduleNameOf(file: string, cache?: Map<string, string | null>): { module: string; isPackage: boolean } {
  const abs = path.resolve(file);
  const stem = path.basename(abs).replace(/\.pyi?$/, "");
  const isPackage = stem === "__init__";
  const folder = packageNameOf(path.dirname(abs), cache);
  if (isPackage) return { module: folder ?? stem, isPackage };
  return { module: folder === null ? stem : `${folder}.${stem}`, isPackage };
}

/**
 * Expands files and directories into the Python files to analyse.
 *
 * A file is named by {@link moduleNameOf}. Under a directory that is inside a package (a regular
 * package, or a folder without `__init__.py` that a package encloses: {@link packageNameOf}), every
 * `.py` file is named by that folder's name plus its path relative to it, so folders without
 * `__init__.py` inside the tree are namespace portions of the package (`pkg/sub/a.py` is
 * `pkg.sub.a`). A directory outside any package is a search root: its files are named by their path
 * relative to it, so folders without `__init__.py` below it are top-level namespace packages (PEP
 * 420). Results are sorted by module name, duplicates removed.
 *
 * Nothing is lost silently when `options.onDiagnostic` is given (see {@link discoverFiles}): a
 * file whose module name would have a part that is not a Python identifier is reported
 * (`invalid-module-name`); when a part holds a dot (a folder `x.py/`) no module name can be given
 * and the file is skipped, otherwise (`my-script.py`) it is still analysed under that name. Names
 * that are not valid UTF-8 are read as bytes ({@link SourceFile.bytesPath}); broken symbolic links
 * (`broken-symlink`), symbolic link loops (`symlink-loop`) and unreadable files and folders
 * (`read-error`) are reported. Symbolic links to folders are not followed, so a loop is walked once.
 *
 * @throws Error (with `code` `ENOENT`) when a path does not exist; the CLI turns that into exit code 2.
 */
export function discover(paths: readonly string[], options: DiscoverOptions = {}): SourceFile[] {
  const exclude = options.exclude ?? DISCOVER_DEFAULTS.exclude;
  const useGitignore = options.gitignore ?? DISCOVER_DEFAULTS.gitignore;
  const byPath = new Map<string, SourceFile>();
  const report = options.onDiagnostic ?? ((): void => {});
  const packages = new Map<string, string | null>();
  for (const p of paths) {
    const st = statSync(p);
    if (!st.isDirectory()) {
      const { module, isPackage } = moduleNameOf(p, packages);
      byPath.set(path.resolve(p), { path: p, module, isPackage });
      continue;
    }
    const root = path.resolve(p);
    walkTree(root, packageNameOf(root, packages), exclusion(root, exclude), useGitignore ? outerGitignore(root) : null, byPath, report);
  }
  return [...byPath.values()].sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : a.path < b.path ? -1 : 1));
}

/**
 * {@link discover} with what it could not use: the files, and the diagnostics (all with `span: null`,
 * `path` the file or folder concerned) that `options.onDiagnostic` would receive. Same errors as discover.
 */
export function discoverFiles(paths: readonly string[], options: Omit<DiscoverOptions, "onDiagnostic"> = {}): { files: SourceFile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const files = discover(paths, { ...options, onDiagnostic: (d) => diagnostics.push(d) });
  return { files, diagnostics };
}

const IDENTIFIER = /^[\p{XID_Start}_][\p{XID_Continue}]*$/u;

/** Reports a module name with parts that are not identifiers (the file is still analysed under it). */
function checkModuleName(module: string, file: string, report: (d: Diagnostic) => void): void {
  const bad = module.split(".").filter((part) => !IDENTIFIER.test(part.normalize("NFKC")));
  if (bad.length === 0) return;
  report({
    code: "invalid-module-name",
    severity: "warning",
    message: `${JSON.stringify(bad[0])} in ${JSON.stringify(module)} is not a Python identifier, so the import system cannot import this file by that name`,
    path: file,
    span: null,
  });
}

/**
 * Whether a path relative to a walked folder (`/`-separated; a folder's with a trailing `/` too) is
 * excluded by `patterns` (picomatch globs relative to that folder; an absolute pattern inside it is
 * taken relative to it, one outside it excludes nothing there).
 */
function exclusion(root: string, patterns: readonly string[]): (rel: string) => boolean {
  const relative = patterns.flatMap((pattern) => {
    if (!path.isAbsolute(pattern)) return [pattern];
    const rel = path.relative(root, pattern).split(path.sep).join("/");
    return rel.startsWith("..") ? [] : [rel === "" ? "**" : rel];
  });
  return relative.length === 0 ? () => false : picomatch(relative, { dot: true });
}

/** The rules of one `.gitignore`, for the paths below `dir` (relative to the walked folder, `""` or ending in `/`). */
interface GitignoreLevel {
  readonly dir: string;
  readonly ig: ReturnType<typeof ignore>;
}

/**
 * Whether a path relative to the walked folder (`/`-separated, a folder's ending in `/`) is ignored by
 * `levels`, those of the folders above it, outermost first: a deeper level that matches (ignoring, or
 * re-including with `!`) decides.
 */
function gitignored(levels: readonly GitignoreLevel[], rel: string): boolean {
  let ignored = false;
  for (const level of levels) {
    const r = level.ig.test(rel.slice(level.dir.length));
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

/**
 * The `.gitignore` rules of `root` and its parents up to the repository root, as one level for the
 * whole walk (none when there is no such file). Parent files apply with paths relative to their own
 * folder; only the common case is supported: their patterns without a leading slash, and anchored
 * patterns in root's own file.
 */
function outerGitignore(root: string): GitignoreLevel[] {
  const outer = ignore();
  let found = false;
  let dir = root;
  const chain: string[] = [];
  for (;;) {
    chain.push(dir);
    if (existsSync(path.join(dir, ".git"))) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of chain.reverse()) {
    const file = path.join(d, ".gitignore");
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, "utf8").split(/\r?\n/);
    outer.add(d === root ? lines : lines.filter((l) => !l.startsWith("/")));
    found = true;
  }
  return found ? [{ dir: "", ig: outer }] : [];
}

/**
 * One walk of `root` with names as bytes, adding its Python files to `byPath` under `prefix` (see
 * {@link discover}) and reporting what it cannot use. Skipped: hidden names (a leading `.`), what
 * `excluded` matches, what the `.gitignore` files say (`outer`: those above the walk, then each
 * nested one as its folder is entered; none when `outer` is `null`), `__pycache__` and virtual
 * environments (folders with `pyvenv.cfg`). Symbolic links are not followed (a broken one or a loop is
 * reported). A name that is not valid UTF-8 is named with `\xNN` escapes and read through its bytes
 * ({@link SourceFile.bytesPath}); the files of a folder whose name holds a dot are reported (once per
 * such folder) and skipped. Entries are taken in the order of their names' bytes.
 */
function walkTree(
  root: string,
  prefix: string | null,
  excluded: (rel: string) => boolean,
  outer: readonly GitignoreLevel[] | null,
  byPath: Map<string, SourceFile>,
  report: (d: Diagnostic) => void,
): void {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const lossy = new TextDecoder("utf-8");
  const sep = Buffer.from(path.sep);
  const PY = Buffer.from(".py");
  const reportedFolders = new Set<string>();
  /** `rel`: the names of the folders from root (as decoded); `dotted`: the outermost folder on the way whose name holds a dot. */
  const walk = (dirBytes: Buffer, rel: readonly string[], utf8Path: boolean, levels: readonly GitignoreLevel[] | null, dotted: string | null): void => {
    let entries;
    try {
      entries = readdirSync(dirBytes, { withFileTypes: true, encoding: "buffer" });
    } catch (error) {
      report({ code: "read-error", severity: "error", message: `cannot read folder: ${(error as Error).message}`, path: lossy.decode(dirBytes), span: null });
      return;
    }
    const name = (e: (typeof entries)[number]) => e.name as unknown as Buffer;
    entries.sort((a, b) => Buffer.compare(name(a), name(b)));
    const dirRel = rel.length === 0 ? "" : `${rel.join("/")}/`;
    let here = levels;
    if (levels !== null && rel.length > 0) {
      const file = entries.find((e) => e.isFile() && name(e).equals(GITIGNORE));
      if (file) {
        try {
          here = [...levels, { dir: dirRel, ig: ignore().add(readFileSync(Buffer.concat([dirBytes, sep, GITIGNORE]), "utf8")) }];
        } catch (error) {
          report({ code: "read-error", severity: "error", message: `cannot read .gitignore: ${(error as Error).message}`, path: path.join(root, dirRel, ".gitignore"), span: null });
        }
      }
    }
    for (const e of entries) {
      const nameBytes = name(e);
      if (nameBytes[0] === 0x2e) continue; // hidden (".git", ".venv", ".gitignore")
      let text: string;
      let utf8 = true;
      try {
        text = decoder.decode(nameBytes);
      } catch {
        utf8 = false;
        text = backslashReplace(nameBytes);
      }
      const full = Buffer.concat([dirBytes, sep, nameBytes]);
      const relPath = dirRel + text;
      const abs = path.join(root, ...rel, lossy.decode(nameBytes));
      const isDirectory = e.isDirectory();
      if (excluded(relPath) || excluded(`${relPath}/`) || (here !== null && gitignored(here, isDirectory ? `${relPath}/` : relPath))) continue;
      if (e.isSymbolicLink()) {
        try {
          statSync(full);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          report({
            code: code === "ELOOP" ? "symlink-loop" : "broken-symlink",
            severity: "warning",
            message: code === "ELOOP" ? "symbolic link loop: not followed" : `broken symbolic link: ${(error as Error).message}`,
            path: abs,
            span: null,
          });
        }
        continue;
      }
      if (isDirectory) {
        if (text === "__pycache__" || existsSync(Buffer.concat([full, sep, PYVENV_CFG]))) continue;
        walk(full, [...rel, text], utf8Path && utf8, here, dotted ?? (text.includes(".") ? abs : null));
        continue;
      }
      if (!e.isFile() || !nameBytes.subarray(-3).equals(PY)) continue;
      try {
        accessSync(full, constants.R_OK);
      } catch (error) {
        report({ code: "read-error", severity: "error", message: `cannot read file: ${(error as Error).message}`, path: abs, span: null });
        continue;
      }
      if (dotted !== null) {
        // A folder whose name holds a dot (`x.py/`) cannot be part of a dotted module name.
        if (!reportedFolders.has(dotted)) {
          reportedFolders.add(dotted);
          report({ code: "invalid-module-name", severity: "warning", message: `folder ${JSON.stringify(path.basename(dotted))} holds a dot, so it cannot be part of a module name: its files are skipped`, path: dotted, span: null });
        }
        continue;
      }
      const parts = [...rel, text.slice(0, -3)];
      const isPackage = parts[parts.length - 1] === "__init__";
      if (isPackage) parts.pop();
      const module = (prefix === null ? parts : [prefix, ...parts]).join(".");
      if (!module) continue;
      if (utf8Path && utf8) {
        checkModuleName(module, abs, report);
        byPath.set(abs, { path: abs, module, isPackage });
        continue;
      }
      const what = utf8 ? `a folder name in the path of ${JSON.stringify(text)}` : `file name ${JSON.stringify(text)}`;
      report({ code: "invalid-module-name", severity: "warning", message: `${what} is not valid UTF-8, so it is not a module name; analysed as ${JSON.stringify(module)}`, path: abs, span: null });
      byPath.set(abs, { path: abs, module, isPackage, bytesPath: full });
    }
  };
  walk(Buffer.from(root), [], true, outer, null);
}

const GITIGNORE = Buffer.from(".gitignore");
const PYVENV_CFG = Buffer.from("pyvenv.cfg");

/** A name's bytes as text, with each byte that is not part of valid UTF-8 written `\xNN` (Python's `backslashreplace`). */
function backslashReplace(bytes: Buffer): string {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    let done = false;
    for (let len = Math.min(4, bytes.length - i); len >= 1; len--) {
      try {
        out += decoder.decode(bytes.subarray(i, i + len));
        i += len;
        done = true;
        break;
      } catch {
        // try a shorter sequence
      }
    }
    if (!done) {
      out += `\\x${bytes[i]!.toString(16).padStart(2, "0")}`;
      i++;
    }
  }
  return out;
}
