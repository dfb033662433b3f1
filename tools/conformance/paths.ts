/**
 * Where the conformance run of each Python version keeps its thresholds and its output.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The version whose thresholds and output keep the names they had before there were versions. */
export const HOME_VERSION = "3.11";

/** The thresholds file of Python `version`: `thresholds.json` for 3.11, `thresholds-3.X.json` otherwise. */
export function thresholdsFile(version: string): string {
  return join(ROOT, "tools/conformance", version === HOME_VERSION ? "thresholds.json" : `thresholds-${version}.json`);
}

/** Where the report, mismatches and oracle cache of Python `version` go: `.conformance/`, or `.conformance/3.X/`. */
export function outputDir(version: string): string {
  return version === HOME_VERSION ? join(ROOT, ".conformance") : join(ROOT, ".conformance", version);
}
