/**
 * Finding Python files and naming their modules as the import system does.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ignore from "ignore";
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
 * The module name of a file, walking up through directories that hold an `__init__.py`
 * (`…/json/decoder.py` → `json.decoder`; `…/json/__init__.py` → `json`).
 */
export function moduleNameOf(file: string): { module: string; isPackage: boolean } {
  const abs = path.resolve(file);
  const stem = path.basename(abs).replace(/\.pyi?$/, "");
  const isPackage = stem === "__init__";
  const parts = isPackage ? [] : [stem];
  let dir = path.dirname(abs);
  while (isPackageDir(dir)) {
    parts.unshift(path.basename(dir));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { module: parts.join(".") || stem, isPackage };
}

/**
 * Expands files and directories into the Python files to analyse.
 *
 * A file is named by {@link moduleNameOf}. Under a directory that is a package (has `__init__.py`),
 * every `.py` file is named the same way. A directory that is not a package is a search root: its
 * files are named by their path relative to it, so folders without `__init__.py` below it are
 * namespace packages (PEP 420). Results are sorted by module name, duplicates removed.
 *
 * @throws Error (with `code` `ENOENT`) when a path does not exist; the CLI turns that into exit code 2.
 */
export function discover(paths: readonly string[], options: DiscoverOptions = {}): SourceFile[] {
  const exclude = options.exclude ?? DISCOVER_DEFAULTS.exclude;
  const useGitignore = options.gitignore ?? DISCOVER_DEFAULTS.gitignore;
  const byPath = new Map<string, SourceFile>();
  for (const p of paths) {
    const st = statSync(p);
    if (!st.isDirectory()) {
      const { module, isPackage } = moduleNameOf(p);
      byPath.set(path.resolve(p), { path: p, module, isPackage });
      continue;
    }
    const root = path.resolve(p);
    // One walk finds the Python files and the nested .gitignore files (hidden folders are skipped for both).
    const walked = globSync(useGitignore ? ["**/*.py", "**/.gitignore"] : ["**/*.py"], { cwd: root, ignore: [...exclude], absolute: false, dot: false, followSymbolicLinks: false });
    const found = walked.filter((rel) => rel.endsWith(".py"));
    const ig = useGitignore ? gitignoreFor(root, walked.filter((rel) => !rel.endsWith(".py"))) : null;
    const rootIsPackage = isPackageDir(root);
    const venvs = new Map<string, boolean>();
    for (const rel of found) {
      if (ig && ig(rel)) continue;
      if (insideVirtualenv(root, rel, venvs)) continue;
      const abs = path.join(root, rel);
      let named: { module: string; isPackage: boolean };
      if (rootIsPackage) named = moduleNameOf(abs);
      else {
        const parts = rel.replace(/\.py$/, "").split(/[\\/]/);
        const isPackage = parts[parts.length - 1] === "__init__";
        if (isPackage) parts.pop();
        named = { module: parts.join("."), isPackage };
      }
      if (!named.module) continue;
      byPath.set(abs, { path: abs, ...named });
    }
  }
  return [...byPath.values()].sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : a.path < b.path ? -1 : 1));
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
      if (!file.startsWith(level.dir)) continue;
      const r = level.ig.test(file.slice(level.dir.length));
      if (r.ignored) ignored = true;
      else if (r.unignored) ignored = false;
    }
    return ignored;
  };
}
