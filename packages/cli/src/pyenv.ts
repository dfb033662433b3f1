/**
 * What a pyenv shim runs, found without running it. A shim (`<root>/shims/python3`) is a bash script
 * that starts pyenv, which picks a version and execs its interpreter: about 80 ms before Python itself
 * starts, most of a small run's question to the interpreter. This module follows pyenv's selection
 * for the common case and answers `null` (run the shim) for every other.
 */
import { accessSync, constants, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** A shim file is pyenv's when it exports its own root and execs `<root>/libexec/pyenv exec`. */
function shimRoot(file: string): string | null {
  const root = path.dirname(path.dirname(file));
  if (path.basename(path.dirname(file)) !== "shims") return null;
  let text: string;
  try {
    if (statSync(file).size > 4096) return null;
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  const exported = /^export PYENV_ROOT="([^"$`\\]*)"$/m.exec(text)?.[1];
  if (exported === undefined || path.resolve(exported) !== root) return null;
  if (!text.includes(`exec "${exported}/libexec/pyenv" exec "$program" "$@"`)) return null;
  return root;
}

/** The first executable file named `name` on `PATH` (a name with a separator is taken as it is), or `null`. */
export function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  const dirs = name.includes(path.sep) ? [""] : (env["PATH"] ?? "").split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = dir ? path.join(dir, name) : name;
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The version names a version file sets, as `pyenv version-file-read` reads them: the first word of
 * each line, blank lines and `#` comments skipped; `[]` for an empty or unreadable file.
 */
export function readVersionFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const line of text.split("\n")) {
    const word = line.trim().split(/[ \t\r]+/)[0] ?? "";
    if (word === "" || word.startsWith("#")) continue;
    names.push(word);
  }
  return names;
}

/** The nearest `.python-version` in `dir` or a folder above it, or `null`. */
function localVersionFile(dir: string): string | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const file = path.join(d, ".python-version");
    if (statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
    if (path.dirname(d) === d) return null;
  }
}

/**
 * The versions pyenv selects, in order, as `pyenv version-name` finds them: `$PYENV_VERSION` (names
 * joined by `:`), else the nearest `.python-version` above `$PYENV_DIR` (default `cwd`) or above
 * `cwd`, else `<root>/version`; `["system"]` when that names none.
 */
export function selectedVersions(root: string, env: NodeJS.ProcessEnv, cwd: string): string[] {
  const fromEnv = env["PYENV_VERSION"];
  if (fromEnv) return fromEnv.split(":").filter(Boolean);
  const dir = env["PYENV_DIR"] || cwd;
  const file = localVersionFile(dir) ?? (path.resolve(dir) !== path.resolve(cwd) ? localVersionFile(cwd) : null) ?? path.join(root, "version");
  const names = readVersionFile(file);
  return names.length > 0 ? names : ["system"];
}

/**
 * The interpreter a pyenv shim would exec for `executable` (a name looked up on `PATH`, or a path),
 * or `null` when `executable` is not a pyenv shim or pyenv's choice is not one this function makes
 * exactly, in which case the caller runs the shim.
 *
 * Mirrors `pyenv exec` → `pyenv which`: each selected version (see {@link selectedVersions}) in
 * order, `python-3.12` also read as `3.12`, gives `<root>/versions/<name>/bin/<program>` and the
 * first that is an executable file wins. `null` for the cases pyenv settles with more machinery:
 * `system` (the next interpreter on `PATH`), a version not installed under that exact name (a prefix
 * such as `3.12` resolved to the newest `3.12.N`), a name that is `..` or has a `/`, and no
 * version holding the program. (pyenv's `which` hooks act only when the program is missing, so the
 * cases answered here are the ones they leave alone.) Never throws.
 */
export function pyenvShimTarget(executable: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string | null {
  const shim = onPath(executable, env);
  if (shim === null) return null;
  const root = shimRoot(path.resolve(shim));
  if (root === null) return null;
  const program = path.basename(shim);
  for (const name of selectedVersions(root, env, cwd)) {
    if (name === "system" || name === ".." || name.includes("/")) return null;
    const installed = [name, name.replace(/^python-/, "")].find((v) => statSync(path.join(root, "versions", v), { throwIfNoEntry: false })?.isDirectory());
    if (installed === undefined) return null;
    const target = path.join(root, "versions", installed, "bin", program);
    if (isExecutableFile(target)) return target;
  }
  return null;
}
