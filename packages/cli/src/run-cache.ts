/**
 * Reusing a whole `analyze` result: when the options, the code of static-inspect, the files found and
 * their bytes, and every module lookup the previous run made on the search roots (the file found, or
 * none, and that file's bytes) are unchanged, the bundle it wrote is written again as it was. An
 * unchanged re-run then costs finding and hashing the files, not parsing or linking them.
 *
 * On disk: `DIR/runs/v1/<key>.json` (the record below) and the bundle's bytes in the file the record
 * names (`<key>.<pid>-<time>.bundle`: a hard link to the output the run wrote, or a copy where the
 * cache is on another file system), both made atomically; a record that does not parse, names another
 * key, or whose bundle is missing or of another size or mtime is ignored (and replaced by the next full
 * run). Beside the record, `<key>.parts.json` says where each part of the objects is in that bundle,
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

const FORMAT = "v1";

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
  readonly files: readonly (readonly [SourceFile, string | null])[];
  readonly roots: readonly string[];
  /** Module name, the file found (or none), and the hash of its bytes when they were read. */
  readonly lookups: readonly (readonly [string, SourceFile | null, string | null])[];
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
        const [file, hash] = record.files[i]!;
        if (!sameFile(file, files[i]!) || contentHash(files[i]!) !== hash) return null;
      }
      const tree = listedDisk();
      for (const [name, file, hash] of record.lookups) {
        const found = findModule(name, record.roots, tree);
        if (!sameFile(found, file) || (found !== null && hash !== null && contentHash(found) !== hash)) return null;
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
      const lookups = [...program.moduleLookups].map(([name, { file, sha256 }]) => [name, file, sha256] as const);
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
      const record: RunRecord = { key: this.key, files: files.map((f) => [f, f.namespace ? null : (analysed.get(f.path) ?? "")] as const), roots, lookups, counts, bundleFile, bundleBytes, bundleMtimeMs };
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
