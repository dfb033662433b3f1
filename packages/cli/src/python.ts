/**
 * Finding and asking a local interpreter: the only place the CLI runs Python (for `sys.path`, by
 * default when an interpreter of the target version is found; never with `--no-python-search-path`).
 * The analysis itself never needs it.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { pyenvShimTarget } from "./pyenv.ts";

/** The interpreter asked when no target version narrows the choice. */
export const PYTHON = "python3";

/** An interpreter that answered: how it was named, and its `sys.version_info[:2]` joined (`"3.12"`). */
export interface Interpreter {
  readonly executable: string;
  readonly version: string;
}

/**
 * What one run of an interpreter says of itself: its `sys.version_info[:2]` joined and its `sys.path`
 * (every entry, as printed), or why it could not be asked. One process answers both questions, since
 * the start of a Python process is most of what either costs.
 */
type Answer = { readonly version: string; readonly entries: readonly unknown[] } | { readonly error: string };

const QUESTION = "import sys, json; print(json.dumps({'version': '%d.%d' % sys.version_info[:2], 'path': sys.path}))";

/** What a finished interpreter process gave: how it could not start, or its exit status and output. */
type Finished = { readonly error: NodeJS.ErrnoException } | { readonly status: number | null; readonly signal: string | null; readonly stdout: string; readonly stderr: string };

/**
 * Runs `python` (a pyenv shim as the interpreter it would exec: see {@link pyenvShimTarget}) with
 * {@link QUESTION}, without blocking: the CLI goes on reading and binding the given files while the
 * interpreter starts (~30–50 ms, seconds on a loaded machine). Killed after 30 s. Never rejects.
 */
async function ask(python: string): Promise<Answer> {
  // Loaded when first asked: most runs find the answer cached, and Node's child_process costs ~3 ms to load.
  let spawn: typeof import("node:child_process").spawn;
  try {
    ({ spawn } = await import("node:child_process"));
  } catch (error) {
    return answerOf(python, { error: error as NodeJS.ErrnoException });
  }
  return new Promise<Finished>((resolve) => {
    let child;
    try {
      child = spawn(pyenvShimTarget(python) ?? python, ["-c", QUESTION], { stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      resolve({ error: error as NodeJS.ErrnoException });
      return;
    }
    // Our own timer, not spawn's `timeout`: Node clears that one on `exit` only, so an interpreter
    // that cannot start (ENOENT) kept the process alive for the whole 30 s.
    const timer = setTimeout(() => child.kill("SIGTERM"), 30_000);
    timer.unref();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.once("error", (error) => {
      clearTimeout(timer);
      resolve({ error });
    });
    child.once("close", (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  }).then((r) => answerOf(python, r));
}

/** The {@link Answer} in what `python` printed, or why there is none. */
function answerOf(python: string, r: Finished): Answer {
  if ("error" in r) {
    return { error: r.error.code === "ENOENT" ? `${python} not found` : `cannot run ${python}: ${r.error.message}` };
  }
  if (r.signal !== null) return { error: `${python} was killed by ${r.signal} (it is stopped after 30 s)` };
  if (r.status !== 0) return { error: `${python} exited with status ${r.status}: ${r.stderr.trim().split("\n").pop() ?? ""}` };
  let answer: unknown;
  try {
    answer = JSON.parse(r.stdout);
  } catch {
    answer = null;
  }
  const { version, path: entries } = (answer ?? {}) as { version?: unknown; path?: unknown };
  if (typeof version !== "string" || !Array.isArray(entries)) return { error: `${python} printed something other than its version and sys.path as JSON` };
  return { version, entries };
}

/**
 * The `sys.path` of the last {@link interpreterVersion} question to each executable, kept for the one
 * {@link pythonSearchPath} question that follows it (finding the interpreter, then asking it for its
 * path, as the CLI does), so that the pair costs one process. Taken once: a later question asks again.
 */
const pendingPaths = new Map<string, readonly unknown[]>();

/** `"3.12"` for an interpreter, or `null` when it cannot be run. Never rejects. */
export async function interpreterVersion(python: string): Promise<string | null> {
  const answer = await ask(python);
  if ("error" in answer) return null;
  pendingPaths.set(python, answer.entries);
  return answer.version;
}

/**
 * pyenv's root folder: `$PYENV_ROOT`, else `~/.pyenv` when it exists, else `null` (pyenv itself is
 * not run: its shims would pick the version *it* is set to, not the one asked for).
 */
export function pyenvRoot(env: NodeJS.ProcessEnv = process.env): string | null {
  const root = env["PYENV_ROOT"] || path.join(homedir(), ".pyenv");
  return existsSync(root) ? root : null;
}

/**
 * The candidates for Python `version` (`"3.12"`), in the order they are tried: `python3` when it is
 * that version, `python3.12` on the `PATH`, then `<pyenv root>/versions/3.12.N/bin/python3`
 * (newest patch release first).
 */
export function interpreterCandidates(version: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const out = [PYTHON, `python${version}`];
  const root = pyenvRoot(env);
  const versions = root ? path.join(root, "versions") : null;
  if (versions && existsSync(versions)) {
    const patch = (v: string) => Number(v.slice(version.length + 1));
    const found = readdirSync(versions).filter((v) => new RegExp(`^${version.replace(".", "\\.")}\\.\\d+$`).test(v));
    for (const v of found.sort((a, b) => patch(b) - patch(a))) {
      const exe = path.join(versions, v, "bin", "python3");
      if (existsSync(exe)) out.push(exe);
    }
  }
  return out;
}

/**
 * The first interpreter of Python `version` (`"3.12"`) among {@link interpreterCandidates}, checked by
 * running it (a pyenv shim of another version fails or answers another version), or `null` with the
 * list of what was tried. Never rejects.
 */
export async function findInterpreter(
  version: string,
  env: NodeJS.ProcessEnv = process.env,
  versionOf: (python: string) => Promise<string | null> = interpreterVersion,
): Promise<Interpreter | { readonly tried: readonly string[] }> {
  const tried: string[] = [];
  for (const exe of interpreterCandidates(version, env)) {
    const got = await versionOf(exe);
    if (got === version) return { executable: exe, version };
    tried.push(got === null ? `${exe} (not found)` : `${exe} (${got})`);
  }
  return { tried };
}

/**
 * The existing directories on `python`'s `sys.path`, in order (zip files and the empty entry of
 * `-c` are left out), or an error message when it cannot be run. With `all`, every non-empty entry,
 * whether a directory or not (what a cache must revalidate). Right after {@link interpreterVersion} of
 * the same `python`, the answer that question brought is used instead of starting it again. Never rejects.
 */
export async function pythonSearchPath(python = PYTHON, options: { all?: boolean } = {}): Promise<{ paths: string[] } | { error: string }> {
  let entries = pendingPaths.get(python);
  pendingPaths.delete(python);
  if (entries === undefined) {
    const answer = await ask(python);
    if ("error" in answer) return answer;
    entries = answer.entries;
  }
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
