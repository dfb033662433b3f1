// Child process of first-run.test.ts: writes argv[2] atomically from pieces that come slowly (5 MB
// pieces, 50 ms apart, for ever), so the parent can send a signal while the write is under way.
import { writeChunksAtomically } from "../../../packages/cli/src/atomic.ts";

async function* slow(): AsyncGenerator<string> {
  const piece = "x".repeat(5 << 20);
  for (;;) {
    yield piece;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

await writeChunksAtomically(process.argv[2]!, slow());
