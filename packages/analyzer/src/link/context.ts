/**
 * The state one link pass works on: the module summaries (given, and read on demand from the search
 * roots), the builtins data, the target, and the memo tables of the linker's pure rules.
 */
import type { Diagnostic } from "@static-inspect/parser";
import type { BuiltinsData } from "../data/builtins.ts";
import type { Target } from "../bind/conditions.ts";
import type { DefinedObject } from "../model/objects.ts";
import type { ModuleSummary } from "../model/summary.ts";
import type { ClassView } from "./classes.ts";
import type { NamespaceView } from "./namespace.ts";
import { specialize, type ModuleExists } from "./guards.ts";
import { staticallyDefines } from "./defines.ts";
import { resolveName } from "./resolve.ts";
import { formatId, parseId } from "../ids.ts";

/** The prefix of the report keys that stand for a module read (see `LinkContext.read`): no report's key starts so. */
const READ = "read\0";

/** Loads a module that was not given to the analyser (read on demand from the search roots). */
export type ModuleLoader = (name: string) => ModuleSummary | null;

/** The memo tables whose entries keep the reports and module reads their computation implied (see `LinkContext.computing`). */
export type ImpliedTable = "class" | "mro" | "namespace" | "all" | "enum";

/** A diagnostic as the linker reports it; severity defaults to `warning`. */
export type LinkDiagnostic = Omit<Diagnostic, "severity"> & { severity?: Diagnostic["severity"] };

/**
 * The linker's working state. Every rule of `link/`, `plugins/` and `query/` is a function of this
 * context and its arguments; the memo tables only remember answers, so an answer never depends on
 * which questions were asked before it.
 *
 * Diagnostics are collected while the link pass runs; {@link LinkContext.freeze} ends the pass, after
 * which a report reaches the program's diagnostics only through the views that imply it (see
 * {@link LinkContext.computing}), so a program's diagnostics do not depend on which other queries ran,
 * nor on the order its views were computed in. The same frames carry the modules each computation
 * read ({@link LinkContext.read}), so what an answer depends on is known whichever computation first
 * made the memos it reads ({@link LinkContext.dependencies}). A rule reaches a module's summary,
 * objects and lookups only through this context (`module`, `summaryOf`, `object`, `hasObject`,
 * `canImport`, `findable`), which records the read; a memo kept outside it records it on each use.
 */
export class LinkContext {
  private readonly summaries = new Map<string, ModuleSummary | null>();
  private readonly objectIndex = new Map<string, DefinedObject>();
  private readonly shadowCache = new Map<string, boolean>();
  private readonly diagnosticList: Diagnostic[] = [];
  private readonly reported = new Set<string>();
  private frozen = false;

  /** Memo tables of the linker's rules (see the modules that own them). */
  readonly classCache = new Map<string, ClassView | null>();
  readonly mroCache = new Map<string, readonly string[] | null>();
  /** Classes whose MRO is being computed (to find inheritance cycles). */
  readonly mroActive = new Set<string>();
  readonly namespaceCache = new Map<string, NamespaceView | null>();
  readonly allCache = new Map<string, readonly string[] | null>();
  /** Per module, the `functools.wraps` helpers nested in each function (see `query/wrappers.ts`). */
  readonly wrapsIndex = new Map<string, ReadonlyMap<string, readonly DefinedObject[]>>();
  /** Names being resolved (`module\0name\0line`), to tell a cycle from a long chain. */
  readonly resolving = new Set<string>();

  /**
   * @param emitted Summaries of the modules given to the analyser, in order.
   * @param builtins The builtins data of the target version.
   * @param loader Reads other modules on demand; returns `null` for modules it cannot find.
   * @param target The interpreter analysed for.
   * @param exists Whether the target can import a module, deciding import guards (see `link/guards.ts`).
   * @param found Diagnostics of finding the files (listed first).
   */
  constructor(
    given: readonly ModuleSummary[],
    readonly builtins: BuiltinsData,
    private readonly loader: ModuleLoader,
    readonly target: Target,
    private readonly exists: ModuleExists,
    private readonly found: readonly Diagnostic[] = [],
  ) {
    for (const s of given) if (!this.raw.has(s.name)) this.raw.set(s.name, s);
    this.emitted = given.map((s) => this.addSummary(s));
  }

  /** Summaries as bound, import guards not yet decided (what deciding a guard reads), by module name. */
  private readonly raw = new Map<string, ModuleSummary | null>();

  /** The summary of module `name` as bound (guards undecided), loading it once; `null` when not found. */
  private rawModule(name: string): ModuleSummary | null {
    this.read(name);
    if (!this.raw.has(name)) this.raw.set(name, this.loader(name));
    return this.raw.get(name)!;
  }

  /** Whether module `module` defines `name` on the target, for deciding guards (see `link/defines.ts`). */
  private readonly defines = (module: string, name: string, fromImport: boolean): boolean | null =>
    staticallyDefines({ summary: (m) => this.rawModule(m), builtins: this.builtins, exists: this.lookup }, module, name, fromImport);

  /** Whether the finder finds module `name` (`exists`), read as a dependency (see {@link LinkContext.read}). */
  private readonly lookup: ModuleExists = (name) => {
    this.read(name);
    return this.exists(name);
  };

  /** The given modules' summaries as they run on the target (import guards decided), in order. */
  readonly emitted: readonly ModuleSummary[];

  private addSummary(given: ModuleSummary): ModuleSummary {
    // Deciding the guards reads other modules: what reading this summary implies, wherever it is read.
    const reads = new Set<string>();
    const s = this.computing(() => specialize(given, this.lookup, this.defines), undefined, reads);
    reads.delete(this.readKey(s.name));
    if (reads.size > 0 && !this.guardReads.has(s.name)) this.guardReads.set(s.name, [...reads]);
    if (!this.summaries.get(s.name)) this.summaries.set(s.name, s);
    for (const o of s.objects) this.objectIndex.set(o.id, o);
    return s;
  }

  /** Diagnostics of finding the files, of every given module, then of linking, in a stable order. */
  get diagnostics(): readonly Diagnostic[] {
    return [...this.found, ...this.emitted.flatMap((s) => s.diagnostics), ...this.diagnosticList];
  }

  /**
   * Records a diagnostic once per `key`: into the program's list while the link pass runs; always as
   * a report the computations under way imply (see {@link LinkContext.computing}), which is how the
   * views made after the pass find theirs.
   */
  report(key: string, d: LinkDiagnostic): void {
    if (!this.byKey.has(key)) this.byKey.set(key, { severity: "warning", ...d });
    const frame = this.frames[this.frames.length - 1];
    if (frame) frame.add(key);
    if (this.frozen || this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnosticList.push(this.byKey.get(key)!);
  }

  /** Ends the link pass: later reports reach the program's diagnostics only as views imply them (see the class doc). */
  freeze(): void {
    this.frozen = true;
  }

  /** Whether the link pass reported `key` (it is among the program's diagnostics already). */
  reportedInLink(key: string): boolean {
    return this.reported.has(key);
  }

  /** The diagnostic first reported under `key`. */
  reportOf(key: string): Diagnostic | null {
    return this.byKey.get(key) ?? null;
  }

  /** Every report by key, the first of each (also those made after the link pass). */
  private readonly byKey = new Map<string, Diagnostic>();
  /** The report keys collected by the computations under way, innermost last. */
  private readonly frames: Set<string>[] = [];
  /**
   * Per memo table of the linker's rules, the report keys each entry's computation implied (non-empty
   * ones only), as arrays: a set per entry took three times the memory.
   */
  private readonly implied: Record<ImpliedTable, Map<string, readonly string[]>> = { class: new Map(), mro: new Map(), namespace: new Map(), all: new Map(), enum: new Map() };

  /**
   * Runs `compute`, collecting the report keys it implies: those it reports and those of every memoised
   * answer it reads (see {@link LinkContext.touch}); they count for the computation around it too.
   * With `memo`, they are kept as the implied reports of that memo table's entry. A view computed
   * after the link pass is such a computation: its diagnostics are what it implies, whichever view
   * computed a memoised answer first, so views can be computed in any order, or not at all.
   */
  computing<T>(compute: () => T, memo?: { readonly table: ImpliedTable; readonly id: string }, into?: Set<string>): T {
    const frame = into ?? new Set<string>();
    this.frames.push(frame);
    try {
      return compute();
    } finally {
      this.frames.pop();
      if (frame.size > 0) {
        if (memo) this.implied[memo.table].set(memo.id, [...frame]);
        const parent = this.frames[this.frames.length - 1];
        if (parent) for (const k of frame) parent.add(k);
      }
    }
  }

  /**
   * Module `name` (its summary, its objects, or whether the finder finds it) is read by the
   * computation under way: it depends on the bytes of that module, or on the lookup's answer when
   * there is no file. Recorded as the key `read\0<name>` in the frames of the computations under way
   * (see {@link LinkContext.computing}), with what deciding that module's import guards read; a
   * memoised answer read again implies the reads of its computation as it implies its reports. What
   * {@link LinkContext.dependencies} collects.
   */
  read(name: string): void {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) return;
    frame.add(this.readKey(name));
    const implied = this.guardReads.get(name);
    if (implied) for (const k of implied) frame.add(k);
  }

  /**
   * Runs `compute` and returns its value with the names of the modules it read (see
   * {@link LinkContext.read}), each once, in the order first read: what the answer can depend on,
   * besides the options. The reads count for the computation around it too.
   */
  dependencies<T>(compute: () => T): { readonly value: T; readonly reads: readonly string[] } {
    const frame = new Set<string>();
    const value = this.computing(compute, undefined, frame);
    const reads: string[] = [];
    for (const k of frame) {
      const name = this.readNames.get(k);
      if (name !== undefined) reads.push(name);
    }
    return { value, reads };
  }

  /**
   * The report keys among `keys` (those a computation implied: report keys and the read keys of
   * {@link LinkContext.read}), in order; `none` when there are none.
   */
  reportKeys(keys: Iterable<string>, none: readonly string[]): readonly string[] {
    const out: string[] = [];
    for (const k of keys) if (!k.startsWith(READ)) out.push(k);
    return out.length > 0 ? out : none;
  }

  /** The key of {@link LinkContext.read} for module `name`, one string per name. */
  private readKey(name: string): string {
    let key = this.readKeys.get(name);
    if (key === undefined) {
      this.readKeys.set(name, (key = READ + name));
      this.readNames.set(key, name);
    }
    return key;
  }

  private readonly readKeys = new Map<string, string>();
  /**
   * The module name of each read key: {@link LinkContext.dependencies} hands out one string per
   * name, not a slice of the key per call (kept by every bundle part's dependencies).
   */
  private readonly readNames = new Map<string, string>();
  /** Per module, what deciding its import guards read (`read\0…` keys; none when empty). */
  private readonly guardReads = new Map<string, readonly string[]>();

  /** A memoised answer of `table` for `id` read again: the report keys its computation implied count for the computation under way. */
  touch(table: ImpliedTable, id: string): void {
    const keys = this.implied[table].get(id);
    if (keys) this.imply(keys);
  }

  /** Report keys that count for the computation under way (an answer memoised elsewhere read again). */
  imply(keys: Iterable<string>): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame) for (const k of keys) frame.add(k);
  }

  /**
   * The line at which module-level names used by a definition's header (bases, decorators, defaults,
   * annotations) are looked up: its first line, for definitions that run at import time; `undefined`
   * (the module's final state) inside functions, which run later.
   */
  runLine(o: DefinedObject): number | undefined {
    return o.qualname?.includes("<locals>") ? undefined : o.span.line;
  }

  /** The summary of module `name`, loading it on demand; `null` when it cannot be found. */
  module(name: string): ModuleSummary | null {
    this.read(name);
    if (this.summaries.has(name)) {
      const known = this.summaries.get(name)!;
      if (known && known.name !== name) this.read(known.name); // `os.path` read as `posixpath`
      return known;
    }
    this.summaries.set(name, null); // guards against re-entrance while loading
    let s = this.rawModule(name);
    if (s) s = this.addSummary(s);
    else if (name.includes(".")) {
      // `os.path`: no file, but the parent binds the name to a module it registers in sys.modules.
      const dot = name.lastIndexOf(".");
      const parent = name.slice(0, dot);
      if (this.module(parent)?.scope[name.slice(dot + 1)]) {
        const r = resolveName(this, parent, name.slice(dot + 1));
        if (r.kind === "module" && r.name !== name) s = this.module(r.name);
      }
      this.summaries.set(name, s);
    }
    return s;
  }

  /**
   * The SHA-256 of the bytes {@link LinkContext.module} reads for `name` (`null` when it finds none),
   * without deciding the import guards of a module not read yet: its summary as bound is enough
   * (deciding guards keeps the digest). Reads through the parent (`os.path`) as `module` does when
   * `name` has no file of its own.
   */
  moduleSha256(name: string): string | null {
    this.read(name);
    if (this.summaries.has(name)) return this.summaries.get(name)?.sha256 ?? null;
    return this.rawModule(name)?.sha256 ?? this.module(name)?.sha256 ?? null;
  }

  /**
   * Whether the target can import module `name`, reading no module the answer does not need: one
   * already read, a C module of the builtins data, or one the finder finds (a file or a namespace
   * folder) is importable as it stands; else the module is loaded, for the submodule a parent binds
   * and registers without a file of its own (`os.path`).
   */
  canImport(name: string): boolean {
    this.read(name);
    if (this.summaries.get(name) || name in this.builtins.modules || name === "builtins") return true;
    if (this.exists(name) === true) return true;
    return this.module(name) !== null;
  }

  /** Whether module `name` is given, in the builtins data or found on the search roots; reads no module. */
  findable(name: string): boolean {
    this.read(name);
    return this.exists(name) === true;
  }

  /** The names of every module read so far (given or loaded), each once, in the order first asked for. */
  loadedModules(): string[] {
    return [...this.summaries].filter(([, s]) => s !== null).map(([name]) => name);
  }

  /** The summary of a module already read (never loads). */
  summaryOf(moduleName: string): ModuleSummary | null {
    this.read(moduleName);
    return this.summaries.get(moduleName) ?? null;
  }

  /** A defined object by id (loading its module on demand), or `null`. */
  object(id: string): DefinedObject | null {
    if (this.shadowedByC(id)) return null;
    const hit = this.objectIndex.get(id);
    if (hit) {
      this.read(hit.scope);
      return hit;
    }
    this.module(parseId(id).module);
    return this.objectIndex.get(id) ?? null;
  }

  /** Whether an object with this id has been read (never loads). */
  hasObject(id: string): boolean {
    this.read(parseId(id).module);
    return this.objectIndex.has(id);
  }

  /** Whether `id` lies inside a class that the builtins data says is implemented in C (`collections:OrderedDict.__init__`). */
  private shadowedByC(id: string): boolean {
    // Only an id inside a class can be (a dotted qualname): most ids are answered without the cache's lookup.
    const colon = id.indexOf(":");
    if (colon < 0 || id.indexOf(".", colon) < 0) return false;
    let hit = this.shadowCache.get(id);
    if (hit === undefined) this.shadowCache.set(id, (hit = this.computeShadowedByC(id)));
    return hit;
  }

  private computeShadowedByC(id: string): boolean {
    const { module, qualname } = parseId(id);
    const parts = qualname?.split(".") ?? [];
    for (let i = 1; i < parts.length; i++) {
      if (this.builtins.objects[formatId(module, parts.slice(0, i).join("."))]?.kind === "class") return true;
    }
    return false;
  }
}
