/**
 * The linked program: module summaries joined across imports, classes with their C3 MRO and members,
 * and the query API in `inspect`'s own terms.
 */
import { evaluateStringLiteral, parse, type Diagnostic, type Expression, type Parameter } from "@static-inspect/parser";
import { AnnotationRenderer, type AnnotationTarget } from "./annotations.ts";
import type { BuiltinObject, BuiltinsData } from "./builtins.ts";
import { c3Merge } from "./mro.ts";
import type { DataclassField, DataclassInfo, DefinedObject, ModuleSummary, NameBinding, ObjectKind } from "./model.ts";
import { evaluate, strRepr, type Value } from "./render.ts";
import { cleandoc } from "./sourcelines.ts";

/** What a name or expression refers to. */
export type Ref =
  | { readonly kind: "object"; readonly id: string }
  | { readonly kind: "module"; readonly name: string }
  | { readonly kind: "builtin"; readonly id: string }
  | { readonly kind: "value"; readonly expression: Expression; readonly module: string; readonly owner?: string; readonly line?: number }
  /** A value of a C module (or builtins), with its type id and `repr()` when the data records one. */
  | { readonly kind: "constant"; readonly type: string; readonly repr: string | null }
  | { readonly kind: "unresolved"; readonly reason: string };

/** A string annotation's content as an expression (`"List[int]"` → the subscript), or `null`. */
function parseExpression(text: string): Expression | null {
  if (text.length > 2000 || text.includes("\n")) return null;
  const parsed = parse(`(${text})\n`);
  const first = parsed.syntax.body[0];
  return parsed.diagnostics.length === 0 && first?.kind === "Expr" ? first.value : null;
}

/** `a.b.c` as a Name/Attribute expression (spans are not needed for resolution). */
function dottedExpression(dotted: string): Expression {
  const span = { from: 0, to: 0, line: 1, column: 0, endLine: 1, endColumn: 0 };
  const parts = dotted.split(".");
  let e: Expression = { kind: "Name", id: parts[0]!, text: parts[0]!, span };
  for (const p of parts.slice(1)) e = { kind: "Attribute", value: e, attr: p, text: `${e.text}.${p}`, span };
  return e;
}

/** pydantic v2's model base class. */
const PYDANTIC_MODEL = "pydantic.main:BaseModel";

/** The reason given when resolution runs in circles (an alias or import cycle). */
const CYCLE = "alias chain too long or cyclic";

/** A parameter as `inspect.Parameter` has it, with source text beside the runtime rendering. */
export interface InspectParameter {
  readonly name: string;
  readonly kind: Parameter["kind"];
  /** `null`: no default (`Parameter.empty`); `rendered` is `repr(default)` or `null` if not statically knowable. */
  readonly default: { readonly text: string; readonly rendered: string | null } | null;
  /** `null`: no annotation; `rendered` is `formatannotation(annotation)` or `null` if unknown. */
  readonly annotation: AnnotationView | null;
}

/** An annotation: source text, what `formatannotation` prints, and every name in it resolved. */
export interface AnnotationView {
  readonly text: string;
  readonly rendered: string | null;
  /** Names used (dotted as written, string annotations included), each with the id it resolves to or `null`. */
  readonly refs: readonly { readonly name: string; readonly id: string | null }[];
}

/** `inspect.Signature`: `text` is `str(signature)` (source text stands in where a value is unknown). */
export interface InspectSignature {
  readonly text: string;
  readonly parameters: readonly InspectParameter[];
  readonly return_annotation: AnnotationView | null;
}

/** `inspect.is*` predicates of an object as accessed from its owner. */
export interface Predicates {
  readonly ismodule: boolean;
  readonly isclass: boolean;
  readonly isfunction: boolean;
  readonly ismethod: boolean;
  readonly isroutine: boolean;
  readonly isbuiltin: boolean;
  readonly ismethoddescriptor: boolean;
  readonly isdatadescriptor: boolean;
  readonly isgeneratorfunction: boolean;
  readonly iscoroutinefunction: boolean;
  readonly isasyncgenfunction: boolean;
  readonly isabstract: boolean;
}

/** One member as `inspect.getmembers_static` lists it: the name and the class whose namespace holds it. */
export interface Member {
  readonly name: string;
  readonly owner: string | null;
}

/** Where `getattr_static` found a name: the owning class (or module) id and what is bound there. */
export interface StaticAttribute {
  readonly owner: string;
  /** Id of the defined object (`mod:C.m`) or builtin (`builtins:object.__init__`), or `null` for a plain value. */
  readonly id: string | null;
}

interface ClassView {
  readonly id: string;
  readonly python: DefinedObject | null;
  readonly builtin: BuiltinObject | null;
  /** Resolved base ids, `null` if any base is unresolved. */
  readonly bases: readonly string[] | null;
  readonly baseTexts: readonly { text: string; id: string | null }[];
}

/** Loads a module that was not given to the analyser (read on demand from the search roots). */
export type ModuleLoader = (name: string) => ModuleSummary | null;

const TYPING_ALIASES: Record<string, string> = {
  List: "builtins:list",
  Dict: "builtins:dict",
  Set: "builtins:set",
  FrozenSet: "builtins:frozenset",
  Tuple: "builtins:tuple",
  Type: "builtins:type",
  Deque: "collections:deque",
  DefaultDict: "collections:defaultdict",
  OrderedDict: "collections:OrderedDict",
  Counter: "collections:Counter",
  ChainMap: "collections:ChainMap",
  ContextManager: "contextlib:AbstractContextManager",
  AsyncContextManager: "contextlib:AbstractAsyncContextManager",
  Pattern: "re:Pattern",
  Match: "re:Match",
  AbstractSet: "collections.abc:Set",
  ...Object.fromEntries(
    "Awaitable Coroutine AsyncIterable AsyncIterator AsyncGenerator Iterable Iterator Generator Reversible Container Collection Callable MutableSet Mapping MutableMapping Sequence MutableSequence ByteString MappingView KeysView ItemsView ValuesView Hashable Sized"
      .split(" ")
      .map((n) => [n, `collections.abc:${n}`]),
  ),
};

/**
 * A whole program: the analysed modules (`emitted`) plus modules read on demand, linked.
 *
 * All queries take object ids (`module:qualname`, a module's id is its name) and never throw on
 * Python-level problems: unknown facts are `null`, and the reasons are in {@link Program.diagnostics}.
 */
export class Program {
  private readonly summaries = new Map<string, ModuleSummary | null>();
  private readonly objectIndex = new Map<string, DefinedObject>();
  private readonly classCache = new Map<string, ClassView | null>();
  private readonly mroCache = new Map<string, readonly string[] | null>();
  private readonly mroActive = new Set<string>();
  private readonly linkDiagnostics: Diagnostic[] = [];
  private readonly reported = new Set<string>();

  /**
   * @param emitted Summaries of the modules given to the analyser, in order.
   * @param builtins The builtins data of the target version.
   * @param loader Reads other modules on demand; returns `null` for modules it cannot find.
   */
  constructor(
    readonly emitted: readonly ModuleSummary[],
    readonly builtins: BuiltinsData,
    private readonly loader: ModuleLoader,
    readonly target: { readonly python: string; readonly platform: string },
  ) {
    for (const s of emitted) this.addSummary(s);
  }

  private addSummary(s: ModuleSummary): void {
    if (!this.summaries.get(s.name)) this.summaries.set(s.name, s);
    for (const o of s.objects) this.objectIndex.set(o.id, o);
  }

  /** Diagnostics of every module read (given or on demand) and of linking, in a stable order. */
  get diagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const s of this.emitted) out.push(...s.diagnostics);
    out.push(...this.linkDiagnostics);
    return out;
  }

  /**
   * The line at which module-level names used by a definition's header (bases, decorators, defaults,
   * annotations) are looked up: its first line, for definitions that run at import time; `undefined`
   * (the module's final state) inside functions, which run later.
   */
  private runLine(o: DefinedObject): number | undefined {
    return o.qualname?.includes("<locals>") ? undefined : o.span.line;
  }

  /** The summary of module `name`, loading it on demand; `null` when it cannot be found. */
  module(name: string): ModuleSummary | null {
    if (this.summaries.has(name)) return this.summaries.get(name)!;
    this.summaries.set(name, null); // guards against re-entrance while loading
    let s = this.loader(name);
    if (s) this.addSummary(s);
    else if (name.includes(".")) {
      // `os.path`: no file, but the parent binds the name to a module it registers in sys.modules.
      const dot = name.lastIndexOf(".");
      const parent = name.slice(0, dot);
      if (this.module(parent)?.scope[name.slice(dot + 1)]) {
        const r = this.resolveName(parent, name.slice(dot + 1));
        if (r.kind === "module" && r.name !== name) s = this.module(r.name);
      }
      this.summaries.set(name, s);
    }
    return s;
  }

  /** A defined object by id (loading its module on demand), or `null`. */
  object(id: string): DefinedObject | null {
    if (this.shadowedByC(id)) return null;
    const hit = this.objectIndex.get(id);
    if (hit) return hit;
    const mod = id.includes(":") ? id.slice(0, id.indexOf(":")) : id;
    this.module(mod);
    return this.objectIndex.get(id) ?? null;
  }

  /** Whether `id` lies inside a class that the builtins data says is implemented in C (`collections:OrderedDict.__init__`). */
  private shadowedByC(id: string): boolean {
    let hit = this.shadowCache.get(id);
    if (hit === undefined) this.shadowCache.set(id, (hit = this.computeShadowedByC(id)));
    return hit;
  }

  private readonly shadowCache = new Map<string, boolean>();

  private computeShadowedByC(id: string): boolean {
    const colon = id.indexOf(":");
    if (colon < 0) return false;
    const parts = id.slice(colon + 1).split(".");
    let prefix = id.slice(0, colon + 1);
    for (let i = 0; i < parts.length - 1; i++) {
      prefix += (i ? "." : "") + parts[i];
      if (this.builtins.objects[prefix]?.kind === "class") return true;
    }
    return false;
  }

  private report(key: string, d: Omit<Diagnostic, "severity"> & { severity?: Diagnostic["severity"] }): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.linkDiagnostics.push({ severity: "warning", ...d });
  }

  /**
   * Links the analysed modules: resolves every module-level import and every class's bases and MRO,
   * reporting `unresolved-import` (severity `info` when the import is guarded by
   * `try/except ImportError`) and `unresolved-base`/`mro-conflict` diagnostics. Idempotent.
   */
  link(): void {
    if (this.linked) return;
    this.linked = true;
    for (const s of this.emitted) {
      for (const [name, b] of Object.entries(s.scope)) {
        if (b.kind === "alias" || b.kind === "importFrom") {
          const r = this.resolveName(s.name, name);
          if (r.kind === "unresolved" && r.reason.startsWith(CYCLE)) {
            this.report(`cycle:${s.path}:${name}`, {
              code: "alias-cycle",
              severity: "error",
              message: `cannot resolve '${name}': its chain of aliases and imports runs in a cycle`,
              path: s.path,
              span: b.span ?? this.objectIndex.get(`${s.name}:${name}`)?.position ?? null,
            });
            continue;
          }
        }
        if (b.kind !== "import" && b.kind !== "importFrom" && b.kind !== "starImport") continue;
        let problem: string | null = null;
        const target = b.imported ?? b.target;
        if (b.kind === "importFrom") {
          if (!this.moduleExists(b.target)) problem = `cannot find module '${b.target}'`;
          else if (!this.hasName(b.target, b.name!)) problem = `cannot import name '${b.name}' from '${b.target}'`;
        } else if (!this.moduleExists(target)) problem = `cannot find module '${target}'`;
        if (problem) {
          this.report(`import:${s.path}:${b.line}:${name}`, {
            code: "unresolved-import",
            severity: b.guarded ? "info" : "warning",
            message: problem + (b.guarded ? " (guarded by try/except ImportError)" : ""),
            path: s.path,
            span: b.span ?? null,
          });
        }
      }
      for (const o of s.objects) if (o.kind === "class" && !o.synthesized) this.getmro(o.id);
    }
  }

  private linked = false;

  /** Whether `from module import name` finds something: a binding, a star-imported name, a submodule or a C attribute. */
  hasName(moduleName: string, name: string): boolean {
    if (["__doc__", "__name__", "__file__", "__spec__", "__loader__", "__package__", "__path__", "__builtins__", "__dict__"].includes(name)) return true;
    const s = this.module(moduleName);
    if (s) {
      if (s.scope[name]) return true;
      if (s.scope.__getattr__) return true; // PEP 562: the module provides names lazily
      if (Object.keys(s.scope).some((k) => k.startsWith("*") && this.exports(s.scope[k]!.target, name))) return true;
    } else if (this.builtins.modules[moduleName]?.names[name] !== undefined) return true;
    return this.module(`${moduleName}.${name}`) !== null;
  }

  /** Whether a module can be imported: analysed, found on the search roots, or in the builtins data. */
  moduleExists(name: string): boolean {
    return this.module(name) !== null || name in this.builtins.modules || name === "builtins";
  }

  // ------------------------------------------------------------ name resolution

  /** Resolves `name` as looked up in module `moduleName`'s global namespace, then builtins. */
  resolveName(moduleName: string, name: string, depth = 0, atLine?: number): Ref {
    if (depth > 40) return { kind: "unresolved", reason: `${CYCLE} at ${moduleName}.${name}` };
    const summary = this.module(moduleName);
    if (!summary) return this.resolveBuiltinModuleName(moduleName, name);
    // The binding in effect: the last one before `atLine` (a statement running at import time), else the final one.
    const before = (list: readonly NameBinding[] | undefined) => {
      let hit: NameBinding | undefined;
      for (const h of list ?? []) if (h.line < atLine!) hit = h;
      return hit;
    };
    const b = atLine === undefined ? summary.scope[name] : before(summary.history[name]);
    // A later `from m import *` that exports the name rebinds it (operator.py ends with `from _operator import *`).
    const stars: NameBinding[] = [];
    for (const key of Object.keys(summary.scope)) {
      if (!key.startsWith("*")) continue;
      const candidate = atLine === undefined ? summary.scope[key]! : before(summary.history[key]);
      if (candidate && (!b || candidate.line > b.line) && this.exports(candidate.target, name)) stars.push(candidate);
    }
    stars.sort((x, y) => y.line - x.line);
    let cyclic: Ref | null = null;
    for (const star of stars) {
      const r = this.resolveFrom(star.target, name, depth + 1);
      // A star import that hands the name back to this module (a circular import) leaves it as the
      // earlier binding made it.
      if (r.kind === "unresolved" && r.reason.startsWith(CYCLE)) cyclic ??= r;
      else return r;
    }
    if (cyclic && !b) return cyclic;
    if (b) return this.resolveBinding(moduleName, b, depth);
    const builtin = this.builtins.modules.builtins?.names[name];
    if (typeof builtin === "string") return { kind: "builtin", id: builtin };
    if (builtin && typeof builtin === "object" && builtin.ref) return { kind: "builtin", id: builtin.ref };
    if (builtin && typeof builtin === "object") return { kind: "constant", type: builtin.type, repr: builtin.value ?? null };
    if (name === "__name__" || name === "__file__" || name === "__doc__") return { kind: "unresolved", reason: "module attribute" };
    return { kind: "unresolved", reason: `name '${name}' is not defined in ${moduleName}` };
  }

  private resolveBuiltinModuleName(moduleName: string, name: string): Ref {
    const entry = this.builtins.modules[moduleName]?.names[name];
    if (typeof entry === "string") return { kind: "builtin", id: entry };
    if (entry && typeof entry === "object" && entry.ref) return { kind: "builtin", id: entry.ref };
    if (entry && typeof entry === "object" && entry.module) return { kind: "module", name: entry.module };
    if (entry && typeof entry === "object") return { kind: "constant", type: entry.type, repr: entry.value ?? null };
    return { kind: "unresolved", reason: `cannot find '${name}' in module ${moduleName}` };
  }

  private resolveBinding(moduleName: string, b: NameBinding, depth: number): Ref {
    switch (b.kind) {
      case "definition":
        return { kind: "object", id: b.target };
      case "import":
        return { kind: "module", name: b.target };
      case "importFrom":
        // `from . import sub` inside package `p` binds p's submodule, not p's own attribute.
        if (b.target === moduleName && this.module(moduleName)?.isPackage && this.module(`${moduleName}.${b.name}`)) {
          return { kind: "module", name: `${moduleName}.${b.name}` };
        }
        return this.resolveFrom(b.target, b.name!, depth + 1);
      case "alias":
        // `x = y` looks `y` up when the assignment runs.
        return this.resolveExpression(moduleName, b.expression!, depth + 1, b.line);
      case "value":
        return b.expression ? { kind: "value", expression: b.expression, module: moduleName, line: b.line } : { kind: "unresolved", reason: "value" };
      default:
        return { kind: "unresolved", reason: b.kind };
    }
  }

  /** `from module import name`: an attribute of the module, else its submodule. */
  resolveFrom(moduleName: string, name: string, depth = 0): Ref {
    const summary = this.module(moduleName);
    if (summary) {
      if (summary.scope[name] || Object.keys(summary.scope).some((k) => k.startsWith("*") && this.exports(summary.scope[k]!.target, name))) {
        return this.resolveName(moduleName, name, depth + 1);
      }
      if (this.module(`${moduleName}.${name}`)) return { kind: "module", name: `${moduleName}.${name}` };
      // PEP 562: a module `__getattr__` provides names lazily; `if TYPE_CHECKING:` imports declare them.
      if (summary.scope.__getattr__) {
        const declared = summary.typeCheckingScope[name];
        if (declared) return this.resolveBinding(moduleName, declared, depth + 1);
        for (const [key, b] of Object.entries(summary.typeCheckingScope)) {
          if (key.startsWith("*") && this.exports(b.target, name)) return this.resolveFrom(b.target, name, depth + 1);
        }
      }
      return { kind: "unresolved", reason: `cannot import name '${name}' from '${moduleName}'` };
    }
    const r = this.resolveBuiltinModuleName(moduleName, name);
    if (r.kind !== "unresolved") return r;
    if (this.module(`${moduleName}.${name}`)) return { kind: "module", name: `${moduleName}.${name}` };
    return r;
  }

  /**
   * `__all__` of a module: the literal list when the module writes one, else its building steps
   * evaluated across modules (`base_events.__all__ + coroutines.__all__`); `null` when unknown or absent.
   */
  all(moduleName: string, depth = 0): readonly string[] | null {
    const s = this.module(moduleName);
    if (!s) return null;
    if (s.all || s.allOps.length === 0 || depth > 20) return s.all;
    if (this.allCache.has(moduleName)) return this.allCache.get(moduleName)!;
    this.allCache.set(moduleName, null);
    const list = (e: Expression): string[] | null => {
      if (e.kind === "List" || e.kind === "Tuple") {
        const out: string[] = [];
        for (const x of e.elts) {
          if (x.kind === "Constant" && x.type === "str" && x.value !== null) out.push(x.value);
          else if (x.kind === "Starred") {
            const inner = list(x.value);
            if (!inner) return null;
            out.push(...inner);
          } else return null;
        }
        return out;
      }
      if (e.kind === "BinOp" && e.op === "+") {
        const l = list(e.left);
        const r = l && list(e.right);
        return l && r ? [...l, ...r] : null;
      }
      if (e.kind === "Attribute" && e.attr === "__all__") {
        const r = this.resolveExpression(moduleName, e.value);
        return r.kind === "module" ? (this.all(r.name, depth + 1) as string[] | null) : null;
      }
      if (e.kind === "Name" && e.id === "__all__") return current;
      if (e.kind === "Call" && e.func.kind === "Name" && (e.func.id === "list" || e.func.id === "tuple") && e.args.length === 1) return list(e.args[0]!.value);
      return null;
    };
    let current: string[] | null = [];
    for (const step of s.allOps) {
      if (current === null) break;
      if (step.op === "set") current = list(step.value);
      else if (step.op === "extend") {
        const more = list(step.value);
        current = more ? [...current, ...more] : null;
      } else {
        const v = step.value;
        if (v.kind !== "Constant" || v.type !== "str" || v.value === null) current = null;
        else current = step.op === "append" ? [...current, v.value] : current.filter((n) => n !== v.value);
      }
    }
    this.allCache.set(moduleName, current);
    return current;
  }

  private readonly allCache = new Map<string, readonly string[] | null>();

  /** Whether `from module import *` binds `name`. */
  private exports(moduleName: string, name: string): boolean {
    const s = this.module(moduleName);
    if (!s) {
      const names = this.builtins.modules[moduleName]?.names;
      return names ? name in names && !name.startsWith("_") : false;
    }
    const all = this.all(moduleName);
    if (all) return all.includes(name);
    if (name.startsWith("_")) return false;
    return name in s.scope;
  }

  /** Resolves a `Name` or dotted `Attribute` expression evaluated in module `moduleName`. */
  resolveExpression(moduleName: string, e: Expression, depth = 0, atLine?: number): Ref {
    if (depth > 40) return { kind: "unresolved", reason: CYCLE };
    if (e.kind === "Name") return this.resolveName(moduleName, e.id, depth + 1, atLine);
    if (e.kind === "Attribute") {
      const base = this.resolveExpression(moduleName, e.value, depth + 1, atLine);
      return this.attributeOf(base, e.attr, depth + 1);
    }
    return { kind: "value", expression: e, module: moduleName };
  }

  private attributeOf(base: Ref, attr: string, depth: number): Ref {
    if (base.kind === "module") return this.resolveFrom(base.name, attr, depth);
    if (base.kind === "object") {
      const obj = this.object(base.id);
      if (obj?.kind === "class") {
        const scope = this.module(obj.scope) && this.summaryOf(obj.scope)?.classScopes[obj.id];
        const b = scope ? scope[attr] : undefined;
        if (b) {
          if (b.kind === "definition") return { kind: "object", id: b.target };
          if (b.kind === "alias" && b.expression) return this.resolveExpression(obj.scope, b.expression, depth + 1, this.runLine(obj));
          if (b.kind === "value" && b.expression) return { kind: "value", expression: b.expression, module: obj.scope, owner: obj.id };
        }
        const inherited = this.getattr_static(obj.id, attr);
        if (inherited?.id) return inherited.id.includes(":") && this.object(inherited.id) ? { kind: "object", id: inherited.id } : { kind: "builtin", id: inherited.id };
      }
      return { kind: "unresolved", reason: `attribute '${attr}' of ${base.id}` };
    }
    if (base.kind === "builtin") {
      const id = `${base.id}.${attr}`;
      if (this.builtins.objects[id]) return { kind: "builtin", id };
    }
    return { kind: "unresolved", reason: `attribute '${attr}'` };
  }

  private summaryOf(moduleName: string): ModuleSummary | null {
    return this.summaries.get(moduleName) ?? null;
  }

  // ------------------------------------------------------------ classes

  private isClassId(id: string): boolean {
    const o = this.object(id);
    if (o) return o.kind === "class";
    return this.builtins.objects[id]?.kind === "class";
  }

  private classView(id: string): ClassView | null {
    if (this.classCache.has(id)) return this.classCache.get(id)!;
    this.classCache.set(id, null);
    let view: ClassView | null = null;
    // The builtins data holds only objects implemented in C: when an id is there, that is what runs,
    // even if a Python fallback with the same name exists (collections.OrderedDict).
    const b = this.builtins.objects[id];
    const py = b ? null : this.object(id);
    if (b?.kind === "class") {
      view = { id, python: null, builtin: b, bases: b.bases ?? [], baseTexts: (b.bases ?? []).map((x) => ({ text: x, id: x })) };
    } else if (py?.kind === "class" && py.class) {
      const baseTexts: { text: string; id: string | null }[] = [];
      let ok = true;
      const exprs = py.class.bases;
      const ids: string[] = [];
      exprs.forEach((e, i) => {
        const built = py.class!.baseIds?.[i];
        const resolved = built ? [built] : this.resolveBase(py, e, exprs.slice(i + 1));
        baseTexts.push({ text: e.text, id: resolved?.[0] ?? null });
        if (resolved === null) {
          ok = false;
          this.report(`base:${py.id}:${i}`, {
            code: "unresolved-base",
            message: `cannot resolve base class '${e.text}' of ${py.qualname}`,
            path: py.path,
            span: py.position,
          });
        } else ids.push(...resolved.filter((r) => !ids.includes(r)));
      });
      if (ok && ids.length === 0) ids.push("builtins:object");
      view = { id, python: py, builtin: null, bases: ok ? ids : null, baseTexts };
    }
    this.classCache.set(id, view);
    return view;
  }

  /** The classes a base expression contributes (after `__mro_entries__`), or `null` if unresolved. */
  private resolveBase(cls: DefinedObject, e: Expression, later: readonly Expression[]): string[] | null {
    const subscripted = e.kind === "Subscript";
    const target = subscripted ? e.value : e;
    const ref = this.resolveExpression(cls.scope, target, 0, this.runLine(cls));
    const id = ref.kind === "object" || ref.kind === "builtin" ? ref.id : null;
    if (id === null) return null;
    if (id === "typing:NamedTuple") return ["builtins:tuple"];
    if (id === "typing:TypedDict" || id === "typing_extensions:TypedDict") return ["builtins:dict"];
    const typingName = id.startsWith("typing:") ? id.slice(7) : null;
    const alias = typingName !== null ? (Object.hasOwn(TYPING_ALIASES, typingName) ? TYPING_ALIASES[typingName] : undefined) : undefined;
    const laterIsGeneric = () => later.some((x) => x.kind === "Subscript" || this.resolvesToGenericSubclass(cls.scope, x));
    if (alias) {
      const origin = alias;
      return laterIsGeneric() ? [origin] : [origin, "typing:Generic"];
    }
    if (!subscripted) return this.isClassId(id) ? [id] : null;
    if (id === "typing:Generic") {
      const laterProtocol = later.some((x) => {
        const r = this.resolveExpression(cls.scope, x.kind === "Subscript" ? x.value : x, 0, this.runLine(cls));
        return r.kind === "object" && r.id === "typing:Protocol";
      });
      if (laterProtocol || later.some((x) => x.kind === "Subscript")) return [];
      return ["typing:Generic"];
    }
    return this.isClassId(id) ? [id] : null;
  }

  private resolvesToGenericSubclass(moduleName: string, e: Expression): boolean {
    const r = this.resolveExpression(moduleName, e);
    if (r.kind !== "object") return false;
    const mro = this.getmro(r.id);
    return !!mro && mro.includes("typing:Generic");
  }

  /**
   * `inspect.getmro(cls)`: the C3 linearisation of a class, itself first, as ids; `null` when a base is
   * unresolved or no consistent order exists (an `mro-conflict` diagnostic with CPython's message).
   */
  getmro(id: string): readonly string[] | null {
    if (this.mroCache.has(id)) return this.mroCache.get(id)!;
    const view = this.classView(id);
    if (!view) return null;
    if (view.builtin) {
      const mro = view.builtin.mro ?? null;
      this.mroCache.set(id, mro);
      return mro;
    }
    if (this.mroActive.has(id)) {
      this.report(`cycle:${id}`, { code: "inheritance-cycle", message: `class ${id} inherits from itself`, path: view.python!.path, span: null, severity: "error" });
      return null;
    }
    if (!view.bases) {
      this.mroCache.set(id, null);
      return null;
    }
    this.mroActive.add(id);
    const seqs: string[][] = [];
    let ok = true;
    for (const b of view.bases) {
      const m = this.getmro(b);
      if (!m) {
        ok = false;
        break;
      }
      seqs.push([...m]);
    }
    this.mroActive.delete(id);
    let mro: string[] | null = null;
    if (ok) {
      seqs.push([...view.bases]);
      const merged = c3Merge(seqs);
      if (merged.ok) mro = [id, ...merged.order];
      else {
        const names = merged.remaining.map((r) => r.slice(r.lastIndexOf(":") + 1).split(".").pop()!);
        this.report(`mro:${id}`, {
          code: "mro-conflict",
          severity: "error",
          message: `Cannot create a consistent method resolution\norder (MRO) for bases ${names.join(", ")}`,
          path: view.python!.path,
          span: null,
        });
      }
    }
    this.mroCache.set(id, mro);
    return mro;
  }

  /** Bases of a class as written, with the id each resolves to. */
  bases(id: string): readonly { text: string; id: string | null }[] | null {
    return this.classView(id)?.baseTexts ?? null;
  }

  /** The metaclass id: `metaclass=` if given, else the most derived of the bases' metaclasses. */
  metaclass(id: string, depth = 0): string | null {
    const view = this.classView(id);
    if (!view || depth > 40) return null;
    if (view.builtin) return view.builtin.metaclass ?? "builtins:type";
    const kw = view.python!.class!.keywords.find((k) => k.name === "metaclass");
    if (kw) {
      const r = this.resolveExpression(view.python!.scope, kw.value, 0, this.runLine(view.python!));
      return r.kind === "object" || r.kind === "builtin" ? r.id : null;
    }
    let winner = "builtins:type";
    for (const b of view.bases ?? []) {
      const m = this.metaclass(b, depth + 1);
      if (!m) return null;
      const wm = this.getmro(m);
      if (wm && wm.includes(winner)) winner = m;
    }
    return winner;
  }

  /** The names in a class's own namespace (`cls.__dict__` keys), including those `type()` adds. */
  namespace(id: string): readonly string[] | null {
    if (this.namespaceCache.has(id)) return this.namespaceCache.get(id)!;
    const names = this.computeNamespace(id);
    this.namespaceCache.set(id, names);
    return names;
  }

  private readonly namespaceCache = new Map<string, readonly string[] | null>();

  private computeNamespace(id: string): readonly string[] | null {
    const view = this.classView(id);
    if (!view) return null;
    if (view.builtin) return view.builtin.dict ?? [];
    const info = view.python!.class!;
    const names = [...info.namespace];
    const mro = this.getmro(id);
    if (!mro) return names;
    if (info.dataclass?.flavor === "attrs") this.attrsNamespace(info.dataclass, names);
    else if (info.dataclass) this.dataclassNamespace(info.dataclass, names);
    this.typingNamespace(id, view.python!, mro, names);
    if (id !== "enum:Enum" && this.isEnumType(id)) this.enumNamespace(id, names);
    const slots = info.slots;
    const wantsDict = slots === null || slots.includes("__dict__");
    const wantsWeak = slots === null || slots.includes("__weakref__");
    // type_new adds __dict__/__weakref__ unless the best base's instances already have them.
    const base = this.bestBase(view.bases ?? []);
    const hasDict = base !== null && this.provides(base, "__dict__");
    const hasWeak = base !== null && this.provides(base, "__weakref__");
    const varsize = base !== null && (this.builtins.objects[this.solidBase(base)]?.layout?.itemsize ?? 0) > 0;
    if (slots !== null) {
      const i = names.indexOf("__dict__");
      if (i >= 0 && !hasDict) names.splice(i, 1, "__dict__");
    }
    if (wantsDict && !hasDict && !names.includes("__dict__")) names.push("__dict__");
    if (wantsWeak && !hasWeak && !varsize && !names.includes("__weakref__")) names.push("__weakref__");
    // `__init_subclass__` of the bases runs with cls = this class: its `cls.x = …` land here.
    for (const c of info.initSubclassCalled ? mro : mro.slice(1)) {
      const f = this.memberId(c, "__init_subclass__");
      const own = c === id ? info.namespace : this.namespace(c) ?? [];
      const fo = f && own.includes("__init_subclass__") ? this.object(f) : null;
      const first = fo?.function?.parameters[0]?.name;
      for (const a of fo?.function?.attributeAssignments ?? []) if (a.object === first && !names.includes(a.attr)) names.push(a.attr);
    }
    // type.__new__ sets __hash__ = None when a class defines __eq__ but not __hash__.
    if (names.includes("__eq__") && !names.includes("__hash__")) names.push("__hash__");
    const meta = this.metaclass(id);
    if (meta && this.getmro(meta)?.includes("abc:ABCMeta")) {
      // ABCMeta.__new__ (via _abc._abc_init) sets these and consumes __abc_tpflags__.
      for (const n of ["__abstractmethods__", "_abc_impl"]) if (!names.includes(n)) names.push(n);
      const i = names.indexOf("__abc_tpflags__");
      if (i >= 0) names.splice(i, 1);
    }
    if (slots !== null) {
      for (const special of ["__dict__", "__weakref__"]) {
        const i = names.indexOf(special);
        if (i >= 0 && slots.includes(special) && ((special === "__dict__" && hasDict) || (special === "__weakref__" && hasWeak))) names.splice(i, 1);
      }
    }
    return names;
  }

  /**
   * What `typing` writes into subclasses (CPython 3.11): `Generic.__init_subclass__` sets
   * `__parameters__`; a subscripted or aliased base makes `type()` store `__orig_bases__`;
   * `Protocol.__init_subclass__` sets `_is_protocol`, `__subclasshook__`, and for protocols an `__init__`
   * (`_no_init_or_replace_init`); `@runtime_checkable` sets `_is_runtime_protocol`.
   */
  private typingNamespace(id: string, o: DefinedObject, mro: readonly string[], names: string[]): void {
    const add = (n: string) => {
      if (!names.includes(n)) names.push(n);
    };
    const info = o.class!;
    const aliased = info.bases.some((b) => {
      if (b.kind === "Subscript") return true;
      const r = b.kind === "Name" || b.kind === "Attribute" ? this.resolveExpression(o.scope, b) : null;
      return r?.kind === "object" && r.id.startsWith("typing:") && Object.hasOwn(TYPING_ALIASES, r.id.slice(7));
    });
    if (aliased || info.bases.some((b) => b.kind === "Call" && this.isTypingNamedTupleCall(o, b))) add("__orig_bases__");
    if (id !== "typing:Generic" && mro.includes("typing:Generic")) add("__parameters__");
    if (id !== "typing:Protocol" && mro.includes("typing:Protocol")) {
      const own = info.namespace;
      const isProtocol = (this.classView(id)?.bases ?? []).includes("typing:Protocol") || own.includes("_is_protocol");
      add("_is_protocol");
      if (!own.includes("__subclasshook__")) add("__subclasshook__");
      // `cls.__init__ is Protocol.__init__`: not written here, and Protocol is the first base that has one.
      const initOwner = own.includes("__init__") ? id : mro.slice(1).find((c) => (this.namespace(c) ?? []).includes("__init__"));
      if (isProtocol && initOwner === this.ownerIn("typing:Protocol", "__init__")) {
        add("__init__");
        this.memberAliases.set(`${id}.__init__`, "typing:_no_init_or_replace_init");
      }
      if (o.decorators.some((d) => /(^|\.)runtime_checkable$/.test(d))) add("_is_runtime_protocol");
    }
  }

  private isTypingNamedTupleCall(o: DefinedObject, e: Expression): boolean {
    if (e.kind !== "Call" || (e.func.kind !== "Name" && e.func.kind !== "Attribute")) return false;
    const r = this.resolveExpression(o.scope, e.func);
    return r.kind === "object" && r.id === "typing:NamedTuple";
  }

  /** Members a metaclass or `__init_subclass__` sets to another object: `C.__init__` → its function's id. */
  private readonly memberAliases = new Map<string, string>();

  /** Whether the class's metaclass derives from `enum.EnumType` (Enum, IntEnum, Flag and their subclasses). */
  private isEnumType(id: string): boolean {
    if (this.builtins.objects[id]) return false;
    const meta = this.metaclass(id);
    return !!meta && (this.getmro(meta)?.includes("enum:EnumType") ?? false);
  }

  /** `EnumType._find_data_type_`: the mixed-in data type of an enum class (`builtins:int` for IntEnum), or object. */
  private enumMemberType(id: string, depth = 0): string {
    const o = this.object(id);
    if (!o?.class || depth > 20) return "builtins:object";
    const bases = this.classView(id)?.bases ?? [];
    for (const chain of bases) {
      let candidate: string | null = null;
      for (const base of this.getmro(chain) ?? []) {
        if (base === "builtins:object") continue;
        if (this.isEnumType(base)) {
          const t = this.enumMemberType(base, depth + 1);
          if (t !== "builtins:object") return t;
          break;
        }
        const ns = this.namespace(base) ?? [];
        if (ns.includes("__new__") || ns.includes("__init__")) return candidate ?? base;
        candidate = candidate ?? base;
      }
    }
    return "builtins:object";
  }

  /** Names `EnumType.__new__` (CPython 3.11) writes into an enum class's namespace. */
  private enumNamespace(id: string, names: string[]): void {
    const o = this.object(id)!;
    const classdict = new Set(o.class!.namespace);
    const add = (n: string) => {
      if (!names.includes(n)) names.push(n);
    };
    const bases = this.classView(id)?.bases ?? [];
    const memberType = this.enumMemberType(id);
    // Values set on the class that *are* another class's function: name -> the id of the real owner.
    const alias = this.enumAliases;
    if (bases.includes("enum:ReprEnum")) {
      if (!classdict.has("__format__")) {
        add("__format__");
        alias.set(`${id}.__format__`, this.ownerIn(memberType, "__format__") ?? memberType);
      }
      if (!classdict.has("__str__")) {
        add("__str__");
        const strOwner = this.ownerIn(memberType, "__str__");
        alias.set(`${id}.__str__`, strOwner === "builtins:object" ? `${this.ownerIn(memberType, "__repr__")}#repr` : strOwner ?? memberType);
      }
    }
    const partial = (name: string): string | null => {
      // getattr(enum_class, name) on the class as built so far: own additions, then the MRO.
      if (names.includes(name)) return alias.get(`${id}.${name}`) ?? id;
      for (const c of (this.getmro(id) ?? []).slice(1)) {
        if ((this.namespace(c) ?? []).includes(name)) return alias.get(`${c}.${name}`) ?? c;
      }
      return null;
    };
    for (const name of ["__repr__", "__str__", "__format__", "__reduce_ex__"]) {
      if (classdict.has(name)) continue;
      const found = partial(name);
      const dataType = this.ownerIn(memberType, name);
      if (found !== null && (found === dataType || found === "builtins:object")) add(name);
    }
    if ((this.getmro(id) ?? []).includes("enum:Flag")) {
      for (const n of ["__or__", "__and__", "__xor__", "__ror__", "__rand__", "__rxor__", "__invert__"]) if (!classdict.has(n)) add(n);
    }
    add("__new__");
  }

  private readonly enumAliases = new Map<string, string>();

  /** The class in `cls`'s MRO whose namespace holds `name`. */
  private ownerIn(cls: string, name: string): string | null {
    for (const c of this.getmro(cls) ?? []) if ((this.namespace(c) ?? []).includes(name)) return c;
    return null;
  }

  /** `EnumType.__dir__` (3.11) plus the `DynamicClassAttribute`s of direct bases that `getmembers` adds. */
  private enumDir(id: string): string[] {
    const o = this.object(id);
    const names = new Set(["__class__", "__contains__", "__doc__", "__getitem__", "__iter__", "__len__", "__members__", "__module__", "__name__", "__qualname__", "__init_subclass__"]);
    for (const m of this.enumMemberNames(id)) names.add(m);
    const memberType = this.enumMemberType(id);
    if (o?.class?.namespace.includes("__new__")) names.add("__new__");
    if (memberType !== "builtins:object") {
      names.add("__new__");
      for (const c of this.getmro(memberType) ?? []) for (const n of this.namespace(c) ?? []) names.add(n);
    }
    for (const b of this.classView(id)?.bases ?? []) {
      const bo = this.builtins.objects[b] ? null : this.object(b);
      if (!bo) continue;
      for (const n of this.namespace(b) ?? []) {
        const m = this.memberId(b, n);
        const mo = m ? this.object(m) : null;
        if (mo?.kind === "property" && mo.decorators.some((d) => /(^|\.)(property|DynamicClassAttribute)$/.test(d)) && b.startsWith("enum:")) names.add(n);
      }
    }
    return [...names].sort();
  }

  /** The member names of an enum class: public, non-descriptor names assigned in its body (`_member_names_`). */
  private enumMemberNames(id: string): string[] {
    const o = this.object(id);
    const scope = o ? this.summaryOf(o.scope)?.classScopes[id] : undefined;
    if (!scope) return [];
    return Object.entries(scope)
      .filter(([n, b]) => !n.startsWith("_") && (b.kind === "value" || b.kind === "alias") && !(b.expression?.kind === "Lambda"))
      .map(([n]) => n);
  }

  /** What `@dataclass` adds to and removes from the class namespace (CPython 3.11 `dataclasses._process_class`). */
  private dataclassNamespace(dc: DataclassInfo, names: string[]): void {
    const own = new Set(names);
    const add = (n: string) => {
      if (!names.includes(n)) names.push(n);
    };
    for (const f of dc.fields) {
      if (f.role !== "classvar" && !f.keepsAttribute) {
        const i = names.indexOf(f.name);
        if (i >= 0) names.splice(i, 1);
      }
    }
    add("__dataclass_params__");
    add("__dataclass_fields__");
    if (dc.init) add("__init__");
    if (dc.repr) add("__repr__");
    if (dc.eq) add("__eq__");
    if (dc.order) for (const n of ["__lt__", "__le__", "__gt__", "__ge__"]) add(n);
    if (dc.frozen) for (const n of ["__setattr__", "__delattr__"]) add(n);
    const explicitHash = own.has("__hash__");
    // _hash_action: (unsafe_hash, eq, frozen, has_explicit_hash) → add __hash__ (None or generated) or keep.
    if (!explicitHash && (dc.unsafe_hash || dc.eq)) add("__hash__");
    if (dc.match_args) add("__match_args__");
  }

  /**
   * What attrs adds to a class namespace (approximately: the methods it generates and its metadata);
   * enough for `__init__` to be found where attrs put it.
   */
  private attrsNamespace(dc: DataclassInfo, names: string[]): void {
    const add = (n: string) => {
      if (!names.includes(n)) names.push(n);
    };
    add("__attrs_attrs__");
    if (dc.init) add("__init__");
    if (dc.repr) add("__repr__");
    if (dc.eq) for (const n of ["__eq__", "__ne__", "__hash__"]) add(n);
    if (dc.order) for (const n of ["__lt__", "__le__", "__gt__", "__ge__"]) add(n);
    if (dc.frozen) for (const n of ["__setattr__", "__delattr__"]) add(n);
    if (dc.match_args) add("__match_args__");
    if (dc.slots) for (const n of ["__slots__", "__getstate__", "__setstate__"]) add(n);
  }

  /**
   * The `__signature__` pydantic (v2) gives a model class: its fields along the MRO, keyword-only,
   * named by their `alias` when it is an identifier, with defaults (`default_factory` as `<factory>`)
   * and `-> None`. `null` when a model in the MRO writes its own `__init__` (pydantic then derives the
   * signature from it, which we leave to the general rule).
   */
  private pydanticSignature(mro: readonly string[]): InspectSignature | null {
    const fields = new Map<string, InspectParameter>();
    for (const c of [...mro].reverse()) {
      if (c === PYDANTIC_MODEL || this.builtins.objects[c] || !(this.getmro(c) ?? []).includes(PYDANTIC_MODEL)) continue;
      const cls = this.object(c);
      if (!cls?.class) continue;
      if (cls.class.namespace.includes("__init__")) return null;
      const scope = this.summaryOf(cls.scope)?.classScopes[c];
      const line = this.runLine(cls);
      for (const { name, annotation } of cls.class.annotations) {
        if (name.startsWith("_") || name === "model_config") continue;
        const head = annotation.kind === "Subscript" ? annotation.value : annotation;
        const r = head.kind === "Name" || head.kind === "Attribute" ? this.resolveExpression(cls.scope, head, 0, line) : null;
        if (r && (r.kind === "object" || r.kind === "value") && (r.kind === "object" ? r.id === "typing:ClassVar" : false)) continue;
        if (head.kind === "Name" && head.id === "ClassVar") continue;
        let value = scope?.[name]?.expression ?? null;
        let alias: string | null = null;
        let factory = false;
        // Constraints (`ge=`, `max_length=`, …) become `Annotated[...]` metadata whose repr pydantic
        // builds at run time: the annotation is then not statically knowable.
        let constrained = false;
        if (value?.kind === "Call" && (value.func.kind === "Name" || value.func.kind === "Attribute")) {
          const f = this.resolveExpression(cls.scope, value.func, 0, line);
          if (f.kind === "object" && f.id === "pydantic.fields:Field") {
            const call = value;
            const arg = (n: string) => call.args.find((a) => a.name === n)?.value ?? null;
            const first = call.args.find((a) => a.name === null && a.star === "")?.value ?? null;
            value = arg("default") ?? first;
            if (value?.kind === "Constant" && value.type === "Ellipsis") value = null;
            factory = arg("default_factory") !== null;
            const plain = new Set(["default", "default_factory", "alias", "description", "title", "examples", "json_schema_extra", "repr", "exclude", "deprecated", "validation_alias", "serialization_alias", "frozen", "init", "init_var", "kw_only"]);
            constrained = call.args.some((a) => a.name !== null && !plain.has(a.name));
            const a = arg("alias");
            if (a?.kind === "Constant" && a.type === "str" && a.value && /^[A-Za-z_]\w*$/.test(a.value)) alias = a.value;
          }
        }
        const param: InspectParameter = {
          name: alias ?? name,
          kind: "KEYWORD_ONLY",
          default: factory ? { text: "<factory>", rendered: "<factory>" } : value ? { text: value.text, rendered: this.defaultRepr(cls.scope, value, line) } : null,
          annotation: this.annotationView(cls.scope, annotation, line, constrained ? null : undefined),
        };
        fields.set(name, param);
      }
    }
    return makeSignature([...fields.values()], { text: "None", rendered: "None", refs: [] });
  }

  /** The fields a dataclass's generated `__init__` takes, along the MRO (bases first), with their scope. */
  private dataclassInitFields(id: string): { field: DataclassField; scope: string; kwOnly: boolean }[] | null {
    const mro = this.getmro(id);
    if (!mro) return null;
    const fields = new Map<string, { field: DataclassField; scope: string; kwOnly: boolean }>();
    for (const c of [...mro].reverse()) {
      const o = this.builtins.objects[c] ? null : this.object(c);
      const dc = o?.class?.dataclass;
      if (!o || !dc) continue;
      let afterMarker = false;
      for (const f of dc.fields) {
        if (f.role === "kw_only_marker") {
          afterMarker = true;
          continue;
        }
        if (f.role === "classvar") {
          fields.delete(f.name);
          continue;
        }
        const kwOnly = f.kw_only ?? (afterMarker || dc.kw_only);
        fields.set(f.name, { field: f, scope: o.scope, kwOnly });
      }
    }
    return [...fields.values()].filter((x) => x.field.init);
  }

  /** The signature of the `__init__` `@dataclass` generates for class `id` (with `self`, `-> None`). */
  private dataclassInitSignature(id: string): InspectSignature | null {
    const fields = this.dataclassInitFields(id);
    if (!fields) return null;
    // dataclasses show a factory default as `<factory>`; attrs as its `NOTHING` sentinel.
    const attrs = (this.object(id)?.class?.dataclass?.flavor ?? "dataclass") === "attrs";
    const param = (x: (typeof fields)[number], kind: Parameter["kind"]): InspectParameter => ({
      name: x.field.initName ?? x.field.name,
      kind,
      default: x.field.hasFactory
        ? attrs
          ? { text: "NOTHING", rendered: "NOTHING" }
          : { text: "<factory>", rendered: "<factory>" }
        : x.field.default
          ? { text: x.field.default.text, rendered: this.defaultRepr(x.scope, x.field.default) }
          : null,
      annotation: x.field.annotation ? this.annotationView(x.scope, x.field.annotation) : null,
    });
    const params: InspectParameter[] = [{ name: "self", kind: "POSITIONAL_OR_KEYWORD", default: null, annotation: null }];
    for (const x of fields) if (!x.kwOnly) params.push(param(x, "POSITIONAL_OR_KEYWORD"));
    for (const x of fields) if (x.kwOnly) params.push(param(x, "KEYWORD_ONLY"));
    return makeSignature(params, { text: "None", rendered: "None", refs: [] });
  }

  /** Whether `@dataclass` generated the `__repr__` of class `id`. */
  private generatesRepr(id: string): boolean {
    const o = this.builtins.objects[id] ? null : this.object(id);
    const dc = o?.class?.dataclass;
    return !!dc && dc.flavor !== "attrs" && dc.repr && !o!.class!.namespace.includes("__repr__");
  }

  /**
   * `repr()` of `C(args…)` for a dataclass with generated `__init__` and `__repr__`:
   * `Qualname(field=repr, …)`, arguments bound as the generated `__init__` binds them.
   */
  private dataclassInstance(moduleName: string, call: Expression & { kind: "Call" }, cls: string, qualname: string): Value | null {
    const fields = this.dataclassInitFields(cls);
    if (!fields || call.args.some((a) => a.star !== "")) return null;
    const values = new Map<string, Value | null>();
    const positional = call.args.filter((a) => a.name === null);
    const positionalFields = fields.filter((f) => !f.kwOnly);
    if (positional.length > positionalFields.length) return null;
    positional.forEach((a, i) => values.set(positionalFields[i]!.field.name, evaluate(a.value, (x) => this.valueOf(moduleName, x, 1))));
    for (const a of call.args) if (a.name !== null) values.set(a.name, evaluate(a.value, (x) => this.valueOf(moduleName, x, 1)));
    const parts: string[] = [];
    for (const f of fields) {
      if (f.field.role !== "field") continue;
      let v = values.has(f.field.name) ? values.get(f.field.name)! : null;
      if (!values.has(f.field.name)) {
        if (f.field.default) v = evaluate(f.field.default, (x) => this.valueOf(f.scope, x, 1));
        else return null;
      }
      if (!v) return null;
      parts.push(`${f.field.name}=${v.repr}`);
    }
    return { type: "object", repr: `${qualname}(${parts.join(", ")})` };
  }

  /** Whether `@dataclass` generated the `__init__` of class `id` (it is not written in the body). */
  private generatesInit(id: string): boolean {
    const o = this.builtins.objects[id] ? null : this.object(id);
    const dc = o?.class?.dataclass;
    return !!dc && dc.init && !o!.class!.namespace.includes("__init__");
  }

  /**
   * Whether instances of class `id` have a `__dict__` (`tp_dictoffset != 0`) or support weak
   * references (`tp_weaklistoffset != 0`): C classes from the data file's layout; Python classes unless
   * `__slots__` leaves the slot out, then as their best base does.
   */
  private provides(id: string, slot: "__dict__" | "__weakref__", depth = 0): boolean {
    const b = this.builtins.objects[id];
    if (b) return (slot === "__dict__" ? b.layout?.dictoffset : b.layout?.weaklistoffset) ?? false;
    const slots = this.object(id)?.class?.slots;
    if (slots === null || slots === undefined || slots.includes(slot)) return true;
    const base = depth < 40 ? this.bestBase(this.classView(id)?.bases ?? []) : null;
    return base !== null && this.provides(base, slot, depth + 1);
  }

  /**
   * CPython's `solid_base`: the nearest class that adds instance fields. A Python class with non-empty
   * `__slots__` (besides `__dict__`/`__weakref__`) is its own; C classes are taken as their own (the
   * data file does not record `tp_basicsize`), `object` included.
   */
  private solidBase(id: string, depth = 0): string {
    if (this.builtins.objects[id] || depth > 40) return id;
    const slots = this.object(id)?.class?.slots;
    if (slots && slots.some((n) => n !== "__dict__" && n !== "__weakref__")) return id;
    const base = this.bestBase(this.classView(id)?.bases ?? []);
    return base === null ? "builtins:object" : this.solidBase(base, depth + 1);
  }

  /** CPython's `best_base`: the base whose solid base is the most derived (the first one on a tie). */
  private bestBase(bases: readonly string[]): string | null {
    let winner: string | null = null;
    let base: string | null = null;
    for (const b of bases) {
      const candidate = this.solidBase(b);
      if (winner === null) {
        winner = candidate;
        base = b;
      } else if (this.getmro(winner)?.includes(candidate)) {
        // winner is already a subtype of candidate
      } else if (this.getmro(candidate)?.includes(winner)) {
        winner = candidate;
        base = b;
      }
    }
    return base;
  }

  /**
   * `inspect.getmembers_static(cls)` names, sorted, each with the class in the MRO whose namespace holds
   * it; `null` when the MRO is unknown.
   */
  getmembers_static(id: string): Member[] | null {
    const mro = this.getmro(id);
    if (!mro) return null;
    if (this.isEnumType(id)) {
      const out: Member[] = [];
      for (const name of this.enumDir(id)) {
        const hit = this.getattr_static(id, name);
        if (hit) out.push({ name, owner: hit.owner });
      }
      return out;
    }
    const owners = new Map<string, string>();
    for (const c of mro) {
      for (const n of this.namespace(c) ?? []) if (!owners.has(n)) owners.set(n, c);
    }
    return [...owners.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, owner]) => ({ name, owner }));
  }

  /**
   * `inspect.getattr_static(obj, name)` for a class or module id: where the name is found without
   * running descriptors or `__getattr__` (class MRO, then the metaclass MRO). `null` when not found.
   */
  getattr_static(id: string, name: string): StaticAttribute | null {
    if (!id.includes(":")) {
      const s = this.module(id);
      const b = s?.scope[name];
      if (!b) return null;
      const r = this.resolveBinding(id, b, 0);
      return { owner: id, id: r.kind === "object" || r.kind === "builtin" ? r.id : null };
    }
    const mro = this.getmro(id);
    const search = (classes: readonly string[]): StaticAttribute | null => {
      for (const c of classes) {
        if ((this.namespace(c) ?? []).includes(name)) return { owner: c, id: this.memberId(c, name) };
      }
      return null;
    };
    if (mro) {
      const hit = search(mro);
      if (hit) return hit;
    }
    const meta = this.metaclass(id);
    const metaMro = meta ? this.getmro(meta) : null;
    return metaMro ? search(metaMro) : null;
  }

  private memberId(classId: string, name: string): string | null {
    const candidate = `${classId}.${name}`;
    const aliased = this.memberAliases.get(candidate);
    if (aliased) return aliased;
    if (this.builtins.objects[classId]) return this.builtins.objects[candidate] ? candidate : null;
    const o = this.object(classId);
    const b = o ? this.summaryOf(o.scope)?.classScopes[classId]?.[name] : undefined;
    if (b?.kind === "definition") return b.target;
    if (b?.kind === "alias" && b.expression && o) {
      const r = this.resolveExpression(o.scope, b.expression);
      if (r.kind === "object" || r.kind === "builtin") return r.id;
    }
    return this.objectIndex.has(candidate) ? candidate : null;
  }

  // ------------------------------------------------------------ source

  /** `inspect.getcomments(obj)`: the comment block above the object's source (module: at the top), or `null`. */
  getcomments(id: string): string | null {
    // inspect.getcomments does not unwrap: a functools.wraps wrapper's comments are its own.
    const wrapped = this.wrapsWrapper(id);
    return (wrapped ?? this.object(id))?.comments ?? null;
  }

  /**
   * `inspect.getsourcelines(obj)` as `{ lineno, count }` (lineno 1-based, 0 for a module), or `null`
   * where inspect raises (no `def`/`class` statement, a property, a C object). The lines themselves
   * are the file's lines `lineno … lineno + count - 1` (see `ParsedModule.lines`).
   */
  getsourcelines(id: string): { readonly lineno: number; readonly count: number } | null {
    return this.object(id)?.sourcelines ?? null;
  }

  // ------------------------------------------------------------ docs

  /** `obj.__doc__` as the runtime sets it, or `null` (None). */
  rawDoc(id: string): string | null {
    const o = this.builtins.objects[id] ? null : this.object(id);
    if (o?.kind === "class" && o.docstring === null && o.class?.dataclass && o.class.dataclass.flavor !== "attrs") {
      // dataclasses sets __doc__ to the name and the signature (without `-> None`).
      const sig = this.signature(id);
      return sig ? o.name + sig.text.replace(" -> None", "") : null;
    }
    if (o?.kind === "module") return this.moduleDoc(o);
    if (o) return o.kind === "attribute" ? null : o.docstring;
    const b = this.builtins.objects[id];
    if (!b) return null;
    return b.kind === "class" ? b.raw_doc ?? null : b.doc ?? null;
  }

  /** A module's `__doc__`: its docstring, unless it rebinds `__doc__` (`from _csv import __doc__`). */
  private moduleDoc(o: DefinedObject): string | null {
    const b = this.summaryOf(o.scope)?.scope.__doc__;
    if (!b) return o.docstring;
    const r = this.resolveBinding(o.scope, b, 0);
    if (r.kind === "constant" && r.type === "builtins:str" && r.repr !== null) return evaluateStringLiteral(r.repr).value;
    if (r.kind === "value" && r.expression.kind === "Constant" && r.expression.type === "str") return r.expression.value;
    if (r.kind === "value" && r.expression.kind === "Constant" && r.expression.type === "None") return null;
    return o.docstring;
  }

  /**
   * `inspect.getdoc(obj)`: `__doc__`, else the first documented namesake along the MRO (CPython 3.11
   * `inspect._finddoc`), cleaned by `inspect.cleandoc`; `null` for None.
   */
  getdoc(id: string): string | null {
    const o = this.object(id);
    if (!o) {
      const b = this.builtins.objects[id];
      return b?.doc ?? null;
    }
    if (o.kind === "attribute") return null;
    let doc = this.rawDoc(id);
    if (doc === null) doc = this.findInheritedDoc(o);
    return doc === null ? null : cleandoc(doc);
  }

  private findInheritedDoc(o: DefinedObject): string | null {
    if (o.kind === "class") {
      for (const c of this.getmro(o.id) ?? []) {
        if (c === "builtins:object") continue;
        const d = this.rawDoc(c);
        if (d !== null) return d;
      }
      return null;
    }
    if (o.kind === "module" || !o.parent || o.qualname?.includes("<locals>")) return null;
    // A C wrapper (lru_cache) has no __objclass__: inspect._finddoc gives up.
    if (o.function?.wrapper === "lru_cache" || o.function?.wrapper === "staticmethod" || o.function?.wrapper === "classmethod") return null;
    if (o.kind === "cached_property") return null; // no __name__: inspect._finddoc gives up
    const owner = this.object(o.parent);
    if (owner?.kind !== "class") return null;
    // `getattr(cls, name) is obj`: the object must be what the class attribute resolves to.
    const found = this.getattr_static(owner.id, o.name);
    if (!found || found.id !== o.id) return null;
    for (const c of this.getmro(owner.id) ?? []) {
      const hit = this.getattr_static(c, o.name);
      if (!hit) continue;
      if (hit.id === null) return null; // a plain value: its type's doc is not the method's
      const d = this.rawDoc(hit.id);
      if (d !== null) return d;
    }
    return null;
  }

  // ------------------------------------------------------------ annotations and signatures

  private renderer(moduleName: string, atLine?: number): AnnotationRenderer {
    return new AnnotationRenderer((e) => this.annotationTarget(moduleName, e, atLine));
  }

  private annotationTarget(moduleName: string, e: Expression, atLine?: number): AnnotationTarget {
    const r = this.resolveExpression(moduleName, e, 0, atLine);
    if (r.kind === "value" && r.expression.kind === "Constant" && r.expression.type === "None") return { kind: "none" };
    if (r.kind === "value" && r.expression.kind === "Call") {
      const call = r.expression;
      const fn = call.func.kind === "Name" || call.func.kind === "Attribute" ? this.resolveExpression(r.module, call.func) : null;
      const fnId = fn && (fn.kind === "object" || fn.kind === "builtin") ? fn.id : null;
      const first = call.args[0]?.value;
      if ((fnId === "typing:TypeVar" || fnId === "typing:ParamSpec") && first?.kind === "Constant" && first.type === "str" && first.value) {
        const flag = (k: string) => call.args.some((a) => a.name === k && a.value.kind === "Constant" && a.value.value === "True");
        const prefix = flag("covariant") ? "+" : flag("contravariant") ? "-" : "~";
        return { kind: "typevar", repr: prefix + first.value };
      }
    }
    const id = r.kind === "object" || r.kind === "builtin" ? r.id : null;
    if (id === null) {
      // typing's special forms are assignments (`Optional = _SpecialForm(...)`, `List = _alias(...)`).
      if (r.kind === "value" && r.module === "typing" && (e.kind === "Name" || e.kind === "Attribute")) {
        const name = e.kind === "Name" ? e.id : e.attr;
        return { kind: "typing", name };
      }
      return { kind: "unknown" };
    }
    if (id.startsWith("typing:")) return { kind: "typing", name: id.slice(7) };
    if (this.isClassId(id)) {
      const o = this.object(id);
      const b = this.builtins.objects[id];
      const module = o?.module ?? b?.module ?? id.slice(0, id.indexOf(":"));
      const qualname = o?.qualname ?? b?.qualname ?? id.slice(id.indexOf(":") + 1);
      // What C[...] builds depends on whose __class_getitem__ it finds.
      const getitem = this.getattr_static(id, "__class_getitem__");
      // (`type[int]` is special-cased in CPython's PyObject_GetItem: type has no __class_getitem__.)
      const subscript = id === "builtins:type" ? "generic" : getitem === null ? null : getitem.owner === "typing:Generic" ? "typing" : "generic";
      return { kind: "class", module, qualname, subscript };
    }
    return { kind: "unknown" };
  }

  /** `inspect.formatannotation` of an annotation expression written in `moduleName`. */
  formatAnnotation(moduleName: string, e: Expression, atLine?: number): string | null {
    const future = this.module(moduleName)?.futureAnnotations ?? false;
    return this.renderer(moduleName, atLine).format(e, future);
  }

  /** An annotation's view: text, `formatannotation` rendering (or `null`), and its names resolved. */
  annotationView(moduleName: string, e: Expression, atLine?: number, rendered?: string | null): AnnotationView {
    return { text: e.text, rendered: rendered === undefined ? this.formatAnnotation(moduleName, e, atLine) : rendered, refs: this.annotationRefs(moduleName, e, atLine) };
  }

  /** The dotted names an annotation uses (parsing string annotations), each resolved to an id or `null`. */
  annotationRefs(moduleName: string, e: Expression, atLine?: number): { name: string; id: string | null }[] {
    const out: { name: string; id: string | null }[] = [];
    const seen = new Set<string>();
    const dotted = (x: Expression): string | null =>
      x.kind === "Name" ? x.id : x.kind === "Attribute" ? ((d) => (d === null ? null : `${d}.${x.attr}`))(dotted(x.value)) : null;
    const visit = (x: Expression, depth: number): void => {
      if (depth > 30) return;
      const name = dotted(x);
      if (name !== null) {
        if (seen.has(name)) return;
        seen.add(name);
        const r = this.resolveExpression(moduleName, x, 0, atLine);
        let id: string | null = null;
        if (r.kind === "object" || r.kind === "builtin") id = r.id;
        else if (r.kind === "module") id = r.name;
        else if (r.kind === "value" && r.module === "typing") id = `typing:${x.kind === "Name" ? x.id : (x as { attr: string }).attr}`;
        out.push({ name, id });
        return;
      }
      switch (x.kind) {
        case "Subscript":
          visit(x.value, depth + 1);
          visit(x.slice, depth + 1);
          return;
        case "Tuple":
        case "List":
        case "Set":
          for (const y of x.elts) visit(y, depth + 1);
          return;
        case "BinOp":
          visit(x.left, depth + 1);
          visit(x.right, depth + 1);
          return;
        case "Starred":
          visit(x.value, depth + 1);
          return;
        case "Call":
          visit(x.func, depth + 1);
          return;
        case "Constant":
          if (x.type === "str" && x.value) {
            const inner = parseExpression(x.value);
            if (inner) visit(inner, depth + 1);
          }
          return;
        default:
          return;
      }
    };
    visit(e, 0);
    return out;
  }

  /** `repr()` of a default value expression evaluated in `moduleName`, or `null` if not knowable. */
  defaultRepr(moduleName: string, e: Expression, atLine?: number, classId?: string): string | null {
    const v = evaluate(e, (x) => this.scopedValueOf(moduleName, x, atLine, classId));
    return v && !v.opaque ? v.repr : null;
  }

  /**
   * A name in a class body (a method's default) is looked up in the class namespace first, as bound so
   * far, then in the module: `sep = "/"` then `def split(self, s, sep=sep)`.
   */
  private scopedValueOf(moduleName: string, e: Expression, atLine: number | undefined, classId: string | undefined): Value | null {
    if (classId && e.kind === "Name") {
      const cls = this.object(classId);
      const history = cls ? this.summaryOf(cls.scope)?.classHistories[classId]?.[e.id] : undefined;
      let b: NameBinding | undefined;
      for (const h of history ?? []) if (atLine === undefined || h.line < atLine) b = h;
      if (b) {
        if (b.kind === "value" && b.expression) return evaluate(b.expression, (x) => this.scopedValueOf(moduleName, x, b.line, classId));
        if (b.kind === "alias" && b.expression) return this.scopedValueOf(moduleName, b.expression, b.line, classId);
        if (b.kind === "definition") {
          const o = this.object(b.target);
          if (o?.kind === "class") return { type: "object", repr: `<class '${o.module}.${o.qualname}'>` };
          if (o?.kind === "method" || o?.kind === "function") return { type: "object", repr: `<function ${o.qualname} at 0x…>` };
        }
        return null;
      }
    }
    return this.valueOf(moduleName, e, 0, atLine);
  }

  /**
   * The value of a name, attribute or call as the evaluator needs it (see `render.ts` `evaluate`):
   * module-level constants (followed through imports), classes and functions (`<class 'm.C'>`,
   * `<function f at 0x…>`), enum members (`<Color.RED: 1>`), C constants from the builtins data
   * (`sys.maxsize`), and instances whose class keeps `object.__repr__` (`<m.C object at 0x…>`).
   */
  private valueOf(moduleName: string, e: Expression, depth: number, atLine?: number): Value | null {
    if (depth > 20) return null;
    const lookup = (scope: string, line?: number) => (x: Expression) => this.valueOf(scope, x, depth + 1, line);
    if (e.kind === "Call") return this.instanceValue(moduleName, e, atLine);
    if (e.kind !== "Name" && e.kind !== "Attribute") return null;
    const r = this.resolveExpression(moduleName, e, 0, atLine);
    const other = (repr: string): Value => ({ type: "object", repr });
    if (r.kind === "value") {
      const v = r.owner && e.kind === "Attribute" && this.isEnumClass(r.owner) ? this.enumMemberValue(r.owner, e.attr) : evaluate(r.expression, lookup(r.module, r.line));
      if (v && r.owner && e.kind === "Attribute") {
        // A class attribute is its value unless the class is an Enum (then it is a member); with an
        // unknown MRO we cannot tell, so we do not guess.
        if (this.getmro(r.owner) === null) return null;
        if (this.isEnumClass(r.owner) && !e.attr.startsWith("_")) {
          const cls = this.object(r.owner);
          return cls ? other(`<${cls.name}.${e.attr}: ${v.repr}>`) : null;
        }
      }
      return v;
    }
    if (r.kind === "object") {
      const o = this.object(r.id);
      if (!o) return null;
      if (o.kind === "class") return other(`<class '${o.module}.${o.qualname}'>`);
      if (o.kind === "function") return other(`<function ${o.qualname} at 0x…>`);
      return null;
    }
    if (r.kind === "builtin") {
      const b = this.builtins.objects[r.id];
      if (b?.kind === "class") return other(b.module === "builtins" ? `<class '${b.qualname}'>` : `<class '${b.module}.${b.qualname}'>`);
      if (b?.kind === "builtin_function") return other(`<built-in function ${b.name}>`);
      const owner = b?.owner ? this.builtins.objects[b.owner]?.name : undefined;
      if (b?.kind === "wrapper_descriptor" && owner) return other(`<slot wrapper '${b.name}' of '${owner}' objects>`);
      if (b?.kind === "method_descriptor" && owner) return other(`<method '${b.name}' of '${owner}' objects>`);
      return null;
    }
    if (r.kind === "module") return { type: "object", repr: `<module '${r.name}'>`, opaque: true };
    if (r.kind === "constant") {
      if (r.repr === null) return null;
      if (r.type === "builtins:int" && /^-?\d+$/.test(r.repr)) return { type: "int", repr: r.repr, int: BigInt(r.repr) };
      if (r.type === "builtins:bool") return { type: "bool", repr: r.repr, int: r.repr === "True" ? 1n : 0n };
      if (r.type === "builtins:NoneType") return { type: "None", repr: "None" };
      if (r.type === "builtins:float") return { type: "float", repr: r.repr, float: Number(r.repr) };
      return other(r.repr);
    }
    return null;
  }

  /** `X()` with no arguments: `object()`, empty containers, or an instance keeping `object.__repr__`. */
  private instanceValue(moduleName: string, e: Expression & { kind: "Call" }, atLine?: number): Value | null {
    if (e.func.kind !== "Name" && e.func.kind !== "Attribute") return null;
    const r = this.resolveExpression(moduleName, e.func, 0, atLine);
    const id = r.kind === "object" || r.kind === "builtin" ? r.id : null;
    if (!id || !this.isClassId(id)) return null;
    if (e.args.length === 0) {
      const empty: Record<string, Value> = {
        "builtins:object": { type: "object", repr: "<object object at 0x…>" },
        "builtins:set": { type: "set", repr: "set()" },
        "builtins:frozenset": { type: "frozenset", repr: "frozenset()" },
        "builtins:tuple": { type: "tuple", repr: "()", items: [] },
        "builtins:list": { type: "list", repr: "[]", items: [] },
        "builtins:dict": { type: "dict", repr: "{}" },
      };
      if (empty[id]) return empty[id]!;
    }
    const o = this.builtins.objects[id] ? null : this.object(id);
    if (!o) return null;
    if (this.metaclass(id) !== "builtins:type") return null;
    const repr = this.getattr_static(id, "__repr__");
    if (repr && this.generatesRepr(repr.owner) && this.getattr_static(id, "__init__")?.owner === repr.owner && this.generatesInit(repr.owner)) {
      return this.dataclassInstance(moduleName, e, repr.owner, o.qualname ?? o.name);
    }
    const nw = this.getattr_static(id, "__new__");
    if (repr?.owner !== "builtins:object" || nw?.owner !== "builtins:object") return null;
    return { type: "object", repr: `<${o.module}.${o.qualname} object at 0x…>` };
  }

  /**
   * The value of enum member `name` of class `id`: its literal, or for `auto()` what
   * `_generate_next_value_` gives in 3.11 (Enum: 1, then the last value + 1; Flag: the next power of
   * two; StrEnum: the lower-cased name). `null` when not statically knowable.
   */
  private enumMemberValue(id: string, name: string): Value | null {
    const o = this.object(id);
    const scope = o ? this.summaryOf(o.scope)?.classScopes[id] : undefined;
    if (!o || !scope) return null;
    const mro = this.getmro(id) ?? [];
    const flag = mro.includes("enum:Flag");
    const str = mro.includes("enum:StrEnum");
    const last: bigint[] = [];
    for (const member of this.enumMemberNames(id)) {
      const b = scope[member]!;
      const expr = b.expression!;
      let v: Value | null;
      const isAuto = expr.kind === "Call" && (expr.func.kind === "Name" || expr.func.kind === "Attribute") && expr.args.length === 0 && (() => {
        const f = this.resolveExpression(o.scope, expr.func, 0, b.line);
        return f.kind === "object" && f.id === "enum:auto";
      })();
      if (isAuto) {
        if (str) v = { type: "str", repr: strRepr(member.toLowerCase()), text: member.toLowerCase() };
        else if (flag) {
          const high = last.length ? last.reduce((a, x) => (x > a ? x : a), 0n) : 0n;
          const next = high <= 0n ? 1n : 1n << BigInt(high.toString(2).length);
          v = { type: "int", repr: next.toString(), int: next };
        } else {
          const next = last.length ? last[last.length - 1]! + 1n : 1n;
          v = { type: "int", repr: next.toString(), int: next };
        }
      } else v = evaluate(expr, (x) => this.valueOf(o.scope, x, 1, b.line));
      if (member === name) return v;
      if (v?.int === undefined) {
        if (!str) return null; // auto() after a non-int value is not worth guessing
      } else last.push(v.int);
    }
    return null;
  }

  /** Whether a class's MRO goes through `enum.Enum`. */
  private isEnumClass(id: string): boolean {
    return this.getmro(id)?.includes("enum:Enum") ?? false;
  }

  private parameterView(moduleName: string, p: Parameter, lambdaPrefix: string, atLine?: number, classId?: string): InspectParameter {
    let def: InspectParameter["default"] = null;
    if (p.default) {
      const rendered =
        p.default.kind === "Lambda" ? `<function ${lambdaPrefix}<lambda> at 0x…>` : this.defaultRepr(moduleName, p.default, atLine, classId);
      // A default that *is* `inspect.Parameter.empty` (`inspect._empty`) means "no default" to inspect.
      const r = p.default.kind === "Name" || p.default.kind === "Attribute" ? this.resolveExpression(moduleName, p.default, 0, atLine) : null;
      if (!(r?.kind === "object" && r.id === "inspect:_empty")) def = { text: p.default.text, rendered };
    }
    return {
      name: p.name,
      kind: p.kind,
      default: def,
      annotation: p.annotation ? this.annotationView(moduleName, p.annotation, atLine) : null,
    };
  }

  /** The signature of a `def` as a plain function (no parameter bound). */
  private functionSignature(o: DefinedObject): InspectSignature | null {
    const f = o.function;
    if (!f) return null;
    // Defaults are evaluated in the scope around the def: a lambda there is `<prefix><lambda>`.
    const q = o.qualname ?? "";
    const lambdaPrefix = q.includes(".") ? q.slice(0, q.lastIndexOf(".") + 1) : "";
    // Defaults and annotations are evaluated when the `def` runs.
    const line = this.runLine(o);
    // A method's defaults are evaluated in the class body: its names come first.
    const owner = o.parent ? this.object(o.parent) : null;
    const classId = owner?.kind === "class" ? owner.id : undefined;
    const params = f.parameters.map((p) => this.parameterView(o.scope, p, lambdaPrefix, line, classId));
    const ret = f.returns ? this.annotationView(o.scope, f.returns, line) : null;
    return makeSignature(params, ret);
  }

  /**
   * `inspect.signature(obj)` for an object as accessed from its owner: functions, methods and
   * staticmethods in full; classmethods bound (first parameter dropped); classes as inspect derives
   * them (metaclass `__call__`, then `__new__`/`__init__` along the MRO, then builtins). `null` where
   * inspect raises (properties, modules, classes with no signature found).
   */
  signature(id: string): InspectSignature | null {
    const o = this.object(id);
    if (!o) return null;
    switch (o.kind) {
      case "function":
      case "method":
      case "staticmethod":
        return this.functionSignature(o);
      case "classmethod":
        return bound(this.functionSignature(o));
      case "class":
        return this.classSignature(o);
      default:
        return null;
    }
  }

  private classSignature(o: DefinedObject): InspectSignature | null {
    const mro = this.getmro(o.id);
    if (!mro) return null;
    if (mro.includes(PYDANTIC_MODEL) && o.id !== PYDANTIC_MODEL) {
      const sig = this.pydanticSignature(mro);
      if (sig) return sig;
    }
    const meta = this.metaclass(o.id);
    if (meta && meta !== "builtins:type") {
      const call = this.getattr_static(meta, "__call__");
      if (call?.id && this.object(call.id)?.function) {
        if (!this.getmro(meta)?.includes("builtins:type") || call.owner !== "builtins:type") {
          const f = this.object(call.id)!;
          if (f.kind === "method" || f.kind === "function") return bound(this.functionSignature(f));
        }
      }
    }
    const userDefined = (name: string): DefinedObject | null => {
      const hit = this.getattr_static(o.id, name);
      if (!hit?.id) return null;
      const f = this.object(hit.id);
      return f?.function ? f : null;
    };
    const newFn = userDefined("__new__");
    const initOwner = this.getattr_static(o.id, "__init__")?.owner;
    const generatedInit = initOwner !== undefined && this.generatesInit(initOwner);
    const initFn = generatedInit ? null : userDefined("__init__");
    for (const c of mro) {
      const ns = this.namespace(c) ?? [];
      if (newFn && ns.includes("__new__")) return bound(this.functionSignature(newFn));
      if (generatedInit && c === initOwner) return bound(this.dataclassInitSignature(c));
      if (initFn && ns.includes("__init__")) return bound(this.functionSignature(initFn));
    }
    for (const c of mro.slice(0, -1)) {
      const b = this.builtins.objects[c];
      if (b?.text_signature) return parseTextSignature(b.text_signature, true);
    }
    if (!mro.includes("builtins:type")) {
      const init = this.getattr_static(o.id, "__init__");
      const nw = this.getattr_static(o.id, "__new__");
      if (init?.owner === "builtins:object" && nw?.owner === "builtins:object") return makeSignature([], null);
    }
    return null;
  }

  /**
   * `inspect.get_annotations(obj)` rendered by `formatannotation`: a module's or class's annotated
   * names, a function's parameters and `return`. `null` for other kinds.
   */
  get_annotations(id: string): Record<string, string | null> | null {
    const o = this.object(id);
    if (!o) return null;
    if (o.kind === "class" && o.class) {
      const out: Record<string, string | null> = Object.create(null);
      for (const a of o.class.annotations) out[a.name] = this.formatAnnotation(o.scope, a.annotation);
      return out;
    }
    if (o.function && o.kind !== "property") {
      const out: Record<string, string | null> = Object.create(null);
      for (const p of o.function.parameters) if (p.annotation) out[p.name] = this.formatAnnotation(o.scope, p.annotation);
      if (o.function.returns) out.return = this.formatAnnotation(o.scope, o.function.returns);
      return out;
    }
    if (o.kind === "module") {
      const out: Record<string, string | null> = Object.create(null);
      const s = this.module(o.scope);
      for (const obj of s?.objects ?? []) {
        if (obj.kind === "attribute" && obj.parent === o.id && obj.attribute?.annotation) out[obj.name] = this.formatAnnotation(o.scope, obj.attribute.annotation);
      }
      return out;
    }
    return null;
  }

  // ------------------------------------------------------------ predicates

  /** `inspect.is*` of the object as accessed from its owner. */
  predicates(id: string): Predicates {
    const o = this.object(id);
    const kind: ObjectKind | null = o?.kind ?? null;
    const f = o?.function ?? null;
    const routine = kind === "function" || kind === "method" || kind === "staticmethod" || kind === "classmethod";
    if (routine && f?.wrapper === "wraps") {
      const isfunction = kind !== "classmethod";
      return {
        ismodule: false, isclass: false, isfunction, ismethod: !isfunction, isroutine: true, isbuiltin: false,
        ismethoddescriptor: false, isdatadescriptor: false, isgeneratorfunction: false, iscoroutinefunction: false,
        isasyncgenfunction: false, isabstract: false,
      };
    }
    if (routine && f?.wrapper) {
      // A C wrapper object (lru_cache wrapper, bare staticmethod/classmethod): a method descriptor.
      return {
        ismodule: false, isclass: false, isfunction: false, ismethod: false, isroutine: true, isbuiltin: false,
        ismethoddescriptor: true, isdatadescriptor: false, isgeneratorfunction: false, iscoroutinefunction: false,
        isasyncgenfunction: false, isabstract: false,
      };
    }
    const wrapped = routine ? this.wrapsWrapper(id) : null;
    if (wrapped?.function) {
      const w = wrapped.function;
      return {
        ismodule: false, isclass: false, isfunction: kind !== "classmethod", ismethod: kind === "classmethod", isroutine: true, isbuiltin: false,
        ismethoddescriptor: false, isdatadescriptor: false, isgeneratorfunction: w.flags.yields && !w.isAsync,
        iscoroutinefunction: w.isAsync && !w.flags.yields, isasyncgenfunction: w.isAsync && w.flags.yields, isabstract: false,
      };
    }
    const gen = routine && !!f && f.flags.yields && !f.isAsync;
    const coro = routine && !!f && f.isAsync && !f.flags.yields;
    const agen = routine && !!f && f.isAsync && f.flags.yields;
    return {
      ismodule: kind === "module",
      isclass: kind === "class",
      isfunction: kind === "function" || kind === "method" || kind === "staticmethod",
      ismethod: kind === "classmethod",
      isroutine: routine || kind === "cached_property", // isroutine includes ismethoddescriptor
      isbuiltin: false,
      // property defines __set__ (a data descriptor); cached_property only __get__ (a method descriptor).
      ismethoddescriptor: kind === "cached_property",
      isdatadescriptor: kind === "property",
      isgeneratorfunction: gen,
      iscoroutinefunction: coro,
      isasyncgenfunction: agen,
      isabstract: kind === "class" ? this.isAbstract(id) : false,
    };
  }

  /**
   * The function a `functools.wraps` decorator puts in place of `id`: when the outermost decorator we
   * do not know is a function of the program (`@deco`, or a factory `@deco(…)`) that defines a nested
   * function decorated with `@functools.wraps(…)`, that nested function is the object inspect sees
   * (its flags and comments; signature, docs and source lines follow `__wrapped__` back to `id`).
   * `null` otherwise.
   */
  wrapsWrapper(id: string): DefinedObject | null {
    const o = this.object(id);
    const f = o?.function;
    if (!o || !f || f.wrapper !== null || f.unknownDecorators.length === 0 || o.decorators.length === 0) return null;
    const called = /^([\w.]+)(\(.*\))?$/s.exec(o.decorators[0]!);
    if (!called) return null;
    const ref = this.resolveExpression(o.scope, dottedExpression(called[1]!), 0, this.runLine(o));
    if (ref.kind !== "object") return null;
    const deco = this.object(ref.id);
    if (!deco?.function) return null;
    // `@deco` wraps directly; `@deco(…)` returns the decorator, one level further in.
    const prefix = `${deco.id}.<locals>.`;
    const candidates = this.summaryOf(deco.scope)?.objects.filter((x) => x.id.startsWith(prefix) && x.function && x.decorators.some((d) => /(^|\.)wraps\(/.test(d))) ?? [];
    // One level in for `@deco`, two for a factory; decorators like typing's `_tp_cache` accept both.
    const depth = called[2] ? 2 : 1;
    const levels = (x: DefinedObject) => x.id.slice(deco.id.length).split(".<locals>.").length - 1;
    const nested = candidates.filter((x) => levels(x) === depth);
    if (nested.length === 1) return nested[0]!;
    return candidates.length === 1 ? candidates[0]! : null;
  }

  /**
   * What `inspect.unwrap(obj)` returns when the object has `__wrapped__` (a `functools.wraps` or
   * `lru_cache` wrapper, a bare `staticmethod`/`classmethod`): the id of the `def` underneath, which is
   * where signatures, docs and source lines are read. `null` when nothing wraps it.
   */
  wrapped(id: string): string | null {
    const f = this.object(id)?.function;
    if (!f) return null;
    return f.wrapper !== null || this.wrapsWrapper(id) ? id : null;
  }

  /**
   * The `@typing.overload` variants of a function as signatures (in source order), or `null` when it
   * has none. Like `typing.get_overloads()`, without running the module.
   */
  overloads(id: string): InspectSignature[] | null {
    const o = this.object(id);
    const variants = o?.function?.overloads;
    if (!o || !variants?.length) return null;
    const q = o.qualname ?? "";
    const lambdaPrefix = q.includes(".") ? q.slice(0, q.lastIndexOf(".") + 1) : "";
    return variants.map((v) => {
      const line = this.runLine(o) === undefined ? undefined : v.line;
      const params = v.parameters.map((p) => this.parameterView(o.scope, p, lambdaPrefix, line));
      const ret = v.returns ? this.annotationView(o.scope, v.returns, line) : null;
      const sig = makeSignature(params, ret);
      return o.kind === "classmethod" ? bound(sig) ?? sig : sig;
    });
  }

  /**
   * The `co_flags` a routine's code gets from the compiler, as `CO_*` names sorted (CPython 3.11:
   * `CO_OPTIMIZED`, `CO_NEWLOCALS` for every function; `CO_VARARGS`/`CO_VARKEYWORDS` for `*args`/`**kw`;
   * `CO_NESTED` inside another function; `CO_GENERATOR`, `CO_COROUTINE`, `CO_ASYNC_GENERATOR` from
   * `yield`/`async`). `null` for non-routines and C wrappers (no code object).
   */
  codeFlags(id: string): string[] | null {
    const o = this.object(id);
    const f = o?.function;
    if (!o || !f || !["function", "method", "staticmethod", "classmethod"].includes(o.kind)) return null;
    if (f.wrapper === "lru_cache") return null;
    const wrapped = this.wrapsWrapper(id);
    if (wrapped) return this.codeFlags(wrapped.id);
    const flags = ["CO_OPTIMIZED", "CO_NEWLOCALS"];
    if (f.wrapper === "wraps") {
      // contextlib's `helper(*args, **kwds)`, nested in contextmanager().
      flags.push("CO_VARARGS", "CO_VARKEYWORDS", "CO_NESTED");
      return flags.sort();
    }
    if (f.parameters.some((p) => p.kind === "VAR_POSITIONAL")) flags.push("CO_VARARGS");
    if (f.parameters.some((p) => p.kind === "VAR_KEYWORD")) flags.push("CO_VARKEYWORDS");
    if (o.qualname?.includes("<locals>")) flags.push("CO_NESTED");
    if (f.flags.yields) flags.push(f.isAsync ? "CO_ASYNC_GENERATOR" : "CO_GENERATOR");
    if (f.iterableCoroutine) flags.push("CO_ITERABLE_COROUTINE");
    else if (f.isAsync) flags.push("CO_COROUTINE");
    return flags.sort();
  }

  /** `inspect.isabstract`: an ABCMeta class with abstract methods left (`__abstractmethods__` non-empty). */
  isAbstract(id: string): boolean {
    const meta = this.metaclass(id);
    const metaMro = meta ? this.getmro(meta) : null;
    if (!metaMro || !metaMro.includes("abc:ABCMeta")) return false;
    const members = this.getmembers_static(id) ?? [];
    for (const m of members) {
      const hit = this.getattr_static(id, m.name);
      const obj = hit?.id ? this.object(hit.id) : null;
      if (obj?.function?.abstract) return true;
    }
    return false;
  }
}


/** `Signature.__str__` of CPython 3.11 over rendered parameters. */
export function makeSignature(params: readonly InspectParameter[], ret: AnnotationView | null): InspectSignature {
  const parts: string[] = [];
  let posOnlySep = false;
  let kwOnlySep = true;
  for (const p of params) {
    let s = p.name;
    if (p.annotation) s = `${s}: ${p.annotation.rendered ?? p.annotation.text}`;
    if (p.default) s = p.annotation ? `${s} = ${p.default.rendered ?? p.default.text}` : `${s}=${p.default.rendered ?? p.default.text}`;
    if (p.kind === "VAR_POSITIONAL") s = "*" + s;
    else if (p.kind === "VAR_KEYWORD") s = "**" + s;
    if (p.kind === "POSITIONAL_ONLY") posOnlySep = true;
    else if (posOnlySep) {
      parts.push("/");
      posOnlySep = false;
    }
    if (p.kind === "VAR_POSITIONAL") kwOnlySep = false;
    else if (p.kind === "KEYWORD_ONLY" && kwOnlySep) {
      parts.push("*");
      kwOnlySep = false;
    }
    parts.push(s);
  }
  if (posOnlySep) parts.push("/");
  let text = `(${parts.join(", ")})`;
  if (ret) text += ` -> ${ret.rendered ?? ret.text}`;
  return { text, parameters: params, return_annotation: ret };
}

/** `inspect._signature_bound_method`: drops the first positional parameter. */
function bound(sig: InspectSignature | null): InspectSignature | null {
  if (!sig) return null;
  const [first, ...rest] = sig.parameters;
  if (!first) return null; // inspect raises ValueError('invalid method signature')
  if (first.kind === "VAR_KEYWORD" || first.kind === "KEYWORD_ONLY") return null;
  if (first.kind === "VAR_POSITIONAL") return sig;
  return makeSignature(rest, sig.return_annotation);
}

/** A `__text_signature__` (`($self, /, *args, **kwargs)`) as inspect parses it; `$`-parameters are bound. */
export function parseTextSignature(text: string, skipBound: boolean): InspectSignature | null {
  const m = /^\((.*)\)$/s.exec(text.trim());
  if (!m) return null;
  const params: InspectParameter[] = [];
  let kind: Parameter["kind"] = "POSITIONAL_OR_KEYWORD";
  const items = m[1]!.split(",").map((s) => s.trim()).filter(Boolean);
  const slash = items.indexOf("/");
  items.forEach((item, i) => {
    if (item === "/") return;
    if (item === "*") {
      kind = "KEYWORD_ONLY";
      return;
    }
    let name = item;
    let def: string | null = null;
    const eq = item.indexOf("=");
    if (eq >= 0) {
      name = item.slice(0, eq).trim();
      def = item.slice(eq + 1).trim();
    }
    let k: Parameter["kind"] = i < slash ? "POSITIONAL_ONLY" : kind;
    if (name.startsWith("**")) {
      k = "VAR_KEYWORD";
      name = name.slice(2);
    } else if (name.startsWith("*")) {
      k = "VAR_POSITIONAL";
      name = name.slice(1);
      kind = "KEYWORD_ONLY";
    }
    if (name.startsWith("$")) {
      if (skipBound) return;
      name = name.slice(1);
    }
    params.push({ name, kind: k, default: def === null ? null : { text: def, rendered: def }, annotation: null });
  });
  return makeSignature(params, null);
}
