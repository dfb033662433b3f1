/**
 * Where the CLI keeps its caches (module summaries, python3's `sys.path`, whole results): the user's
 * cache directory, like ruff's and mypy's caches, unless told otherwise.
 */
import path from "node:path";
import envPaths from "env-paths";

/**
 * The cache folder of a run, or `null` for none: `--no-cache` → none; `--cache-dir DIR` (relative to
 * `cwd`); else `$STATIC_INSPECT_CACHE_DIR`; else the platform's user cache folder
 * (`$XDG_CACHE_HOME/static-inspect`, by default `~/.cache/static-inspect`, on Linux;
 * `~/Library/Caches/static-inspect` on macOS; `%LOCALAPPDATA%\static-inspect\Cache` on Windows).
 * The folder is created when first written, never here.
 */
export function cacheDirectory(flags: { cache?: boolean; cacheDir?: string }, cwd: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (flags.cache === false) return null;
  if (flags.cacheDir !== undefined) return path.resolve(cwd, flags.cacheDir);
  const fromEnv = env["STATIC_INSPECT_CACHE_DIR"];
  if (fromEnv) return path.resolve(cwd, fromEnv);
  return envPaths("static-inspect", { suffix: "" }).cache;
}
