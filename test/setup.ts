// Each test file gets its own empty cache folder (summaries, python3's sys.path, whole runs), also for
// the CLI processes it spawns: no test reads what another test, or the user's own runs, left in
// ~/.cache/static-inspect, and none writes there.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

const dir = mkdtempSync(path.join(tmpdir(), "static-inspect-test-cache-"));
process.env["STATIC_INSPECT_CACHE_DIR"] = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
