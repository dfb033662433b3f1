/**
 * Runs fuzz cases in a worker thread with a per-case time limit: a case over the limit is a
 * `hang`, the worker is terminated and a fresh one serves the next case.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Failure } from "./check.ts";

/** The outcome of one case: its failure (or `null`) and wall-clock milliseconds. */
export interface CaseResult {
  readonly failure: Failure | null;
  readonly ms: number;
}

/**
 * A worker thread that runs one case at a time. `run` resolves with the case's result; when the
 * case takes longer than `limitMs` the worker is terminated (its temporary folder removed) and the
 * result is a `hang`. Call `close` when done.
 */
export class CaseRunner {
  private worker: Worker | null = null;
  private ready: Promise<void> = Promise.resolve();
  private dir: string | null = null;
  private nextId = 0;

  constructor(private readonly limitMs: number) {}

  private start(): Worker {
    this.dir = mkdtempSync(path.join(tmpdir(), "static-inspect-fuzz-"));
    // The worker is TypeScript: load it through tsx's loader, as the main script is.
    const w = new Worker(new URL("./worker-entry.mjs", import.meta.url), { workerData: { dir: this.dir } });
    w.unref();
    this.ready = new Promise((resolve) => {
      const onReady = (m: unknown): void => {
        if (m !== "ready") return;
        w.off("message", onReady);
        resolve();
      };
      w.on("message", onReady);
      w.once("exit", () => resolve());
    });
    return w;
  }

  /** Terminates the current worker and removes its folder. */
  private async stop(): Promise<void> {
    const w = this.worker;
    const dir = this.dir;
    this.worker = null;
    this.dir = null;
    if (w) await w.terminate();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }

  /** Runs `bytes` as a module; never rejects. The time limit starts once the worker is ready. */
  async run(bytes: Uint8Array, limitMs = this.limitMs): Promise<CaseResult> {
    const worker = (this.worker ??= this.start());
    await this.ready;
    const id = this.nextId++;
    const t0 = performance.now();
    return new Promise((resolve) => {
      let done = false;
      const finish = (r: CaseResult): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        resolve(r);
      };
      const onMessage = (m: { id: number; failure: Failure | null; ms: number }): void => {
        if (m.id === id) finish({ failure: m.failure, ms: m.ms });
      };
      const onError = (e: Error): void => {
        void this.stop();
        finish({ failure: { kind: "crash", message: `worker died: ${e.message}` }, ms: performance.now() - t0 });
      };
      const onExit = (code: number): void => {
        void this.stop();
        finish({ failure: { kind: "crash", message: `worker exited with code ${code}` }, ms: performance.now() - t0 });
      };
      const timer = setTimeout(() => {
        void this.stop();
        finish({ failure: { kind: "hang", message: `no result within ${limitMs} ms` }, ms: performance.now() - t0 });
      }, limitMs);
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage({ id, bytes });
    });
  }

  /** Stops the worker and removes its temporary folder. */
  async close(): Promise<void> {
    await this.stop();
  }
}
