/**
 * Configuration from `[tool.static-inspect]` in the nearest `pyproject.toml`.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { UsageError } from "./errors.ts";

/**
 * The settings `[tool.static-inspect]` may hold. Paths are resolved against the folder of the
 * `pyproject.toml` they come from. Command-line flags win over every one of them.
 *
 * ```toml
 * [tool.static-inspect]
 * search-path = ["src", "vendor"]   # like --search-path, in order
 * exclude = ["build/**"]            # globs skipped under the analysed folders (added to the defaults)
 * python-search-path = true         # like --python-search-path
 * ```
 */
export interface Config {
  /** The `pyproject.toml` the settings were read from, or `null` when none was found. */
  readonly file: string | null;
  readonly searchPath?: readonly string[];
  readonly exclude?: readonly string[];
  readonly pythonSearchPath?: boolean;
}

/** The nearest `pyproject.toml` at or above `cwd`, or `null`. */
export function findPyproject(cwd: string): string | null {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, "pyproject.toml");
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function stringList(value: unknown, key: string, file: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new UsageError(`${file}: [tool.static-inspect] ${key} must be an array of strings`);
  }
  return value as string[];
}

/**
 * Reads `[tool.static-inspect]` from the nearest `pyproject.toml` walking up from `start` (the folder
 * holding the paths analysed) or, when there is none above it, from `fallback` (the user's directory).
 * A missing file or table gives an empty config; unknown keys are ignored (other tools share the file).
 *
 * @throws UsageError when the file is not valid TOML or a known key has the wrong type.
 */
export function loadConfig(start: string, fallback?: string): Config {
  const file = findPyproject(start) ?? (fallback === undefined ? null : findPyproject(fallback));
  if (!file) return { file: null };
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  const tool = doc["tool"] as Record<string, unknown> | undefined;
  const table = tool?.["static-inspect"] as Record<string, unknown> | undefined;
  if (!table) return { file };
  const base = path.dirname(file);
  const config: { file: string; searchPath?: string[]; exclude?: string[]; pythonSearchPath?: boolean } = { file };
  if (table["search-path"] !== undefined) {
    config.searchPath = stringList(table["search-path"], "search-path", file).map((p) => path.resolve(base, p));
  }
  if (table["exclude"] !== undefined) config.exclude = stringList(table["exclude"], "exclude", file);
  if (table["python-search-path"] !== undefined) {
    if (typeof table["python-search-path"] !== "boolean") {
      throw new UsageError(`${file}: [tool.static-inspect] python-search-path must be true or false`);
    }
    config.pythonSearchPath = table["python-search-path"];
  }
  return config;
}
