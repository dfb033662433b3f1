/**
 * python3's `sys.path`, remembered between runs: asking the interpreter costs a process start (~50 ms
 * to seconds on a loaded machine), more than the rest of a small run. The answer is reused while the
 * interpreter file, the environment variables that shape `sys.path` and every entry's existence and
 * modification time are what they were (a package installed into site-packages changes its folder's
 * mtime, and may have added a `.pth` file).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { onPath, selectedVersions } from "./pyenv.ts";
import { interpreterVersion, pythonSearchPath, PYTHON } from "./python.ts";

/** Environment variables that change what python3 puts on `sys.path`. */
const SHAPING_ENV = ["PATH", "PYTHONPATH", "PYTHONHOME", "PYTHONNOUSERSITE", "PYTHONSAFEPATH", "PYTHONUSERBASE", "PYTHONPLATLIBDIR", "VIRTUAL_ENV", "HOME"];

interface Entry {
  readonly key: string;
  /** sys.path as printed, with each entry's mtime (ms) or null when it was not a directory. */
  readonly entries: readonly (readonly [string, number | null])[];
}

/** The executable `name` resolves to on `PATH` (the path found, its realpath, and a stamp of both with size and mtime), or `null`. */
function locate(name: string, env: NodeJS.ProcessEnv): { file: string; path: string; stamp: string } | null {
  const found = onPath(name, env);
  if (found === null) return null;
  try {
    const real = realpathSync(found);
    const st = statSync(real);
    // `path` is what is run: a venv's python is a symlink whose own path sets sys.prefix.
    return { file: real, path: found, stamp: `${found}\0${real}\0${st.size}\0${st.mtimeMs}${shimStamp(real, env)}` };
  } catch {
    return null;
  }
}

/**
 * For a pyenv shim (`…/shims/python3`, a script that runs whichever version pyenv selects), the
 * versions pyenv selects here (see `selectedVersions`: `$PYENV_VERSION`, the nearest
 * `.python-version`, pyenv's global `version` file). Empty for a real interpreter.
 */
function shimStamp(file: string, env: NodeJS.ProcessEnv): string {
  if (path.basename(path.dirname(file)) !== "shims") return "";
  const root = env["PYENV_ROOT"] || path.dirname(path.dirname(file));
  return `\0${selectedVersions(root, env, process.cwd()).join(":")}`;
}

const mtime = (dir: string): number | null => {
  try {
    const st = statSync(dir);
    return st.isDirectory() ? st.mtimeMs : null;
  } catch {
    return null;
  }
};

/**
 * {@link pythonSearchPath} of `python` (default `python3`), from `cacheDir` when still valid, else
 * asked and stored there (atomically; a failure to store is ignored). With `cacheDir` null it just asks.
 * Settles without waiting when the answer is cached (the cache is read synchronously). Never rejects.
 */
export async function cachedPythonSearchPath(cacheDir: string | null, python = PYTHON, env: NodeJS.ProcessEnv = process.env): Promise<{ paths: string[] } | { error: string }> {
  const located = cacheDir === null ? null : locate(python, env);
  if (cacheDir === null || located === null) return pythonSearchPath(python);
  const key = createHash("sha256")
    .update(JSON.stringify([located.stamp, SHAPING_ENV.map((k) => env[k] ?? null)]))
    .digest("hex");
  const file = path.join(cacheDir, "python", `${key}.json`);
  try {
    const entry = JSON.parse(readFileSync(file, "utf8")) as Entry;
    if (entry.key === key && entry.entries.every(([dir, time]) => mtime(dir) === time)) {
      return { paths: entry.entries.filter(([, time]) => time !== null).map(([dir]) => dir) };
    }
  } catch {
    // missing, corrupt or foreign: ask again
  }
  const asked = await pythonSearchPath(located.path, { all: true });
  if ("error" in asked) return asked;
  const entry: Entry = { key, entries: asked.paths.map((dir) => [dir, mtime(dir)] as const) };
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic.sync(file, JSON.stringify(entry), { fsync: false });
  } catch {
    // a cache that cannot be written only costs the next run the question
  }
  return { paths: entry.entries.filter(([, time]) => time !== null).map(([dir]) => dir) };
}

/**
 * A function giving {@link interpreterVersion} of an executable (`"3.12"`, or `null` when it cannot be
 * run), remembered in `cacheDir` while the executable's resolved file, size and mtime are unchanged
 * (finding the interpreter of a target version asks several candidates). With `cacheDir` null, or for
 * an executable not found on `PATH`, it just asks. Never rejects.
 */
export function cachedInterpreterVersion(cacheDir: string | null, env: NodeJS.ProcessEnv = process.env): (python: string) => Promise<string | null> {
  return async (python) => {
    const located = cacheDir === null ? null : locate(python, env);
    if (cacheDir === null || located === null) return interpreterVersion(python);
    const key = createHash("sha256").update(JSON.stringify(["version", located.stamp])).digest("hex");
    const file = path.join(cacheDir, "python", `${key}.version.json`);
    try {
      const entry = JSON.parse(readFileSync(file, "utf8")) as { key?: unknown; version?: unknown };
      if (entry.key === key && typeof entry.version === "string") return entry.version;
    } catch {
      // missing, corrupt or foreign: ask
    }
    const version = await interpreterVersion(located.path);
    if (version !== null) {
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileAtomic.sync(file, JSON.stringify({ key, version }), { fsync: false });
      } catch {
        // the next run asks again
      }
    }
    return version;
  };
}
