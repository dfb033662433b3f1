// Makes the V8 code cache that bin/static-inspect.cjs uses when the run's cache folder has none (a first
// run, `--no-cache`): dist/code-cache/<node>-<arch>-<hash of dist/static-inspect.cjs>.bin, written by
// the command itself at the end of a run on the sample package, so that it also holds the functions
// such a run compiles lazily. Only this Node can use it (V8 rejects a cache of another version or
// flags, and the script then compiles from source). A failure here only costs later runs that compile.
//
//   node packages/cli/scripts/code-cache.mjs          (run by the root `build`, after bundle.mjs; not
//   shipped in the tarball, whose users' Node is seldom the packer's: there the first run makes one)
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
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
