/**
 * V8's old-generation growth for a large run: a GC heuristic only, what the command writes does not
 * change.
 */
import { setFlagsFromString } from "node:v8";

/** Files to analyse from which {@link capHeapGrowthFor} tightens the cap (site-packages has ~11,500; the stdlib, 817, runs the same either way). */
export const LARGE_RUN_FILES = 2000;

/**
 * For a run of `files` files or more ({@link LARGE_RUN_FILES}), caps how far V8 lets the old
 * generation grow past what the last full collection kept at 1.3×, below the 2× the command starts
 * with (`bin/static-inspect.cjs`). Such a run's live heap grows steadily to hundreds of MB
 * (summaries, then the link's memos) and little of it is garbage for long. Measured with
 * `--no-cache` over site-packages (~0.8 GB live at the end): peak RSS 1.73 GB at 2×, 1.28 GB at 1.3×,
 * for 72.8 → 74.5 s wall. A small run pays for the tighter cap without needing it (click: 1.15 →
 * 1.28 s, the same peak RSS), hence the threshold. A `--heap-growing-percent` on Node's own command
 * line wins. Returns whether the cap was set; never throws (a Node without the flag keeps its own).
 */
export function capHeapGrowthFor(files: number): boolean {
  if (files < LARGE_RUN_FILES || process.execArgv.some((a) => a.startsWith("--heap-growing-percent"))) return false;
  try {
    setFlagsFromString("--heap-growing-percent=30");
    return true;
  } catch {
    return false;
  }
}
