// Whole-process scenarios of `pnpm bench` (issue 9): the installed command, as a user runs it, on a
// one-line module, a 17-file package whose bases resolve through the stdlib (click), the stdlib, all
// of site-packages, one file edited in the stdlib, and an edit under `analyze --watch`; each with a
// cold cache, a warm one and --no-cache where that means something.
//
// Wall time is the parent's clock around the child; CPU (user + system, every thread) and peak RSS
// are what the child reports about itself (`-v` prints them from process.resourceUsage()).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** One measured run. */
export interface Sample {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMB: number;
}

/** The median of each measure over the samples. */
export function median(samples: readonly Sample[]): Sample {
  const mid = <T>(xs: T[]) => xs[Math.floor(xs.length / 2)]!;
  return {
    wall: mid(samples.map((s) => s.wall).sort((a, b) => a - b)),
    cpu: mid(samples.map((s) => s.cpu).sort((a, b) => a - b)),
    rssMB: mid(samples.map((s) => s.rssMB).sort((a, b) => a - b)),
  };
}

/**
 * The environment of a user's shell: this one without what `pnpm bench` adds for its script
 * (`npm_*`, `INIT_CWD`), under which the command would take itself for the checkout's `pnpm
 * static-inspect` and check its build for staleness at each start, which a user's run does not.
 */
export function userEnv(extra: Record<string, string>, without: readonly string[] = []): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("npm_") && k !== "INIT_CWD" && !without.includes(k)));
  return { ...env, ...extra };
}

/**
 * The median wall time (s) of `n` runs of `node -e 0` in {@link userEnv}'s environment less `without`:
 * the floor of any run of the command. NODE_EXTRA_CA_CERTS is the variable that matters there: Node 20
 * reads and parses those certificates at every start, before any JavaScript runs (40 ms of a 65 ms
 * `node -e 0` on a machine where it names the system's whole bundle), and static-inspect opens no
 * connection that would use them.
 */
export function nodeStart(n: number, without: readonly string[] = []): number {
  const env = userEnv({}, without);
  const walls = Array.from({ length: n }, () => {
    const t = performance.now();
    spawnSync(process.execPath, ["-e", "0"], { env });
    return (performance.now() - t) / 1000;
  }).sort((a, b) => a - b);
  return walls[Math.floor(walls.length / 2)]!;
}

/** Runs the command once with `args` (plus -v), the cache in `cacheDir` (null: --no-cache), the variables `without` left out. */
export function runOnce(bin: string, args: readonly string[], cacheDir: string | null, without: readonly string[] = []): Sample {
  const env = userEnv({ STATIC_INSPECT_CACHE_DIR: cacheDir ?? "/nonexistent" }, without);
  const t = performance.now();
  const r = spawnSync(bin, [...args, "-v", ...(cacheDir === null ? ["--no-cache"] : [])], { encoding: "utf8", env, maxBuffer: 1 << 26 });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${bin} ${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
  const m = /cpu (\d+\.\d+) s, peak RSS (\d+) MB/.exec(r.stderr);
  if (!m) throw new Error(`no resource line in:\n${r.stderr}`);
  return { wall, cpu: Number(m[1]), rssMB: Number(m[2]) };
}

/**
 * Under `analyze --watch`: the time from writing an edited file to the line saying the bundle was
 * rewritten, for each of `edits` edits (the file alternates between two contents).
 */
export async function watchEdits(bin: string, args: readonly string[], file: string, edits: number, cacheDir: string): Promise<number[]> {
  const env = userEnv({ STATIC_INSPECT_CACHE_DIR: cacheDir });
  const child = spawn(bin, [...args, "--watch"], { env });
  let stderr = "";
  const waiters: { count: number; resolve: () => void }[] = [];
  const updates = () => (stderr.match(/^static-inspect: updated /gm) ?? []).length;
  const satisfied = (count: number) => (count === 0 ? stderr.includes("static-inspect: watching ") : updates() >= count);
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (satisfied(waiters[i]!.count)) waiters.splice(i, 1)[0]!.resolve();
    }
  });
  const until = (count: number) =>
    new Promise<void>((resolve) => {
      if (satisfied(count)) resolve();
      else waiters.push({ count, resolve });
    });
  const original = readFileSync(file, "utf8");
  const times: number[] = [];
  try {
    await until(0);
    for (let i = 1; i <= edits; i++) {
      const t = performance.now();
      writeFileSync(file, i % 2 === 1 ? `${original}\n\ndef _bench_edit_${i}(a, b=1):\n    """Added."""\n` : original);
      await until(i);
      times.push((performance.now() - t) / 1000);
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.on("exit", resolve));
    writeFileSync(file, original);
  }
  return times;
}

/** A copy of `dir` in a new temporary folder (removed by the caller), for scenarios that edit files. */
export function copyTree(dir: string, name: string): { root: string; copy: string } {
  const root = mkdtempSync(path.join(tmpdir(), `bench-${name}-`));
  const copy = path.join(root, path.basename(dir));
  cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes("__pycache__") });
  return { root, copy };
}

/** A fresh empty cache folder. */
export function freshCache(): string {
  return mkdtempSync(path.join(tmpdir(), "bench-cache-"));
}

export const remove = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** Runs griffe's CLI in-process and prints its own CPU and peak RSS (as `-v` does for ours). */
const GRIFFE_RUNNER = `
import resource, sys
from griffe.cli import main
code = main(sys.argv[1:])
r = resource.getrusage(resource.RUSAGE_SELF)
sys.stderr.write(f"griffe-usage {r.ru_utime + r.ru_stime:.3f} {r.ru_maxrss / 1024:.0f}\\n")
sys.exit(code)
`;

/**
 * A Python that can import griffe (`python3`, then `/usr/bin/python3`, where Debian's python3-griffe
 * installs it), or `null`: the bench then leaves griffe's rows out.
 */
export function findGriffe(): string | null {
  for (const python of ["python3", "/usr/bin/python3"]) {
    const r = spawnSync(python, ["-c", "import griffe.cli"], { encoding: "utf8" });
    if (r.status === 0) return python;
  }
  return null;
}

/** One run of `griffe ARGS` (e.g. `dump click -s DIR -o FILE`) with `python`, measured as {@link runOnce} does. */
export function griffeOnce(python: string, args: readonly string[]): Sample {
  const t = performance.now();
  const r = spawnSync(python, ["-c", GRIFFE_RUNNER, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  const wall = (performance.now() - t) / 1000;
  const m = /griffe-usage (\d+\.\d+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`griffe ${args.join(" ")} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
  return { wall, cpu: Number(m[1]), rssMB: Number(m[2]) };
}

/** The top-level modules and packages of a standard library folder, as griffe is given them (tests and site-packages left out). */
export function stdlibTopLevel(dir: string): string[] {
  const skip = new Set(["test", "site-packages", "idlelib", "lib2to3", "__phello__", "antigravity", "this"]);
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isFile() && e.name.endsWith(".py") ? [e.name.slice(0, -3)] : e.isDirectory() && existsSync(path.join(dir, e.name, "__init__.py")) ? [e.name] : []))
    .filter((n) => /^[A-Za-z_]\w*$/.test(n) && !skip.has(n))
    .sort();
}
