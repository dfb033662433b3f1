/**
 * The progress bar `analyze` shows on stderr when stderr is a terminal (cli-progress), and nothing
 * otherwise.
 */
import { SingleBar } from "cli-progress";

/** Where the bar is drawn: `write` plus whether it is a terminal and how wide (in columns). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY: boolean;
  readonly columns?: number;
}

/** The steps of `analyze` the bar names, in order. */
export type ProgressPhase = "analysing" | "writing";

/**
 * A progress bar over the phases of `analyze`: `start(phase, total, unit)` begins a phase of `total`
 * units (`files`, `entries`), `update(done)` moves it, `modules(n)` sets the count of modules linked
 * so far, `stop()` clears the line. Each redraw shows the phase, the bar, done/total, the modules
 * linked and the time elapsed since the bar was made. A bar made for a stream that is not a terminal
 * draws nothing (every method is then a no-op). Never throws.
 */
export interface Progress {
  start(phase: ProgressPhase, total: number, unit: string): void;
  update(done: number): void;
  modules(count: number): void;
  stop(): void;
}

const SILENT: Progress = { start() {}, update() {}, modules() {}, stop() {} };

/** A {@link Progress} drawing on `stream` when `enabled` and `stream.isTTY`, else one that draws nothing. */
export function createProgress(stream: ProgressStream, enabled: boolean): Progress {
  if (!enabled || !stream.isTTY) return SILENT;
  // cli-progress writes escape sequences through `write` and reads `isTTY` and `columns`.
  const terminal = { write: (text: string) => stream.write(text), isTTY: true, columns: stream.columns ?? 80 } as unknown as NodeJS.WritableStream;
  const bar = new SingleBar({
    stream: terminal,
    format: "static-inspect: {phase} [{bar}] {value}/{total} {unit} | {modules} modules | {duration_formatted}",
    barsize: 24,
    hideCursor: null,
    clearOnComplete: true,
    stopOnComplete: false,
    fps: 10,
  });
  let running = false;
  let modules = 0;
  const payload = (phase: ProgressPhase, unit: string) => ({ phase, unit, modules });
  let current: { phase: ProgressPhase; unit: string } = { phase: "analysing", unit: "files" };
  return {
    start(phase, total, unit) {
      current = { phase, unit };
      if (!running) bar.start(total, 0, payload(phase, unit));
      else {
        bar.setTotal(total);
        bar.update(0, payload(phase, unit));
      }
      running = true;
    },
    update(done) {
      if (running) bar.update(done, payload(current.phase, current.unit));
    },
    modules(count) {
      modules = count; // shown from the next redraw on
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
