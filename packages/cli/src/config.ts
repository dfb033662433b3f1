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
 * target-version = "3.12"           # like --target-version (default: requires-python's lower bound)
 * ```
 */
export interface Config {
  /** The `pyproject.toml` the settings were read from, or `null` when none was found. */
  readonly file: string | null;
  readonly searchPath?: readonly string[];
  readonly exclude?: readonly string[];
  readonly pythonSearchPath?: boolean;
  /** `target-version` (`"3.12"`), as written; checked against the supported versions by the caller. */
  readonly targetVersion?: string;
  /** `[project] requires-python` (PEP 621) as written, when the file has one. */
  readonly requiresPython?: string;
}

/**
 * The lowest `major.minor` a PEP 440 `requires-python` specifier admits (`">=3.9, <4"` → `"3.9"`,
 * `"~=3.10"` → `"3.10"`, `">3.8"` → `"3.8"` since 3.8.1 qualifies, `"==3.12.*"` → `"3.12"`), the
 * highest such bound when several clauses give one; `null` when no clause bounds it from below
 * (`"<4"`, `"!=3.9.*"`) or the text is not a specifier. Never throws.
 */
export function requiresPythonLowerBound(spec: string): string | null {
  let best: [number, number] | null = null;
  for (const raw of spec.split(",")) {
    const clause = raw.trim();
    if (clause === "") continue;
    const m = /^(>=|~=|===|==|>|<=|<|!=)\s*v?(\d+)(?:\.(\d+))?(?:\.[\d*]+)*(?:\.\*)?\s*$/.exec(clause);
    if (!m) return null;
    if (![">=", "~=", "===", "==", ">"].includes(m[1]!)) continue;
    const bound: [number, number] = [Number(m[2]), Number(m[3] ?? 0)];
    if (best === null || bound[0] > best[0] || (bound[0] === best[0] && bound[1] > best[1])) best = bound;
  }
  return best === null ? null : `${best[0]}.${best[1]}`;
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
  const project = doc["project"] as Record<string, unknown> | undefined;
  const requires = project?.["requires-python"];
  const requiresPython = typeof requires === "string" ? { requiresPython: requires } : {};
  if (!table) return { file, ...requiresPython };
  const base = path.dirname(file);
  const config: { file: string; searchPath?: string[]; exclude?: string[]; pythonSearchPath?: boolean; targetVersion?: string; requiresPython?: string } = {
    file,
    ...requiresPython,
  };
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
  if (table["target-version"] !== undefined) {
    if (typeof table["target-version"] !== "string") {
      throw new UsageError(`${file}: [tool.static-inspect] target-version must be a string such as "3.12"`);
    }
    config.targetVersion = table["target-version"];
  }
  return config;
}
