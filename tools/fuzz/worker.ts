// Worker thread of the fuzz runner (see runner.ts): runs the cases it is sent, one at a time, in
// the temporary folder it is given (workerData.dir, removed by the runner), answering each with
// { id, failure, ms }. It first runs one tiny module (loading the analyzer and the builtins data)
// and posts "ready", so the runner's time limit does not count the start-up.
import { parentPort, workerData } from "node:worker_threads";
import { runCase } from "./check.ts";

const dir = (workerData as { dir: string }).dir;
await runCase(Buffer.from("def f(a, b=1):\n    pass\n"), dir);
parentPort!.on("message", async (msg: { id: number; bytes: Uint8Array }) => {
  const t0 = performance.now();
  const failure = await runCase(msg.bytes, dir);
  parentPort!.postMessage({ id: msg.id, failure, ms: performance.now() - t0 });
});
parentPort!.postMessage("ready");
