/**
 * Asking the local interpreter for its `sys.path`: the only place the CLI runs Python (by default
 * when a python3 is found; never with `--no-python-search-path`). The analysis itself never needs it.
 */
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";

/** The interpreter `--python-search-path` asks. */
export const PYTHON = "python3";

/**
 * The existing directories on `python3`'s `sys.path`, in order (zip files and the empty entry of
 * `-c` are left out), or an error message when `python3` cannot be run. With `all`, every non-empty
 * entry, whether a directory or not (what a cache must revalidate). Never throws.
 */
export function pythonSearchPath(python = PYTHON, options: { all?: boolean } = {}): { paths: string[] } | { error: string } {
  const r = spawnSync(python, ["-c", "import sys, json; print(json.dumps(sys.path))"], { encoding: "utf8", timeout: 30_000 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return { error: code === "ENOENT" ? `${python} not found` : `cannot run ${python}: ${r.error.message}` };
  }
  if (r.status !== 0) return { error: `${python} exited with status ${r.status}: ${r.stderr.trim().split("\n").pop() ?? ""}` };
  let entries: unknown;
  try {
    entries = JSON.parse(r.stdout);
  } catch {
    return { error: `${python} printed something other than a JSON list for sys.path` };
  }
  if (!Array.isArray(entries)) return { error: `${python} printed something other than a JSON list for sys.path` };
  const paths = entries.filter((p): p is string => typeof p === "string" && p !== "" && (options.all === true || isDirectory(p)));
  return { paths };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
