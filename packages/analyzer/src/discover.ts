/**
 * Finding Python files and naming their modules as the import system does.
 */
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Diagnostic } from "@static-inspect/parser";
import ignore from "ignore";
import picomatch from "picomatch";
import { globSync } from "tinyglobby";

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
  const reportedFolders = new Set<string>();
  const packages = new Map<string, string | null>();
  for (const p of paths) {
    const st = statSync(p);
    if (!st.isDirectory()) {
      const { module, isPackage } = moduleNameOf(p, packages);
      byPath.set(path.resolve(p), { path: p, module, isPackage });
      continue;
    }
    const root = path.resolve(p);
    // One walk finds the Python files and the nested .gitignore files (hidden folders are skipped for both).
    const walked = globSync(useGitignore ? ["**/*.py", "**/.gitignore"] : ["**/*.py"], { cwd: root, ignore: [...exclude], absolute: false, dot: false, followSymbolicLinks: false });
    const found = walked.filter((rel) => rel.endsWith(".py"));
    const ig = useGitignore ? gitignoreFor(root, walked.filter((rel) => !rel.endsWith(".py"))) : null;
    const prefix = packageNameOf(root, packages);
    const venvs = new Map<string, boolean>();
    for (const rel of found) {
      if (ig && ig(rel)) continue;
      if (insideVirtualenv(root, rel, venvs)) continue;
      const abs = path.join(root, rel);
      // A folder whose name holds a dot (`x.py/`) cannot be part of a dotted module name.
      const dotted = rel.split(/[\\/]/).slice(0, -1).findIndex((d) => d.includes("."));
      if (dotted !== -1) {
        const folder = path.join(root, ...rel.split(/[\\/]/).slice(0, dotted + 1));
        if (!reportedFolders.has(folder)) {
          reportedFolders.add(folder);
          report({ code: "invalid-module-name", severity: "warning", message: `folder ${JSON.stringify(path.basename(folder))} holds a dot, so it cannot be part of a module name: its files are skipped`, path: folder, span: null });
        }
        continue;
      }
      const parts = rel.replace(/\.py$/, "").split(/[\\/]/);
      const isPackage = parts[parts.length - 1] === "__init__";
      if (isPackage) parts.pop();
      const named = { module: (prefix === null ? parts : [prefix, ...parts]).join("."), isPackage };
      if (!named.module) continue;
      // U+FFFD: maybe a name that is not UTF-8, which auditTree names and reports.
      if (!named.module.includes("\uFFFD")) checkModuleName(named.module, abs, report);
      byPath.set(abs, { path: abs, ...named });
    }
    auditTree(root, prefix, exclude, ig, byPath, report);
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
 * A second walk of `root` with names as bytes, for what the glob cannot see: names that are not
 * valid UTF-8 (added to `byPath` with their {@link SourceFile.bytesPath}), broken links, link loops
 * and unreadable entries. Skips what `exclude`, `.gitignore` and virtual environments skip.
 */
function auditTree(
  root: string,
  prefix: string | null,
  exclude: readonly string[],
  ig: ((rel: string) => boolean) | null,
  byPath: Map<string, SourceFile>,
  report: (d: Diagnostic) => void,
): void {
  const excluded = picomatch([...exclude], { dot: true });
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const lossy = new TextDecoder("utf-8");
  const rootBytes = Buffer.from(root);
  const walk = (dirBytes: Buffer, rel: string[]): void => {
    let entries;
    try {
      entries = readdirSync(dirBytes, { withFileTypes: true, encoding: "buffer" });
    } catch (error) {
      report({ code: "read-error", severity: "error", message: `cannot read folder: ${(error as Error).message}`, path: lossy.decode(dirBytes), span: null });
      return;
    }
    for (const e of entries) {
      const nameBytes = e.name as unknown as Buffer;
      let name: string;
      let utf8 = true;
      try {
        name = decoder.decode(nameBytes);
      } catch {
        utf8 = false;
        name = backslashReplace(nameBytes);
      }
      const full = Buffer.concat([dirBytes, Buffer.from(path.sep), nameBytes]);
      const relPath = [...rel, name].join("/");
      const abs = path.join(root, ...rel, lossy.decode(nameBytes));
      if (excluded(relPath) || excluded(`${relPath}/`) || (ig && utf8 && ig(e.isDirectory() ? `${relPath}/` : relPath))) continue;
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
      if (e.isDirectory()) {
        if (name === "__pycache__" || existsSync(Buffer.concat([full, Buffer.from(path.sep + "pyvenv.cfg")]))) continue;
        if (name.includes(".")) continue; // reported by discover when it holds Python files
        walk(full, [...rel, name]);
        continue;
      }
      if (!e.isFile() || !nameBytes.subarray(-3).equals(Buffer.from(".py"))) continue;
      try {
        accessSync(full, constants.R_OK);
      } catch (error) {
        report({ code: "read-error", severity: "error", message: `cannot read file: ${(error as Error).message}`, path: abs, span: null });
        continue;
      }
      if (utf8) continue;
      // The glob saw this name with U+FFFD in it; name and read it through its bytes.
      byPath.delete(abs);
      const parts = [...rel, name.slice(0, -3)];
      const isPackage = parts[parts.length - 1] === "__init__";
      if (isPackage) parts.pop();
      const module = (prefix === null ? parts : [prefix, ...parts]).join(".");
      report({ code: "invalid-module-name", severity: "warning", message: `file name ${JSON.stringify(name)} is not valid UTF-8, so it is not a module name; analysed as ${JSON.stringify(module)}`, path: abs, span: null });
      byPath.set(abs, { path: abs, module, isPackage, bytesPath: full });
    }
  };
  walk(rootBytes, []);
}

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

/** Whether a folder between `root` and the file holds `pyvenv.cfg` (a virtual environment, whatever its name). */
function insideVirtualenv(root: string, rel: string, cache: Map<string, boolean>): boolean {
  const parts = rel.split(/[\\/]/).slice(0, -1);
  let dir = root;
  for (const p of parts) {
    dir = path.join(dir, p);
    let hit = cache.get(dir);
    if (hit === undefined) cache.set(dir, (hit = existsSync(path.join(dir, "pyvenv.cfg"))));
    if (hit) return true;
  }
  return false;
}

/**
 * Whether a path under `root` (relative, `/`-separated) is ignored by the `.gitignore` rules that apply
 * there: root's own and its parents' up to the repository root, then each nested `.gitignore` in
 * `nested` (paths relative to `root`) for the paths below its folder. Levels are tried from the outermost
 * in; a deeper level that matches (ignoring, or re-including with `!`) decides. `null` when there is no
 * `.gitignore` at all.
 */
function gitignoreFor(root: string, nested: readonly string[]): ((rel: string) => boolean) | null {
  const levels: { dir: string; ig: ReturnType<typeof ignore> }[] = [];
  const outer = ignore();
  let found = false;
  // Parent .gitignore files apply with paths relative to their own folder; we only support the
  // common case of patterns without a leading slash there, and anchored patterns in root's own file.
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
  if (found) levels.push({ dir: "", ig: outer });
  const inner = nested
    .filter((rel) => rel !== ".gitignore")
    .sort((a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : 1));
  for (const rel of inner) {
    levels.push({ dir: path.posix.dirname(rel) + "/", ig: ignore().add(readFileSync(path.join(root, rel), "utf8")) });
  }
  if (levels.length === 0) return null;
  return (rel: string) => {
    const file = rel.split(path.sep).join("/");
    let ignored = false;
    for (const level of levels) {
      const inside = file.slice(level.dir.length);
      if (!file.startsWith(level.dir) || inside === "" || inside === "/") continue; // the level's own folder
      const r = level.ig.test(inside);
      if (r.ignored) ignored = true;
      else if (r.unignored) ignored = false;
    }
    return ignored;
  };
}
