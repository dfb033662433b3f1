/**
 * The linked program and its query API in `inspect`'s own terms. A `Program` is made by `analyze`
 * (bind → link → views); it is readonly: its diagnostics are fixed when it is made.
 */
import type { SourceFile } from "./discover.ts";
import type { Diagnostic } from "@static-inspect/parser";
import type { SummaryExpression } from "./model/expressions.ts";
import type { BuiltinsData } from "./data/builtins.ts";
import type { Target } from "./bind/conditions.ts";
import type { Alternative, AttributeDoc, DefinedObject } from "./model/objects.ts";
import { alternatives, attributeDoc } from "./query/availability.ts";
import type { ModuleSummary } from "./model/summary.ts";
import { all } from "./link/all.ts";
import { bases, classView, metaclass } from "./link/classes.ts";
import type { LinkContext } from "./link/context.ts";
import { getattr_static, getmembers_static, type Member, type StaticAttribute } from "./link/members.ts";
import { moduleMembers, type ModuleMember } from "./link/module-members.ts";
import { getmro } from "./link/mro.ts";
import { namespace } from "./link/namespace.ts";
import type { DependencyState, DependencyStates } from "./query/dependencies.ts";
import { hasName, moduleExists, resolveExpression, resolveFrom, resolveName, type Ref } from "./link/resolve.ts";
import { plugins } from "./plugins/index.ts";
import { annotationRefs, annotationView, formatAnnotation, get_annotations } from "./query/annotations.ts";
import { getclosurevars, type ClosureVars } from "./query/closurevars.ts";
import { fullargspecOf } from "./query/argspec.ts";
import { getclasstree, type ClassTree } from "./query/classtree.ts";
import type { FullArgSpec } from "./query/fullargspec.ts";
import { getcomments, getdoc, getsourcelines, rawDoc } from "./query/docs.ts";
import { getfile, getmodule, getmodulename, getsourcefile, moduleAttribute, moduleMembers as moduleDictMembers } from "./query/modules.ts";
import { stdlibFacts } from "./data/stdlib.ts";
import { codeFlags, isAbstract, predicates, type Predicates } from "./query/predicates.ts";
import { overloads, signature, type AnnotationView, type InspectSignature } from "./query/signature.ts";
import { defaultRepr } from "./query/values.ts";
import type { InspectView, Views } from "./query/views.ts";
import { wrapped, wrapsWrapper } from "./query/wrappers.ts";

/**
 * A whole program: the analysed modules (`emitted`) plus the modules they reach, linked.
 *
 * Queries take object ids (`module:qualname`; a module's id is its name) and never throw on
 * Python-level problems: unknown facts are `null`, and the reasons are in {@link Program.diagnostics}.
 * For objects of the emitted modules every answer was computed when the program was made (see
 * {@link Program.view}); for other objects (a base class in the stdlib) it is derived on demand by
 * the same rules, memoised, and never adds a diagnostic.
 */
export class Program {
  /**
   * @param cx The link context, already linked and frozen.
   * @param views The inspect views of the emitted modules' objects.
   * @param lookups The modules looked up on the search roots so far (filled as queries reach more).
   */
  constructor(
    private readonly cx: LinkContext,
    private readonly views: Views,
    private readonly lookups: ReadonlyMap<string, SourceFile | null> = new Map(),
  ) {}

  /**
   * Every module name looked up on the search roots so far, with the file (or namespace-package
   * folder) found, or `null` when none was, and the SHA-256 of the bytes read when the file was read
   * (`null` when only its existence was asked, and for a namespace package, which has no bytes: what it
   * holds is looked up by name, each a lookup of its own): with the given files' contents, everything the answers
   * depend on. A run cache revalidates these to reuse a whole result.
   */
  get moduleLookups(): ReadonlyMap<string, { readonly file: SourceFile | null; readonly sha256: string | null }> {
    const out = new Map<string, { file: SourceFile | null; sha256: string | null }>();
    for (const [name, file] of this.lookups) {
      const read = this.cx.summaryOf(name);
      out.set(name, { file, sha256: file && !file.namespace && read && read.path === file.path ? read.sha256 : null });
    }
    return out;
  }

  /** Summaries of the modules given to the analyser, in order. */
  get emitted(): readonly ModuleSummary[] {
    return this.cx.emitted;
  }

  /** The builtins data of the target version. */
  get builtins(): BuiltinsData {
    return this.cx.builtins;
  }

  /** The interpreter analysed for. */
  get target(): Target {
    return this.cx.target;
  }

  /** The names of the synthesized-class plugins the linker consulted (`dataclasses`, `enum`, …). */
  get plugins(): readonly string[] {
    return plugins().map((p) => p.name);
  }

  /**
   * Diagnostics of finding the files, of every given module, of linking, then those the views of the
   * given modules' objects imply (computing the views not computed yet); the same whatever queries
   * ran, in whatever order.
   */
  get diagnostics(): Diagnostic[] {
    return this.diagnosticsWith(() => false, []);
  }

  /**
   * {@link Program.diagnostics} without computing the views of the objects `kept` accepts: their
   * reports are `keptReports` instead, as {@link Program.viewReports} gave them for those objects in a
   * program where everything they depend on was the same (a bundle part written again from an
   * earlier run). Each key once.
   */
  diagnosticsWith(kept: (id: string) => boolean, keptReports: Iterable<readonly [string, Diagnostic]>): Diagnostic[] {
    const out = [...this.cx.diagnostics];
    const seen = new Set<string>();
    for (const [key, d] of this.views.reportsOf([...this.views.ids].filter((id) => !kept(id)))) {
      seen.add(key);
      out.push(d);
    }
    for (const [key, d] of keptReports) {
      if (seen.has(key) || this.cx.reportedInLink(key)) continue;
      seen.add(key);
      out.push(d);
    }
    return out;
  }

  /**
   * The reports the views of objects `ids` imply, by key (the link pass's excepted), computing those
   * views when not yet: what {@link Program.diagnosticsWith} takes back for objects whose views it does
   * not compute. A module's id stands for its `__all__` and `getmembers_static` too.
   */
  viewReports(ids: Iterable<string>): [string, Diagnostic][] {
    return this.views.reportsOf(ids);
  }

  /**
   * Lets the program drop the views it computed for objects `ids` (see `Views.release`): queries about
   * them give the same answers after, computing them again. For an emitter streaming the bundle part by
   * part, so that a program's views are not all held at once (a few hundred MB over a site-packages).
   */
  releaseViews(ids: Iterable<string>): void {
    this.views.release(ids);
  }

  /**
   * Runs `compute` (queries of this program) and returns its value with the names of the modules
   * its answers read: a summary, an object, or a lookup on the search roots (a module's guards
   * decided count as read with it), memoised answers included, as the computation that first made
   * them read them; each name once. When every one of those names has the same bytes (or, for a name
   * not read from a file, the same answer to whether it is found) in another program of the same
   * options, `compute` gives the same there: what a bundle part written again rests on (see
   * {@link Program.dependencyStates}). Nested calls count for the call around them too.
   */
  dependencies<T>(compute: () => T): { readonly value: T; readonly reads: readonly string[] } {
    return this.cx.dependencies(compute);
  }

  /** Module names read by an answer memoised outside the program (see {@link Program.dependencies}): they count for the computation under way. */
  dependOn(reads: Iterable<string>): void {
    for (const name of reads) this.cx.read(name);
  }

  /**
   * What the program had of modules `names` (those {@link Program.dependencies} gave): each with the
   * SHA-256 of the bytes read, or whether looking it up found it (`null` when never looked up). Never
   * loads a module.
   */
  dependencyStates(names: Iterable<string>): DependencyStates {
    const states = new Map<string, DependencyState>();
    for (const name of names) {
      if (states.has(name)) continue;
      const s = this.cx.summaryOf(name);
      states.set(name, { sha256: s?.sha256 ?? null, found: s ? null : this.lookedUp(name) });
    }
    return states;
  }

  /**
   * The SHA-256 of the bytes {@link Program.module} reads for `name`, `null` when it finds none: the
   * same digest, without deciding the import guards of a module not read yet (for checking what an
   * answer depended on, see {@link Program.dependencyStates}).
   */
  moduleSha256(name: string): string | null {
    return this.cx.moduleSha256(name);
  }

  /** The summary of module `name` (reading it from the search roots if needed); `null` when not found. */
  module(name: string): ModuleSummary | null {
    return this.cx.module(name);
  }

  /**
   * The docstring or `#:` comment block that documents attribute `id` (an assignment's string
   * statement right after it, in module and class bodies and for `self.x = …` in `__init__`), with
   * its text cleaned as `inspect.cleandoc` does and its `source` (`"docstring"` or `"comment"`), as
   * Sphinx autodoc's `ModuleAnalyzer.attr_docs` reads it; `null` when there is none. Apart from
   * {@link Program.getdoc}, which never returns it. Never throws.
   */
  attributeDoc(id: string): AttributeDoc | null {
    return attributeDoc(this.cx, id);
  }

  /**
   * The other branches that define `id` (`if sys.version_info >= …`, `if TYPE_CHECKING:`,
   * `try/except ImportError`, platform tests, a plain `if`/`else`): each with its tests as source
   * text and in structured form, file, line, the kind it would have, and whether it is in effect for
   * the target (`false`; `null` when not statically known). The object of `id` is the branch in
   * effect. Empty when `id` is defined once. Never throws.
   */
  alternatives(id: string): readonly Alternative[] {
    return alternatives(this.cx, id);
  }

  /** A defined object by id, or `null`. */
  object(id: string): DefinedObject | null {
    return this.cx.object(id);
  }

  /** Everything inspect says about an object of an emitted module; `null` for other ids (or one left out after a crash). */
  view(id: string): InspectView | null {
    return this.views.object(id) ?? null;
  }

  /**
   * The id of the function, class or property that an alias by assignment (`camelCase = snake_case`,
   * `__radd__ = __add__` in a class body) of an emitted module is bound to, chains followed; `null`
   * for other ids. The other queries answer for such an alias as for its target, as `inspect` does.
   */
  aliasTarget(id: string): string | null {
    return this.views.aliasTarget(id);
  }

  /** Whether `from module import name` finds something: a binding, a star-imported name, a submodule or a C attribute. */
  hasName(moduleName: string, name: string): boolean {
    return hasName(this.cx, moduleName, name);
  }

  /** Whether a module can be imported: analysed, found on the search roots, or in the builtins data. */
  moduleExists(name: string): boolean {
    return moduleExists(this.cx, name);
  }

  /**
   * Whether module `name` is given, a C module of the builtins data, or found on the search roots (a
   * file or a namespace folder), asked of the finder alone: unlike {@link Program.moduleExists}, it
   * reads no module (a submodule that only its parent registers, like `os.path`, is not findable).
   */
  moduleFindable(name: string): boolean {
    return this.cx.findable(name);
  }

  /**
   * {@link Program.moduleFindable} for a module the program looked up on the search roots so far; `null`
   * for one it never looked up (no answer asked whether it exists there), which it then does not.
   */
  lookedUp(name: string): boolean | null {
    return this.lookups.has(name) ? this.cx.findable(name) : null;
  }

  /** Resolves `name` as looked up in module `moduleName`'s global namespace (at `atLine`, 1-based, or its final state), then builtins. */
  resolveName(moduleName: string, name: string, atLine?: number): Ref {
    return resolveName(this.cx, moduleName, name, 0, atLine);
  }

  /** `from module import name`: an attribute of the module, else its submodule. */
  resolveFrom(moduleName: string, name: string): Ref {
    return resolveFrom(this.cx, moduleName, name);
  }

  /** Resolves a `Name` or dotted `Attribute` expression evaluated in module `moduleName`. */
  resolveExpression(moduleName: string, e: SummaryExpression, atLine?: number): Ref {
    return resolveExpression(this.cx, moduleName, e, 0, atLine);
  }

  /** `__all__` of a module, evaluated across modules when it is built from others'; `null` when unknown or absent. */
  all(moduleName: string): readonly string[] | null {
    const v = this.views.all(moduleName);
    return v !== undefined ? v : all(this.cx, moduleName);
  }

  /** `inspect.getmro(cls)` as ids, the class first; `null` when a base is unresolved or C3 fails. */
  getmro(id: string): readonly string[] | null {
    const v = this.views.object(id);
    return v?.mro !== undefined && v.bases !== null ? v.mro : getmro(this.cx, id);
  }

  /** Bases of a class as written, with the id each resolves to. */
  bases(id: string): readonly { text: string; id: string | null }[] | null {
    return this.views.object(id)?.bases ?? bases(this.cx, id);
  }

  /**
   * `cls.__bases__` as class ids: the bases after PEP 560's `__mro_entries__` (`List[int]` gives
   * `builtins:list` and `typing:Generic`), `["builtins:object"]` for a class written without bases,
   * `[]` for `builtins:object`; `null` when a base is unresolved or `id` is not a class.
   */
  dunderBases(id: string): readonly string[] | null {
    return classView(this.cx, id)?.bases ?? null;
  }

  /** The metaclass id: `metaclass=` if given, else the most derived of the bases' metaclasses. */
  metaclass(id: string): string | null {
    const v = this.views.object(id);
    return v?.bases ? v.metaclass : metaclass(this.cx, id);
  }

  /** The names in a class's own namespace (`cls.__dict__` keys), including those `type()` adds. */
  namespace(id: string): readonly string[] | null {
    return namespace(this.cx, id);
  }

  /**
   * `inspect.getmembers_static(obj)` names, sorted: for a class each with the class whose namespace
   * holds it (`null` when the MRO is unknown); for a module id its `__dict__` names, owned by the
   * module (`null` when the module is not found).
   */
  getmembers_static(id: string): Member[] | null {
    if (!id.includes(":")) return moduleDictMembers(this.cx, id);
    const v = this.views.object(id);
    if (v?.bases) return v.members ? [...v.members] : null;
    return getmembers_static(this.cx, id);
  }

  /**
   * `inspect.getmembers_static(module)` for module `name`: every name of its namespace, sorted, with
   * the id it resolves to and how it was bound (defined, imported, star-imported, or implicit: set by
   * the import system); `null` when the module has no source here.
   */
  moduleMembers(name: string): ModuleMember[] | null {
    const given = this.views.moduleMembers(name);
    const v = given !== undefined ? given : moduleMembers(this.cx, name);
    return v ? [...v] : null;
  }

  /** `inspect.getattr_static(obj, name)` for a class or module id, without running descriptors or `__getattr__`. */
  getattr_static(id: string, name: string): StaticAttribute | null {
    return id.includes(":") ? getattr_static(this.cx, id, name) : moduleAttribute(this.cx, id, name);
  }

  /**
   * `inspect.getmodulename(path)`: the file name without the longest import suffix of the target
   * (`.py`, `.pyc`, extension suffixes), or `null` (None). Path components split at `/` (and `\\`
   * when `windows`).
   */
  getmodulename(path: string, windows = false): string | null {
    return getmodulename(path, stdlibFacts(this.cx.target.python).importSuffixes, windows);
  }

  /** `inspect.getfile(obj)`: the file of a module, of a class's module, of a function's code; `null` where inspect raises `TypeError`. */
  getfile(id: string): string | null {
    return getfile(this.cx, id);
  }

  /** `inspect.getsourcefile(obj)`: {@link Program.getfile}'s file when it is Python source, else `null`. */
  getsourcefile(id: string): string | null {
    return getsourcefile(this.cx, id);
  }

  /** `inspect.getmodule(obj)` as a module name (the module `__module__` names), or `null` (None). */
  getmodule(id: string): string | null {
    return getmodule(this.cx, id);
  }

  /** `inspect.getcomments(obj)`: the comment block above the object's source (module: at the top), or `null`. */
  getcomments(id: string): string | null {
    return this.cached(id, "comments", () => getcomments(this.cx, id));
  }

  /** `inspect.getsourcelines(obj)` as `{ lineno, count }` (lineno 1-based, 0 for a module), or `null` where inspect raises. */
  getsourcelines(id: string): { readonly lineno: number; readonly count: number } | null {
    return getsourcelines(this.cx, id);
  }

  /** `obj.__doc__` as the runtime sets it, or `null` (None). */
  rawDoc(id: string): string | null {
    return this.cached(id, "rawDoc", () => rawDoc(this.cx, id));
  }

  /** `inspect.getdoc(obj)`: `__doc__`, else inherited along the MRO (CPython 3.11 `_finddoc`), cleaned; `null` for None. */
  getdoc(id: string): string | null {
    return this.cached(id, "doc", () => getdoc(this.cx, id));
  }

  /** `inspect.formatannotation` of an annotation expression written in `moduleName` (at `atLine`), or `null`. */
  formatAnnotation(moduleName: string, e: SummaryExpression, atLine?: number): string | null {
    return formatAnnotation(this.cx, moduleName, e, atLine);
  }

  /** An annotation's view: text, `formatannotation` rendering (or `null`), and its names resolved. */
  annotationView(moduleName: string, e: SummaryExpression, atLine?: number): AnnotationView {
    return annotationView(this.cx, moduleName, e, atLine);
  }

  /** The dotted names an annotation uses (string annotations parsed), each resolved to an id or `null`. */
  annotationRefs(moduleName: string, e: SummaryExpression, atLine?: number): { name: string; id: string | null }[] {
    return annotationRefs(this.cx, moduleName, e, atLine);
  }

  /** `repr()` of a default value expression evaluated in `moduleName`, or `null` if not knowable. */
  defaultRepr(moduleName: string, e: SummaryExpression, atLine?: number, classId?: string): string | null {
    return defaultRepr(this.cx, moduleName, e, atLine, classId);
  }

  /** `inspect.signature(obj)` for an object as accessed from its owner; `null` where inspect raises. */
  signature(id: string): InspectSignature | null {
    return this.cached(id, "signature", () => signature(this.cx, id));
  }

  /**
   * `inspect.get_annotations(obj)` rendered by `formatannotation`; `null` for kinds without
   * annotations. With `eval_str: true`, string annotations are evaluated statically first (a value
   * is `null` where the string is not an expression or its value is not known).
   */
  get_annotations(id: string, options: { readonly eval_str?: boolean } = {}): Record<string, string | null> | null {
    if (options.eval_str) return get_annotations(this.cx, id, true);
    const v = this.views.object(id);
    if (v) return v.annotations ? { ...v.annotations } : null;
    return get_annotations(this.cx, id);
  }

  /** `inspect.is*` of the object as accessed from its owner. */
  predicates(id: string): Predicates {
    return this.views.object(id)?.predicates ?? predicates(this.cx, id);
  }

  /** The function a `functools.wraps` decorator of the program puts in place of `id`, or `null`. */
  wrapsWrapper(id: string): DefinedObject | null {
    return wrapsWrapper(this.cx, id);
  }

  /** What `inspect.unwrap(obj)` leads to when the object has `__wrapped__`: the id of the `def` underneath, or `null`. */
  wrapped(id: string): string | null {
    return this.cached(id, "wrapped", () => wrapped(this.cx, id));
  }

  /** The `@typing.overload` variants of a function as signatures, or `null` when it has none. */
  overloads(id: string): InspectSignature[] | null {
    const v = this.cached(id, "overloads", () => overloads(this.cx, id));
    return v ? [...v] : null;
  }

  /** The `co_flags` names of a routine's code, sorted; `null` for non-routines and C wrappers. */
  codeFlags(id: string): string[] | null {
    const v = this.cached(id, "codeFlags", () => codeFlags(this.cx, id));
    return v ? [...v] : null;
  }

  /**
   * `inspect.getclosurevars(func)`: nonlocals, globals, builtins and unbound names of a function's
   * code (see {@link ClosureVars}); `null` where CPython raises `TypeError` or the function object is
   * not statically known.
   */
  getclosurevars(id: string): ClosureVars | null {
    return getclosurevars(this.cx, id);
  }

  /**
   * `inspect.getfullargspec(obj)` for a function, method or class id: from the signature inspect
   * computes without following `__wrapped__` and with the bound first parameter kept; `null` where
   * CPython raises `TypeError` (see {@link FullArgSpec}).
   */
  getfullargspec(id: string): FullArgSpec | null {
    return fullargspecOf(this, id);
  }

  /**
   * `inspect.getclasstree(classes, unique)` over class ids, each class's `__bases__` as the program
   * resolves them (`builtins:object` for a class written without bases); `null` when a base is
   * unresolved (see {@link getclasstree}).
   */
  getclasstree(classes: readonly string[], unique = false): ClassTree | null {
    const bases = new Map<string, readonly string[]>();
    const basesOf = (id: string): readonly string[] | null => (id === "builtins:object" ? [] : this.dunderBases(id));
    for (const c of classes) {
      const b = basesOf(c);
      if (!b) return null;
      bases.set(c, b);
      for (const x of b) {
        const xb = bases.has(x) ? bases.get(x)! : basesOf(x);
        if (xb) bases.set(x, xb);
      }
    }
    return getclasstree(classes, bases, unique);
  }

  /** `inspect.isabstract`: an ABCMeta class with abstract methods left. */
  isAbstract(id: string): boolean {
    return isAbstract(this.cx, id);
  }

  private cached<K extends keyof InspectView>(id: string, key: K, compute: () => InspectView[K]): InspectView[K] {
    const v = this.views.object(id);
    return v ? v[key] : compute();
  }
}
