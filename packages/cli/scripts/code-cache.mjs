// Makes the V8 code cache that bin/static-inspect.cjs uses when the run's cache folder has none (a first
// run, `--no-cache`): dist/code-cache/<node>-<arch>-<hash of dist/static-inspect.cjs>.bin, written by
// the command itself at the end of a run on the sample package, so that it also holds the functions
// such a run compiles lazily. Only this Node can use it (V8 rejects a cache of another version or
// flags, and the script then compiles from source). A failure here only costs later runs that compile.
//
// The same for the fast start (bin/static-inspect.cjs's loadFastStart), below.
//
//   node packages/cli/scripts/code-cache.mjs          (run by the root `build`, after bundle.mjs; not
//   shipped in the tarball, whose users' Node is seldom the packer's: there the first run makes one)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/static-inspect.cjs", import.meta.url));
const sample = fileURLToPath(new URL("../../../samples/shapes", import.meta.url));
rmSync(new URL("../dist/code-cache/", import.meta.url), { recursive: true, force: true });
const run = spawnSync(process.execPath, [bin, "analyze", sample, "--no-cache", "--no-python-search-path", "-q"], {
  env: { ...process.env, STATIC_INSPECT_BUILD_CODE_CACHE: "1" },
  encoding: "utf8",
  stdio: ["ignore", "ignore", "pipe"], // the bundle goes to stdout, unread
});
if (run.status !== 0) process.stderr.write(`code-cache: the sample run failed (${run.status ?? run.error?.message}); no code cache made\n${run.stderr ?? ""}`);

// The fast start's (dist/code-cache/fast-start-<node>-<arch>-<size>.bin, and fast-start.stamp.json):
// from a run it handles, the second of two runs on the sample with one cache folder (the first fills it).
const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-code-cache-"));
try {
  const args = [bin, "analyze", sample, "--no-python-search-path", "-q", "--cache-dir", path.join(temp, "cache"), "-o", path.join(temp, "sample.json")];
  const fill = spawnSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  const made = fill.status === 0 && spawnSync(process.execPath, args, { env: { ...process.env, STATIC_INSPECT_BUILD_CODE_CACHE: "fast-start" }, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  if (!made || made.status !== 0) process.stderr.write(`code-cache: the sample runs for the fast start failed; no code cache made for it\n${fill.stderr ?? ""}${made ? made.stderr : ""}`);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
