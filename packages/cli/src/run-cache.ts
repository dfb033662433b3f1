/**
 * Reusing a whole `analyze` result: when the options, the code of static-inspect, the files found and
 * their bytes, and every module lookup the previous run made on the search roots (the file found, or
 * none, and that file's bytes) are unchanged, the bundle it wrote is written again as it was. An
 * unchanged re-run then costs finding and hashing the files, not parsing or linking them.
 *
 * On disk: `DIR/runs/v2/<key>.json` (the record below) and the bundle's bytes in the file the record
 * names (`<key>.<pid>-<time>.bundle`: a hard link to the output the run wrote, or a copy where the
 * cache is on another file system), both made atomically; a record that does not parse, names another
 * key, or whose bundle is missing or of another size or mtime is ignored (and replaced by the next full
 * run). A file is hashed only when its stat stamp differs from the one recorded (see {@link stampOf}).
 * Beside the record, `<key>.parts.json` says where each part of the objects is in that bundle,
 * for a run whose files changed to write the parts that did not change from it (see `part-index.ts`).
 */
import { createHash } from "node:crypto";
import { copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { codeFingerprint, findModule, listedDisk, type Program, type SourceFile } from "@static-inspect/analyzer";
import type { PartCache } from "@static-inspect/emit";
import { keptParts, storePartIndex, type KeptParts } from "./part-index.ts";

const FORMAT = "v2";

/** What the summary line of a reused run prints, as the full run counted it. */
export interface RunCounts {
  readonly modules: number;
  readonly objects: number;
  readonly diagnostics: number;
  readonly errors: number;
  readonly entries: number;
}

interface RunRecord {
  readonly key: string;
  /** Each file, the hash of the bytes analysed, and its stamp when it can stand for those bytes. */
  readonly files: readonly (readonly [SourceFile, string | null, Stamp | null])[];
  readonly roots: readonly string[];
  /** Module name, the file found (or none), the hash of its bytes when they were read, and its stamp (as for files). */
  readonly lookups: readonly (readonly [string, SourceFile | null, string | null, Stamp | null])[];
  /**
   * The folders whose listings gave those lookups' answers, each with its stamp (`null`: not there),
   * when they can stand for the answers (see {@link listingStamps}); else `null`.
   */
  readonly listings: readonly (readonly [string, Stamp | null])[] | null;
  readonly counts: RunCounts;
  /**
   * The file (in the same folder) holding this run's bundle — a hard link to the output written, else a
   * copy — and its size and mtime (ms) then.
   */
  readonly bundleFile: string;
  readonly bundleBytes: number;
  readonly bundleMtimeMs: number;
}

/** SHA-256 of a file's bytes, or `null` for a namespace package folder or an unreadable file. */
function contentHash(file: SourceFile): string | null {
  if (file.namespace) return null;
  try {
    return createHash("sha256").update(readFileSync(file.bytesPath ? Buffer.from(file.bytesPath) : file.path)).digest("hex");
  } catch {
    return null;
  }
}

/** What `stat` says of a file that changes when its bytes do: size, mtime and ctime (ms), inode. */
type Stamp = readonly [number, number, number, number];

/**
 * The margin (ms) before the start of the run that stored a stamp within which a file's mtime or
 * ctime makes it "racy": changed so close to the run that it may have changed again after its bytes
 * were read, with a stamp that does not show it (file times are coarser than the clock).
 */
const RACY_MS = 2000;

/**
 * The stamp of `file` now, or `null` (a namespace folder, an unreadable file). A stored stamp stands
 * for the bytes hashed with it (so a later run that finds the same stamp need not read the file) only
 * when the file's mtime and ctime are older than the storing run's start by {@link RACY_MS}: a file
 * modified since (or during) the run is hashed by the next run. The ctime, which no program can set
 * back, catches a file rewritten with its old mtime restored (`rsync -t`, `touch -d`); the inode, a
 * file replaced by another. The rule of git's index and mypy's cache.
 */
function stampOf(file: SourceFile): Stamp | null {
  return file.namespace ? null : statStamp(file.bytesPath ? Buffer.from(file.bytesPath) : file.path, false);
}

/** The stamp of a folder (as {@link stampOf}'s of a file), `null` when there is none to list. */
const folderStamp = (dir: string): Stamp | null => statStamp(dir, true);

/** The {@link Stamp} of what is at `where` (a folder when `folder`, else a file), or `null` when there is none. */
function statStamp(where: string | Buffer, folder: boolean): Stamp | null {
  try {
    const st = statSync(where);
    return st.isDirectory() === folder ? [st.size, st.mtimeMs, st.ctimeMs, st.ino] : null;
  } catch {
    return null;
  }
}

/** Whether a stamp's mtime and ctime are older than this process's start by {@link RACY_MS} (see {@link stampOf}). */
const settled = (stamp: Stamp): boolean => stamp[1] < performance.timeOrigin - RACY_MS && stamp[2] < performance.timeOrigin - RACY_MS;

/**
 * The folders a finder lists to look up `names` on `roots`, with their stamps, when those stamps can
 * stand for the answers: no answer came from off the listings (a symbolic link is checked on disk,
 * and its target can change under an unchanged folder) and no folder changed within {@link RACY_MS}
 * of this run's start (a name added in the same tick as a listing leaves the same mtime). Else `null`:
 * the next run looks every module up again.
 */
function listingStamps(names: readonly string[], roots: readonly string[]): (readonly [string, Stamp | null])[] | null {
  const dirs = new Set<string>();
  let offListing = false;
  const tree = listedDisk(undefined, { listed: (dir) => dirs.add(dir), offListing: () => (offListing = true) });
  for (const name of names) findModule(name, roots, tree);
  if (offListing) return null;
  const stamps = [...dirs].map((dir) => [dir, folderStamp(dir)] as const);
  return stamps.every(([, st]) => st === null || settled(st)) ? stamps : null;
}

/** {@link stampOf} `file` when it may be stored with the hash of bytes read by this process (see there), else `null`. */
function storableStamp(file: SourceFile): Stamp | null {
  const stamp = stampOf(file);
  return stamp !== null && settled(stamp) ? stamp : null;
}

const sameStamp = (a: Stamp | null, b: Stamp | null): boolean => a !== null && b !== null && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];

/** Whether `file`'s bytes are still those of `hash`: by its stamp when the recorded one stands for them, else by hashing. */
const unchanged = (file: SourceFile, hash: string | null, stamp: Stamp | null): boolean =>
  (hash !== null && stamp !== null && sameStamp(stampOf(file), stamp)) || contentHash(file) === hash;

/** Names, sizes and mtimes of the analyzer's data files (builtins, stdlib facts). */
function dataStamp(): string {
  try {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve("@static-inspect/analyzer/package.json")), "data");
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true })
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .flatMap((e) => {
          const full = path.join(d, e.name);
          if (e.isDirectory()) return walk(full);
          const st = statSync(full);
          return [`${full.slice(dir.length)}:${st.size}:${st.mtimeMs}`];
        });
    return walk(dir).join("\n");
  } catch {
    return "";
  }
}

const sameFile = (a: SourceFile | null, b: SourceFile | null): boolean =>
  a === null || b === null
    ? a === b
    : a.path === b.path && a.module === b.module && a.isPackage === b.isPackage && Boolean(a.namespace) === Boolean(b.namespace);

/** A cache of whole runs in `dir` (see the module comment). */
export class RunCache {
  private readonly folder: string;
  private readonly key: string;

  /**
   * @param dir The cache folder.
   * @param options Everything else the bundle depends on, as JSON-able data (target, paths, roots,
   *   exclusions, emit options); the code fingerprint and data stamps are added here.
   */
  constructor(dir: string, options: unknown) {
    this.folder = path.join(dir, "runs", FORMAT);
    this.key = createHash("sha256")
      .update(JSON.stringify([FORMAT, codeFingerprint(["@static-inspect/parser", "@static-inspect/analyzer", "@static-inspect/emit", "@static-inspect/cli"]), dataStamp(), options]))
      .digest("hex");
  }

  private get record(): string {
    return path.join(this.folder, `${this.key}.json`);
  }


  /**
   * The stored bundle's path and counts when the run with these `files` (as discovery found them)
   * would give the same bundle, else `null`. Never throws.
   */
  reusable(files: readonly SourceFile[]): { bundle: string; counts: RunCounts } | null {
    try {
      const record = JSON.parse(readFileSync(this.record, "utf8")) as RunRecord;
      if (record.key !== this.key || typeof record.bundleFile !== "string" || path.basename(record.bundleFile) !== record.bundleFile) return null;
      const bundle = path.join(this.folder, record.bundleFile);
      // A kept bundle changed in place (through the output's name, when it is a hard link) has another mtime.
      const kept = statSync(bundle);
      if (kept.size !== record.bundleBytes || kept.mtimeMs !== record.bundleMtimeMs || record.files.length !== files.length) return null;
      for (let i = 0; i < files.length; i++) {
        const [file, hash, stamp] = record.files[i]!;
        if (!sameFile(file, files[i]!) || !unchanged(files[i]!, hash, stamp)) return null;
      }
      // Unchanged folders give the same answers: then only the bytes of the files found are checked.
      const listed = record.listings?.every(([dir, stamp]) => (stamp === null ? folderStamp(dir) === null : sameStamp(folderStamp(dir), stamp))) ?? false;
      const tree = listed ? null : listedDisk();
      for (const [name, file, hash, stamp] of record.lookups) {
        const found = tree ? findModule(name, record.roots, tree) : file;
        if (!sameFile(found, file) || (found !== null && hash !== null && !unchanged(found, hash, stamp))) return null;
      }
      return { bundle, counts: record.counts };
    } catch {
      return null; // a missing, corrupt or foreign record, or a file system error: a full run
    }
  }

  /**
   * The bundle parts the last full run with these options kept, for a run that could not reuse the
   * whole result (see {@link keptParts}); close it once the new bundle is written. Never throws.
   */
  keptParts(): KeptParts {
    return keptParts(this.folder, this.key);
  }

  /**
   * Stores the run that analysed `files` into `program` and wrote the bundle file `written`, with the
   * index of its `parts` when it was written with a part cache. A failure to store is ignored (the next
   * run is a full one). Never throws.
   */
  store(files: readonly SourceFile[], roots: readonly string[], program: Program, written: string, counts: RunCounts, parts?: PartCache): void {
    try {
      mkdirSync(this.folder, { recursive: true });
      const lookups = [...program.moduleLookups].map(([name, { file, sha256 }]) => [name, file, sha256, file !== null && sha256 !== null ? storableStamp(file) : null] as const);
      // Each run's bundle gets a file of its own, named in its record: a record never points at the
      // bundle of a concurrent run made from other bytes.
      const bundleFile = `${this.key}.${process.pid}-${Date.now()}.bundle`;
      const kept = path.join(this.folder, bundleFile);
      try {
        // A second name for the bytes just written (a run's output is replaced by renaming a new file
        // over it, never rewritten in place): no copy of a bundle that can be a gigabyte.
        linkSync(written, kept);
      } catch {
        // another file system, or one without hard links: a copy
        const temp = `${kept}.tmp`;
        copyFileSync(written, temp);
        renameSync(temp, kept);
      }
      const { size: bundleBytes, mtimeMs: bundleMtimeMs } = statSync(kept);
      // The hashes of the bytes analysed, not of the files now (one may have changed since).
      const analysed = new Map(program.emitted.map((s) => [s.path, s.sha256]));
      const recorded = files.map((f) => {
        const hash = f.namespace ? null : (analysed.get(f.path) ?? ""); // "": not analysed, never matches
        return [f, hash, hash ? storableStamp(f) : null] as const;
      });
      const listings = listingStamps(lookups.map(([name]) => name), roots);
      const record: RunRecord = { key: this.key, files: recorded, roots, lookups, listings, counts, bundleFile, bundleBytes, bundleMtimeMs };
      writeFileAtomic.sync(this.record, JSON.stringify(record), { fsync: false });
      if (parts) {
        try {
          storePartIndex(this.folder, this.key, bundleFile, { size: bundleBytes, mtimeMs: bundleMtimeMs }, parts);
        } catch {
          // the next run that cannot reuse the whole result makes every part
        }
      }
      // Earlier bundles of this key are no longer named by the record (one a concurrent run still
      // names is only a miss for the next run, never a wrong bundle).
      for (const f of readdirSync(this.folder)) {
        if (f.startsWith(`${this.key}.`) && f.endsWith(".bundle") && f !== bundleFile) rmSync(path.join(this.folder, f), { force: true });
      }
    } catch {
      // the next run analyses again
    }
  }
}
