/**
 * The two sides of `static-inspect diff`: a bundle file, a path analysed on the fly, or a git
 * `REF:path` exported with `git archive` into a temporary folder (removed afterwards) and analysed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle, type Bundle } from "@static-inspect/emit";
import { UsageError } from "../errors.ts";
import { readBundle } from "./bundle-file.ts";

/** Where one side comes from. `shown` is how the report names it. */
export type DiffSource =
  | { readonly kind: "bundle"; readonly file: string; readonly shown: string }
  | { readonly kind: "path"; readonly path: string; readonly shown: string }
  | { readonly kind: "git"; readonly ref: string; readonly path: string; readonly shown: string };

const isGitRef = (ref: string, cwd: string) =>
  ref !== "" && spawnSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd, encoding: "utf8" }).status === 0;

/**
 * Classifies a command-line side: an existing `.json` file is a bundle, another existing path is
 * analysed, `REF:path` (when it does not exist as a path and REF names a commit) is a git side.
 * @throws UsageError when it is none of them.
 */
export function parseSource(arg: string, cwd: string): DiffSource {
  const abs = path.resolve(cwd, arg);
  if (existsSync(abs)) {
    if (statSync(abs).isFile() && abs.endsWith(".json")) return { kind: "bundle", file: arg, shown: arg };
    return { kind: "path", path: abs, shown: arg };
  }
  const colon = arg.indexOf(":");
  if (colon > 0 && isGitRef(arg.slice(0, colon), cwd)) return { kind: "git", ref: arg.slice(0, colon), path: arg.slice(colon + 1) || ".", shown: arg };
  throw new UsageError(`no such file, directory or git REF:path: ${arg}`);
}

/** Analyses `paths` into a bundle whose file paths are relative to `base` (so reports name files as a reader's checkout does). */
async function analyseTo(paths: string[], searchPaths: readonly string[], base: string): Promise<Bundle> {
  const program = await analyze({ paths, searchPaths });
  return buildBundle(program, { root: base });
}

/**
 * Loads one side as a bundle. Paths are analysed with `searchPaths` (file names then relative to
 * `cwd`); a git side is exported with `git archive REF -- path` (path relative to `cwd`, as git reads
 * it) into a temporary folder that is removed whatever happens, and its file names are relative to
 * the repository root.
 * @throws UsageError when the bundle is invalid, or git fails.
 */
export async function loadSource(source: DiffSource, cwd: string, searchPaths: readonly string[]): Promise<Bundle> {
  if (source.kind === "bundle") return readBundle(source.file, cwd);
  if (source.kind === "path") return analyseTo([source.path], searchPaths, cwd);
  const top = spawnSync("git", ["rev-parse", "--show-toplevel", "--show-prefix"], { cwd, encoding: "utf8" });
  if (top.status !== 0) throw new UsageError(`git: ${top.stderr.trim() || "not a repository"}`);
  const [root, prefix = ""] = top.stdout.split("\n");
  const inRepo = path.posix.normalize(path.posix.join(prefix, source.path.split(path.sep).join("/")));
  const tmp = mkdtempSync(path.join(os.tmpdir(), "static-inspect-diff-"));
  try {
    const archive = spawnSync("git", ["archive", "--format=tar", source.ref, "--", inRepo === "." ? "." : inRepo], { cwd: root, maxBuffer: 1 << 30 });
    if (archive.status !== 0) throw new UsageError(`git archive ${source.ref} -- ${inRepo}: ${archive.stderr.toString().trim()}`);
    const untar = spawnSync("tar", ["-x", "-C", tmp], { input: archive.stdout, maxBuffer: 1 << 20 });
    if (untar.status !== 0) throw new UsageError(`tar: ${untar.stderr.toString().trim()}`);
    const target = path.join(tmp, inRepo);
    if (!existsSync(target)) throw new UsageError(`${source.shown}: nothing at ${inRepo} in ${source.ref}`);
    return await analyseTo([target], searchPaths, tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
