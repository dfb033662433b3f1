// writeChunksAtomically encodes text pieces into one reused buffer: the file must hold exactly the
// UTF-8 of the pieces (as Buffer.from gives it, a lone surrogate as U+FFFD) and the bytes pieces as
// they are, in order, whatever the pieces' sizes against the buffer's 4 MiB; an error leaves the old file.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeChunksAtomically } from "../../packages/cli/src/atomic.ts";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-atomic-chunks-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const expected = (pieces: readonly (string | Uint8Array)[]) => Buffer.concat(pieces.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

describe("writeChunksAtomically", () => {
  it("writes the UTF-8 of text pieces and bytes pieces as they are, across the buffer's bounds", async () => {
    const pieces: (string | Uint8Array)[] = [];
    // Many small pieces of 1-, 2-, 3- and 4-byte characters: more than 4 MiB in all, so that pieces
    // meet the end of the buffer at every offset.
    const small = ["a", "é", "€", "😀", '{"x":1}', "\ud800", "z\udfff"];
    for (let i = 0; i < 700_000; i++) pieces.push(small[i % small.length]!.repeat(1 + (i % 5)));
    pieces.push(new Uint8Array([0, 1, 2, 255]));
    pieces.push("ü".repeat(2_000_000)); // more than the buffer holds: written by itself
    pieces.push("tail 😀");
    pieces.push(new Uint8Array(0));
    pieces.push("end");
    const file = path.join(temp, "mixed.json");
    await writeChunksAtomically(file, pieces);
    const got = readFileSync(file);
    const want = expected(pieces);
    expect(got.length).toBe(want.length);
    expect(got.equals(want)).toBe(true);
    expect(readdirSync(temp).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("takes an async iterable the same way", async () => {
    const pieces = ["[", "é".repeat(1_500_000), ",", "1", "]"];
    async function* chunks() {
      for (const p of pieces) yield p;
    }
    const file = path.join(temp, "async.json");
    await writeChunksAtomically(file, chunks());
    expect(readFileSync(file).equals(expected(pieces))).toBe(true);
  });

  it("leaves the old file and no temporary file when the pieces fail", async () => {
    const file = path.join(temp, "kept.json");
    writeFileSync(file, "old");
    function* failing() {
      yield "x".repeat(5_000_000);
      throw new Error("encoder failed");
    }
    await expect(writeChunksAtomically(file, failing())).rejects.toThrow("encoder failed");
    expect(readFileSync(file, "utf8")).toBe("old");
    expect(readdirSync(temp).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
