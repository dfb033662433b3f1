/**
 * Writing an output file atomically: the whole new content or the old file, never a half-written
 * one — also when the run is interrupted (SIGINT, SIGTERM, SIGHUP) or an earlier run was killed.
 */
import { closeSync, copyFileSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * Text is encoded into a buffer of this many bytes, written when the next piece might not fit; the
 * event loop runs between writes. A piece that might not fit an empty buffer (a UTF-16 code unit is at
 * most 3 bytes of UTF-8) is written by itself.
 */
const BUFFER_BYTES = 1 << 22;

/** The signals during which a write in progress removes its temporary file before the process ends. */
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** `.<name>.<pid>.<ms since epoch>.tmp`: the temporary file beside `<name>` that {@link writeChunksAtomically} renames over it. */
const TEMP = /^\.(.+)\.(\d+)\.(\d+)\.tmp$/;

/** The name of the temporary file {@link writeChunksAtomically} uses for `file` in this process. */
export function tempFileFor(file: string, pid: number = process.pid, now: number = Date.now()): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${pid}.${now}.tmp`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, but another user's
  }
}

/**
 * Removes the temporary files that earlier writes of `file` left behind when their process died
 * (killed with SIGKILL, a power cut): files named `.<name>.<pid>.<time>.tmp` beside `file` whose pid
 * is not a running process. Files of running processes (another write of the same output under way)
 * are left alone. Returns the paths removed. Never throws.
 */
export function removeStaleTempFiles(file: string): string[] {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const m = TEMP.exec(entry);
    if (!m || m[1] !== name) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || isAlive(pid)) continue;
    try {
      rmSync(path.join(dir, entry), { force: true });
      removed.push(path.join(dir, entry));
    } catch {
      // not ours to remove (permissions): leave it, it is ignored anyway
    }
  }
  return removed;
}

/**
 * Writes pieces of text (UTF-8) or bytes to `file` atomically: creates missing parent folders, removes stale temporary
 * files of dead processes ({@link removeStaleTempFiles}), writes into a temporary file beside `file`
 * ({@link tempFileFor}), flushes it to disk and renames it over `file`. On an error the temporary file
 * is removed and `file` is left as it was; the error is rethrown (an `fs` error: `EACCES`, `ENOSPC`, …).
 *
 * While the write is under way, SIGINT, SIGTERM and SIGHUP remove the temporary file and then end the
 * process by the same signal (its default action), so `file` keeps its previous content. Between
 * writes of about 4 MB the event loop runs, so a signal is handled within one write.
 *
 * (One writer for every output: a bundle of a whole environment exceeds the longest string.)
 */
export async function writeChunksAtomically(file: string, chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  removeStaleTempFiles(file);
  const tmp = tempFileFor(file);
  let fd: number | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      fd = null;
    }
    rmSync(tmp, { force: true });
    stopListening();
    process.kill(process.pid, signal); // no listener left: the signal's default action ends the process
  };
  const stopListening = () => {
    for (const s of SIGNALS) process.removeListener(s, onSignal);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    fd = openSync(tmp, "w");
    const out = fd;
    // One buffer for the whole file, encoded into as the pieces come: no joined string per write,
    // nor a new buffer for each (writing the stdlib's 92 MB bundle: 245 → 55 ms of CPU).
    // The same bytes as writing the strings: `Buffer.write` encodes as `writeSync` does (a lone
    // surrogate as U+FFFD).
    const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    let used = 0;
    const writeBytes = (bytes: Uint8Array, length: number) => {
      for (let done = 0; done < length; ) done += writeSync(out, bytes, done, length - done);
    };
    const flush = () => {
      writeBytes(buffer, used);
      used = 0;
    };
    /** Adds one chunk; true when bytes were written (then the event loop should run). */
    const add = (chunk: string | Uint8Array): boolean => {
      if (typeof chunk !== "string") {
        // Bytes (a binary output such as objects.inv, a part read back) are written as they are, after the text before them.
        flush();
        writeBytes(chunk, chunk.length);
        return false;
      }
      if (chunk.length * 3 <= BUFFER_BYTES - used) {
        used += buffer.write(chunk, used, "utf8");
        return false;
      }
      flush();
      if (chunk.length * 3 <= BUFFER_BYTES) used = buffer.write(chunk, 0, "utf8");
      else {
        const bytes = Buffer.from(chunk, "utf8");
        writeBytes(bytes, bytes.length);
      }
      return true;
    };
    const interrupted = async () => {
      await new Promise<void>((resolve) => setImmediate(resolve)); // let a pending signal be handled
      return fd === null; // the process is ending
    };
    // A synchronous iterable (a bundle's millions of chunks) is read without an await per chunk.
    if (Symbol.asyncIterator in chunks) {
      for await (const chunk of chunks) if (add(chunk) && (await interrupted())) return;
    } else {
      for (const chunk of chunks) if (add(chunk) && (await interrupted())) return;
    }
    flush();
    fsyncSync(out);
    closeSync(out);
    fd = null;
    renameSync(tmp, file);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    fd = null;
    rmSync(tmp, { force: true });
    throw error;
  } finally {
    stopListening();
  }
}

/**
 * Makes `file` hold the bytes of the existing file `source`, atomically (a temporary name beside it,
 * renamed over it): as a second name of `source` (a hard link: no byte is copied, and the data were
 * made durable when `source` was written) where the file system allows, else as a copy (by the
 * kernel, a reflink where supported), fsynced. `source` must never be rewritten in place afterwards
 * (the run cache's kept bundles are not: each is replaced by a new file). Stale temporary files of
 * `file` are removed first, as {@link writeChunksAtomically} does. Nothing is written when `file` is
 * already a name of `source`.
 * @throws the I/O error of the link, copy or rename (the temporary file is removed).
 */
export function writeFileFromAtomically(file: string, source: string): void {
  const [have, from] = [statSync(file, { throwIfNoEntry: false }), statSync(source)];
  // Already a name of `source` (the last run's output): nothing to write. (A rename between two names
  // of one file would do nothing and leave the temporary name behind.)
  if (have && have.ino === from.ino && have.dev === from.dev) return;
  mkdirSync(path.dirname(file), { recursive: true });
  removeStaleTempFiles(file);
  const tmp = tempFileFor(file);
  try {
    try {
      linkSync(source, tmp);
    } catch {
      // another file system, or one without hard links
      copyFileSync(source, tmp);
      const fd = openSync(tmp, "r+");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true }); // gone after the rename; left only by an error
  }
}
