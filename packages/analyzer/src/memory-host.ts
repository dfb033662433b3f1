/**
 * A host whose files are held in memory (a browser page's editor tabs, a test's strings): one search
 * root, the tree of the given paths, and data files from a {@link DataReader} (fetched beforehand).
 */
import type { DataReader } from "./data/source.ts";
import type { SourceFile } from "./discover.ts";
import { findModuleIn, type FinderTree } from "./files/find.ts";
import type { AnalyzerHost } from "./host.ts";

/** Options of {@link memoryHost}. */
export interface MemoryHostOptions {
  /** The data files (builtins, stdlib facts) by kind and version. */
  readonly readData: DataReader;
}

/** A {@link AnalyzerHost} over in-memory files, which also lists them as modules. */
export interface MemoryHost extends AnalyzerHost {
  /**
   * Every `.py`/`.pyi` file given, as the module the path finder names it with the tree's root on
   * `sys.path` (`pkg/__init__.py` → `pkg`, a package; `pkg/mod.py` → `pkg.mod`), in path order.
   * A `.pyi` beside a `.py` of the same module is left out, as the finder prefers the source.
   */
  readonly sourceFiles: readonly SourceFile[];
}

const encoder = new TextEncoder();

/**
 * A host over `files`: keys are `/`-separated paths relative to the one search root (`pkg/mod.py`;
 * a leading `/` or `./` is dropped), values the text (encoded as UTF-8) or bytes. Modules are found
 * by the path-based finder's rules (`findModuleIn`); a folder without `__init__.py` is a namespace
 * package. Reading a path not given throws an `Error` (a `read-error` diagnostic).
 *
 * @throws RangeError when a path is empty or has an empty, `.` or `..` part.
 */
export function memoryHost(files: Readonly<Record<string, string | Uint8Array>>, options: MemoryHostOptions): MemoryHost {
  const contents = new Map<string, Uint8Array>();
  const dirs = new Set<string>();
  for (const [given, content] of Object.entries(files)) {
    const path = given.replace(/^(\.?\/)+/, "");
    const parts = path.split("/");
    if (parts.some((p) => p === "" || p === "." || p === "..")) throw new RangeError(`invalid file path '${given}'`);
    contents.set(path, typeof content === "string" ? encoder.encode(content) : content);
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  const tree: FinderTree = {
    join: (root, ...parts) => [root, ...parts].filter((p) => p !== "").join("/"),
    exists: (p) => contents.has(p) || dirs.has(p),
    isDirectory: (p) => dirs.has(p),
  };
  const sourceFiles: SourceFile[] = [];
  for (const path of [...contents.keys()].sort()) {
    const m = /^(.*?)\.pyi?$/.exec(path);
    if (!m) continue;
    if (path.endsWith(".pyi") && contents.has(path.slice(0, -1))) continue;
    const parts = m[1]!.split("/");
    const isPackage = parts[parts.length - 1] === "__init__";
    if (isPackage) parts.pop();
    if (parts.length === 0) continue;
    sourceFiles.push({ path, module: parts.join("."), isPackage });
  }
  return {
    sourceFiles,
    findModule: (name) => findModuleIn(name, [""], tree),
    readFile: (file) => {
      const bytes = contents.get(file.path);
      if (!bytes) throw new Error(`no such file: '${file.path}'`);
      return bytes;
    },
    readData: options.readData,
  };
}
