/**
 * Where the user is: the directory relative paths are resolved against, and the folder the search
 * for `pyproject.toml` starts from.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { checkoutRoot } from "./checkout.ts";

/**
 * The directory the user ran the command in. That is `cwd`, except under `pnpm static-inspect` in a
 * checkout of this repository: pnpm runs the root's script from the repository root and passes the
 * user's directory as `INIT_CWD`, so when `cwd` is the checkout root and the script being run is the
 * checkout's own (`npm_package_json` is its `package.json`), `INIT_CWD` is the answer.
 *
 * A package script of another project keeps `cwd` (its package root): scripts there are written with
 * paths relative to the package, as npm runs them. Never throws.
 */
export function userDirectory(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd(), checkout: string | null = checkoutRoot()): string {
  const init = env["INIT_CWD"];
  const script = env["npm_package_json"];
  if (init && script && checkout !== null && sameDir(cwd, checkout) && sameDir(path.dirname(script), checkout) && isDirectory(init)) {
    return path.resolve(init);
  }
  return cwd;
}

/**
 * The folder the search for `pyproject.toml` starts from: the deepest folder that holds every path
 * analysed (a file counts as its folder), or `userDir` when no path is given. Paths are absolute.
 */
export function projectSearchStart(paths: readonly string[], userDir: string): string {
  const dirs = paths.map((p) => (isDirectory(p) ? path.resolve(p) : path.dirname(path.resolve(p))));
  if (dirs.length === 0) return userDir;
  let common = dirs[0]!;
  for (const d of dirs.slice(1)) {
    while (!(d === common || d.startsWith(common.endsWith(path.sep) ? common : common + path.sep))) {
      const parent = path.dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}

function sameDir(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

function isDirectory(p: string): boolean {
  return statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
