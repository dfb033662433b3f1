import { createHash } from "node:crypto";
import type {
  Parameter,
  ClassDef,
  Diagnostic,
  Expression,
  FunctionDef,
  ParsedModule,
  Span,
  Statement,
} from "@static-inspect/parser";
import type { AllOp, ClassInfo, DataclassField, DataclassInfo, DefinedObject, FunctionInfo, GuardLiteral, ImportGuard, ModuleSummary, NameBinding, ObjectKind, When } from "./model.ts";
import { evaluateCondition, type Target } from "./conditions.ts";
import { functionSourceIndex, getblockLength, getcomments } from "./sourcelines.ts";

/** What {@link bind} needs to know about the module besides its parsed source. */
export interface BindInput {
  /** Dotted module name (`json.decoder`). */
  readonly name: string;
  /** True for a package's `__init__.py`. */
  readonly isPackage: boolean;
  /** The file's bytes, for the content hash. */
  readonly bytes: Uint8Array;
  /** The interpreter analysed for: decides `if sys.platform …`/`sys.version_info` branches. Default 3.11 on linux. */
  readonly target?: Target;
}

/**
 * Binds one parsed module: every module, class, function, method, property and attribute defined in
 * its source, with its qualname (PEP 3155), kind, docstring, decorators, `getcomments` and
 * `getsourcelines` (both computed from the file's own lines, as `inspect.findsource` does), and the
 * module's and classes' name bindings for linking.
 *
 * Hermetic: reads nothing but its arguments, so the summary can be cached by content hash and target.
 * `try: import … except ImportError:` branches are recorded with the modules they need (see
 * `ImportGuard`) and decided when linking.
 * Never throws; reports via diagnostics (the parser's are included).
 */
export function bind(parsed: ParsedModule, input: BindInput): ModuleSummary {
  const binder = new Binder(parsed, input);
  return binder.run();
}

// Decorators and factories by canonical name (imports followed within the module; `builtins.` dropped).
const PROPERTY_DECORATORS = new Set(["property", "abc.abstractproperty", "types.DynamicClassAttribute", "enum.property"]);
const STATIC_DECORATORS = new Set(["staticmethod", "abc.abstractstaticmethod"]);
const CLASS_DECORATORS = new Set(["classmethod", "abc.abstractclassmethod"]);
const ABSTRACT_DECORATORS = new Set(["abc.abstractmethod", "abc.abstractproperty", "abc.abstractclassmethod", "abc.abstractstaticmethod"]);
const LRU_CACHE_DECORATORS = new Set(["functools.lru_cache", "functools.cache"]);
/** Decorators that return a new function made with `functools.wraps` (same signature, doc and source, not a generator). */
const WRAPS_DECORATORS = new Set(["contextlib.contextmanager", "contextlib.asynccontextmanager", "functools.singledispatch"]);
/** Decorators known to return the function itself (so its signature, doc and source stay the function's). */
const TRANSPARENT_DECORATORS = new Set(["types.coroutine", "typing.overload", "typing.final", "typing.no_type_check", "typing.override", "typing_extensions.override", "typing_extensions.final", "typing_extensions.overload", "atexit.register", "enum.unique"]);
const NAMEDTUPLE_FACTORIES = new Set(["collections.namedtuple"]);
const TYPED_NAMEDTUPLE = new Set(["typing.NamedTuple", "typing_extensions.NamedTuple"]);

interface NamedTupleField {
  readonly name: string;
  readonly annotation: Expression | null;
  default: Expression | null;
}

interface ScopeFrame {
  readonly kind: "module" | "class" | "function";
  /** For classes: the class name (private names are mangled with it). */
  readonly className?: string;
  /** Qualname prefix for definitions inside (`""`, `C.`, `f.<locals>.`). */
  readonly prefix: string;
  /** Id of the object owning this scope. */
  readonly owner: string;
  readonly bindings: Record<string, NameBinding>;
  /** For classes: namespace names in first-binding order. */
  readonly namespace: string[];
  readonly annotations: { name: string; annotation: Expression }[];
  slots: string[] | null;
  /** For classes: keys bound only under guard branches, with those branches (`null` once bound unconditionally). */
  namespaceWhen?: Map<string, When[] | null>;
}

class Binder {
  private readonly objects = new Map<string, DefinedObject>();
  private readonly classScopes: Record<string, Record<string, NameBinding>> = dict();
  private readonly diagnostics: Diagnostic[];
  private readonly lineTexts: string[];
  /** First class definition line (0-based index) per qualname, as `inspect._ClassFinder` finds it. */
  private readonly classFirstLine = new Map<string, number>();
  private all: string[] | null = null;
  /** `__name__` as reassigned at module level (`_collections_abc` says `collections.abc`): `__module__` of later definitions. */
  private runtimeModule: string;
  private allUnknown = false;
  private allOps: AllOp[] = [];
  private history: Record<string, NameBinding[]> = dict();
  private futureAnnotations = false;

  constructor(
    private readonly parsed: ParsedModule,
    private readonly input: BindInput,
  ) {
    this.diagnostics = [...parsed.diagnostics];
    this.runtimeModule = input.name;
    const n = parsed.lines.lineCount;
    this.lineTexts = [];
    for (let i = 1; i <= n; i++) this.lineTexts.push(parsed.lines.lineText(i));
  }

  run(): ModuleSummary {
    const { parsed, input } = this;
    const syntax = parsed.syntax;
    const moduleFrame: ScopeFrame = { kind: "module", prefix: "", owner: input.name, bindings: dict(), namespace: [], annotations: [], slots: null };
    const lines = this.lineTexts;
    this.objects.set(input.name, {
      id: input.name,
      module: input.name,
      scope: input.name,
      qualname: null,
      name: input.name.split(".").pop()!,
      kind: "module",
      parent: null,
      path: parsed.path,
      span: { line: 1, endLine: Math.max(1, lines.length) },
      position: syntax.span,
      conditions: [],
      docstring: syntax.docstring?.value ?? null,
      decorators: [],
      comments: getcomments(lines, null),
      sourcelines: lines.length ? { lineno: 0, count: lines.length } : null,
      function: null,
      class: null,
      attribute: null,
    });
    this.moduleFrame = moduleFrame;
    // Imported, not run as a script: `if __name__ == "__main__":` blocks do not run.
    this.knownConditions.set("__name__", input.name);
    this.body(syntax.body, moduleFrame);
    // Definitions a guarded one replaced come first: per id, the alternatives stay in source order.
    const sorted = [...this.superseded, ...this.objects.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      name: input.name,
      path: parsed.path,
      isPackage: input.isPackage,
      encoding: parsed.source.encoding,
      sha256: createHash("sha256").update(input.bytes).digest("hex"),
      objects: sorted,
      scope: moduleFrame.bindings,
      history: this.history,
      typeCheckingScope: this.typeCheckingScope,
      classHistories: this.classHistories,
      classScopes: this.classScopes,
      all: this.allUnknown ? null : this.all,
      allOps: this.allOps,
      futureAnnotations: this.futureAnnotations,
      guards: this.guards,
      diagnostics: this.diagnostics,
    };
  }

  /** Import guards found so far, and the stack of guard branches being bound (outermost first). */
  private readonly guards: ImportGuard[] = [];
  private readonly when: GuardLiteral[] = [];
  /** Definitions replaced by one made under a guard branch, which link may drop. */
  private readonly superseded: DefinedObject[] = [];

  /** Records a new definition (replacing an earlier one with its id, which is kept if the new one is guarded). */
  private define(obj: DefinedObject): void {
    const prev = this.objects.get(obj.id);
    if (prev && this.when.length) this.superseded.push(prev);
    this.objects.delete(obj.id); // re-insert so a redefinition sorts where the last one is
    this.objects.set(obj.id, this.when.length ? { ...obj, when: [...this.when] } : obj);
  }

  /**
   * Module-level names whose value depends on an import guard (`_mswindows = False` in the handler,
   * `True` in `else`): the guard and the value on each side.
   */
  private readonly guardedConditions = new Map<string, { guard: number; ifSucceeds: boolean | string; ifFails: boolean | string }>();
  /** Values assigned directly in each branch of the guards being bound (`null`: not statically known). */
  private readonly guardBranchValues = new Map<string, Map<string, boolean | string | null>>();

  /**
   * After a guard's two branches: a name given a known value on both sides (or kept from before on
   * one) becomes known, outright when both agree, else as depending on the guard.
   */
  private settleGuardedNames(guard: number, before: ReadonlyMap<string, boolean | string>): void {
    const ok = this.guardBranchValues.get(branchKey({ guard, succeeds: true }))!;
    const failed = this.guardBranchValues.get(branchKey({ guard, succeeds: false }))!;
    for (const name of new Set([...ok.keys(), ...failed.keys()])) {
      const ifSucceeds = ok.has(name) ? ok.get(name)! : (before.get(name) ?? null);
      const ifFails = failed.has(name) ? failed.get(name)! : (before.get(name) ?? null);
      if (ifSucceeds === null || ifFails === null) continue;
      if (ifSucceeds === ifFails) this.knownConditions.set(name, ifSucceeds);
      else this.guardedConditions.set(name, { guard, ifSucceeds, ifFails });
    }
  }

  /**
   * How an `if` test that names guard-dependent values (and nothing else unknown) comes out on each
   * side of that one guard, or `null` when it does not depend on exactly one guard that way.
   */
  private guardDecides(test: Expression): { guard: number; ifTrue: boolean; ifFalse: boolean } | null {
    const used = [...new Set(namesIn(test))].filter((n) => this.guardedConditions.has(n));
    const guards = new Set(used.map((n) => this.guardedConditions.get(n)!.guard));
    if (guards.size !== 1) return null;
    const guard = [...guards][0]!;
    const outcome = (succeeds: boolean) => {
      const known = new Map(this.knownConditions);
      for (const n of used) known.set(n, succeeds ? this.guardedConditions.get(n)!.ifSucceeds : this.guardedConditions.get(n)!.ifFails);
      return evaluateCondition(test, this.target, (e) => this.canonical(e), known);
    };
    const ifTrue = outcome(true);
    const ifFalse = outcome(false);
    return ifTrue === null || ifFalse === null ? null : { guard, ifTrue, ifFalse };
  }

  /** Binds `run` under guard branch `literal`. */
  private underGuard(literal: GuardLiteral, run: () => void): void {
    if (!this.guardBranchValues.has(branchKey(literal))) this.guardBranchValues.set(branchKey(literal), new Map());
    this.when.push(literal);
    try {
      run();
    } finally {
      this.when.pop();
    }
  }

  /**
   * The dotted name an expression refers to, following this module's own imports:
   * `@bltns.property` with `import builtins as bltns` is `property`; `@lru_cache` after
   * `from functools import lru_cache` is `functools.lru_cache`.
   */
  private canonical(e: Expression): string {
    const dotted = decoratorName(e);
    const [head, ...rest] = dotted.split(".");
    const b = head === undefined ? undefined : this.moduleFrame?.bindings[head];
    let name = dotted;
    if (b?.kind === "import") name = [b.target, ...rest].join(".");
    else if (b?.kind === "importFrom") name = [`${b.target}.${b.name}`, ...rest].join(".");
    return name.startsWith("builtins.") ? name.slice(9) : name;
  }

  private moduleFrame: ScopeFrame | null = null;
  /** `@overload` variants seen for a function id, waiting for its implementation. */
  /** The conditions of the `if`/`except` branches being bound, outermost first. */
  private readonly conditions: string[] = [];
  private readonly overloads = new Map<string, FunctionInfo["overloads"] & object>();
  /** Depth of `if`/`try` branches the target does not decide (both are bound). */
  private undecided = 0;
  /** Depth of `try` bodies whose handlers catch ImportError. */
  private guarded = 0;
  /** Module-level names bound to a condition the target decides (`_WINDOWS = os.name == "nt"`). */
  private readonly knownConditions = new Map<string, boolean | string>();
  private get target(): Target {
    return this.input.target ?? { python: "3.11", platform: "linux" };
  }

  private id(qualname: string): string {
    return `${this.runtimeModule}:${qualname}`;
  }

  private setBinding(frame: ScopeFrame, name: string, given: NameBinding): void {
    const binding = this.when.length ? { ...given, when: [...this.when] } : given;
    frame.bindings[name] = binding;
    if (frame.kind === "module") (this.history[name] ??= []).push(binding);
    else if (frame.kind === "class") ((this.classHistories[frame.owner] ??= dict())[name] ??= []).push(binding);
    const key = frame.kind === "class" ? mangle(frame.className, name) : name;
    if (frame.kind === "class" && !frame.namespace.includes(key)) frame.namespace.push(key);
    if (frame.kind === "class") {
      // A key bound only under guard branches is in the namespace only where one of them runs.
      const whens = (frame.namespaceWhen ??= new Map());
      if (!this.when.length) whens.set(key, null);
      else if (whens.get(key) !== null) whens.set(key, [...(whens.get(key) ?? []), [...this.when]]);
    }
  }

  private body(stmts: readonly Statement[], frame: ScopeFrame): void {
    for (const s of stmts) this.statement(s, frame);
  }

  private statement(s: Statement, frame: ScopeFrame): void {
    switch (s.kind) {
      case "FunctionDef":
        this.functionDef(s, frame);
        return;
      case "ClassDef":
        this.classDef(s, frame);
        return;
      case "If": {
        // A branch decided by the target (platform, version, TYPE_CHECKING) binds only what runs; one
        // that depends on an import guard (`if _mswindows:`) binds each side under a guard branch.
        let taken = evaluateCondition(s.test, this.target, (e) => this.canonical(e), this.knownConditions);
        const byGuard = taken === null ? this.guardDecides(s.test) : null;
        if (byGuard && byGuard.ifTrue === byGuard.ifFalse) taken = byGuard.ifTrue;
        const split = byGuard && byGuard.ifTrue !== byGuard.ifFalse ? byGuard : null;
        const side = (truth: boolean, run: () => void) => (split ? this.underGuard({ guard: split.guard, succeeds: split.ifTrue === truth }, run) : run());
        if (taken === null) this.undecided++;
        if (taken === false && frame.kind === "module" && /(^|\.)TYPE_CHECKING$/.test(this.canonical(s.test))) this.typeCheckingImports(s.body);
        if (taken !== false) side(true, () => this.inBranch(s.test.text, () => this.body(s.body, frame)));
        if (taken !== true && s.orelse.length) side(false, () => this.inBranch(`not (${s.test.text})`, () => this.body(s.orelse, frame)));
        if (taken === null) this.undecided--;
        return;
      }
      case "Try": {
        const guards = s.handlers.some((h) => h.type === null || /\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b/.test(h.type.text));
        // `try: import msvcrt / except ImportError: …`: which branch runs depends on whether the
        // target can import the modules, which link decides; both are bound, each under its branch.
        const modules = guards && frame.kind !== "function" ? importedModules(s.body) : null;
        const guard = modules === null ? null : this.guards.push({ modules }) - 1;
        const branch = (succeeds: boolean, run: () => void) => (guard === null ? run() : this.underGuard({ guard, succeeds }, run));
        const before = guard === null ? null : new Map(this.knownConditions);
        this.undecided++;
        branch(true, () => {
          if (guards) this.guarded++;
          this.body(s.body, frame);
          if (guards) this.guarded--;
        });
        branch(false, () => {
          for (const h of s.handlers) {
            if (h.name && frame.kind !== "function") this.setBinding(frame, h.name, { kind: "value", target: "", line: h.span.line, expression: h.type ?? undefined });
            this.inBranch(h.type ? `except ${h.type.text}` : "except", () => this.body(h.body, frame));
          }
        });
        branch(true, () => this.body(s.orelse, frame));
        this.undecided--;
        if (guard !== null) this.settleGuardedNames(guard, before!);
        this.body(s.finalbody, frame);
        return;
      }
      case "For":
      case "While":
      case "With":
      case "Match":
        for (const t of s.targets) this.bindTarget(t, null, null, frame, s.span);
        this.body(s.body, frame);
        this.body(s.orelse, frame);
        return;
      case "Import":
        if (frame.kind === "function") return;
        for (const a of s.names) {
          const extra = { imported: a.name, span: a.span, guarded: this.guarded > 0 };
          if (a.asname) this.setBinding(frame, a.asname, { kind: "import", target: a.name, line: a.span.line, ...extra });
          else {
            const top = a.name.split(".")[0]!;
            this.setBinding(frame, top, { kind: "import", target: top, line: a.span.line, ...extra });
          }
        }
        return;
      case "ImportFrom": {
        if (frame.kind === "function") return;
        const module = this.absoluteModule(s.module, s.level);
        if (s.module === "__future__" && s.names !== "*" && s.names.some((n) => n.name === "annotations")) this.futureAnnotations = true;
        if (module === null) {
          this.diagnostics.push({
            code: "relative-import-beyond-top",
            severity: "error",
            message: "attempted relative import beyond top-level package",
            path: this.parsed.path,
            span: s.span,
          });
          return;
        }
        if (s.names === "*") {
          this.setBinding(frame, `*${module}`, { kind: "starImport", target: module, line: s.span.line, imported: module, span: s.span, guarded: this.guarded > 0 });
          return;
        }
        for (const a of s.names) {
          this.setBinding(frame, a.asname ?? a.name, { kind: "importFrom", target: module, name: a.name, line: a.span.line, imported: module, span: a.span, guarded: this.guarded > 0 });
        }
        return;
      }
      case "Assign":
        if (frame.kind === "module" && s.targets.length === 1 && s.targets[0]!.kind === "Name") {
          // Inside a branch the target does not decide, the value after the branch is unknown.
          const name = s.targets[0]!.id;
          // Directly in one branch of an import guard, the value is known for that branch.
          const inGuardBranch = this.when.length === 1 && this.undecided === 1 && this.guardBranchValues.has(branchKey(this.when[0]!));
          const known = this.undecided > 0 && !inGuardBranch ? null : evaluateCondition(s.value, this.target, (e) => this.canonical(e), this.knownConditions);
          if (inGuardBranch) this.guardBranchValues.get(branchKey(this.when[0]!))!.set(name, known);
          this.guardedConditions.delete(name);
          if (known !== null && !inGuardBranch) this.knownConditions.set(name, known);
          else this.knownConditions.delete(name);
        }
        if (frame.kind === "module" && s.value.kind === "Constant" && s.value.type === "str" && s.value.value && s.targets.some((t) => t.kind === "Name" && t.id === "__name__")) {
          this.runtimeModule = s.value.value;
        }
        if (frame.kind !== "function" && s.targets.length === 1 && s.targets[0]!.kind === "Name" && this.namedtupleCall(s.targets[0]!.id, s.value, frame, s.span)) return;
        for (const t of s.targets) this.bindTarget(t, s.value, null, frame, s.span);
        if (frame.kind === "module") for (const t of s.targets) this.classAttributeFromOutside(t, frame);
        if (frame.kind === "module") this.allFromAssign(s.targets, s.value);
        if (frame.kind === "class") this.slotsFromAssign(s.targets, s.value, frame);
        return;
      case "AnnAssign":
        if (frame.kind === "class" && s.target.kind === "Name") frame.annotations.push({ name: s.target.id, annotation: s.annotation });
        if (frame.kind === "class" && !frame.namespace.includes("__annotations__")) frame.namespace.push("__annotations__");
        if (frame.kind === "module" && s.target.kind === "Name") frame.annotations.push({ name: s.target.id, annotation: s.annotation });
        if (s.value) this.bindTarget(s.target, s.value, s.annotation, frame, s.span);
        else if (s.target.kind === "Name" && frame.kind !== "function") this.attribute(s.target.id, null, s.annotation, frame, s.span, false);
        if (frame.kind === "module" && s.value) this.allFromAssign([s.target], s.value);
        return;
      case "AugAssign":
        if (frame.kind === "module" && s.target.kind === "Name" && s.target.id === "__all__") this.allExtend(s.value);
        return;
      case "Expr":
        if (frame.kind === "module") {
          this.allFromCall(s.value);
          const v = s.value;
          if (v.kind === "Call" && v.func.kind === "Attribute" && v.func.attr === "__init_subclass__" && v.func.value.kind === "Name") {
            const b = frame.bindings[v.func.value.id];
            const cls = b?.kind === "definition" ? this.objects.get(b.target) : undefined;
            if (cls?.class) (cls.class as { initSubclassCalled?: boolean }).initSubclassCalled = true;
          }
        }
        return;
      case "Delete":
        if (frame.kind === "function") return;
        for (const t of s.targets) {
          if (t.kind === "Name") {
            delete frame.bindings[t.id];
            if (frame.kind === "class") {
              const i = frame.namespace.indexOf(t.id);
              if (i >= 0) frame.namespace.splice(i, 1);
            }
            const id = this.id(frame.prefix + t.id);
            const obj = this.objects.get(id);
            if (obj && obj.parent === frame.owner) {
              this.objects.delete(id);
              for (let i = this.superseded.length - 1; i >= 0; i--) if (this.superseded[i]!.id === id) this.superseded.splice(i, 1);
            }
          }
        }
        return;
      case "TypeAlias":
        if (frame.kind !== "function") this.bindTarget({ kind: "Name", id: s.name, text: s.name, span: s.span }, s.value, null, frame, s.span);
        return;
      default:
        return;
    }
  }

  /** Records the imports of an `if TYPE_CHECKING:` body without binding them (see `ModuleSummary.typeCheckingScope`). */
  private typeCheckingImports(body: readonly Statement[]): void {
    const frame: ScopeFrame = { kind: "module", prefix: "", owner: this.input.name, bindings: this.typeCheckingScope, namespace: [], annotations: [], slots: null };
    for (const st of body) {
      if (st.kind !== "Import" && st.kind !== "ImportFrom") continue;
      const saved = this.history;
      // Not a run-time binding: keep it out of the module's history.
      this.history = dict();
      this.statement(st, frame);
      this.history = saved;
    }
  }

  private readonly typeCheckingScope: Record<string, NameBinding> = dict();
  private readonly classHistories: Record<string, Record<string, NameBinding[]>> = dict();

  /** The fields every object defined at `position` in this module shares. */
  private located(id: string, qualname: string, name: string, parent: string, lines: { line: number; endLine: number }, position: Span) {
    return {
      id,
      module: this.runtimeModule,
      scope: this.input.name,
      qualname,
      name,
      parent,
      path: this.parsed.path,
      span: { line: lines.line, endLine: lines.endLine },
      position,
      conditions: [...this.conditions],
    };
  }

  private inBranch(condition: string, run: () => void): void {
    this.conditions.push(condition);
    try {
      run();
    } finally {
      this.conditions.pop();
    }
  }

  /** `Logger.manager = Manager(...)` at module level adds `manager` to the class's namespace. */
  private classAttributeFromOutside(target: Expression, frame: ScopeFrame): void {
    if (target.kind !== "Attribute" || target.value.kind !== "Name") return;
    const b = frame.bindings[target.value.id];
    const cls = b?.kind === "definition" ? this.objects.get(b.target) : undefined;
    const ns = cls?.class?.namespace as string[] | undefined;
    // `C.__name__ = …` and the like set type slots (getset descriptors of `type`), not the namespace.
    if (["__name__", "__qualname__", "__bases__", "__class__", "__mro__"].includes(target.attr)) return;
    if (ns && !ns.includes(target.attr)) ns.push(target.attr);
  }

  private absoluteModule(module: string | null, level: number): string | null {
    if (level === 0) return module ?? "";
    const parts = this.input.name.split(".");
    // importlib._bootstrap._resolve_name: package.rsplit(".", level - 1) must have `level` parts.
    const packageParts = this.input.isPackage ? parts : parts.slice(0, -1);
    if (packageParts.length === 0 || packageParts.length < level) return null;
    const base = packageParts.slice(0, packageParts.length - (level - 1));
    return [...base, ...(module ? [module] : [])].join(".");
  }

  /** Binds assignment targets; simple names at module/class level become attribute objects. */
  private bindTarget(target: Expression, value: Expression | null, annotation: Expression | null, frame: ScopeFrame, span: Span): void {
    if (frame.kind === "function") return;
    if (target.kind === "Name") {
      this.attribute(target.id, value, annotation, frame, span, true);
      return;
    }
    if (target.kind === "Tuple" || target.kind === "List") {
      for (const e of target.elts) this.bindTarget(e, null, null, frame, span);
    } else if (target.kind === "Starred") {
      this.bindTarget(target.value, null, null, frame, span);
    }
  }

  private attribute(name: string, value: Expression | null, annotation: Expression | null, frame: ScopeFrame, span: Span, bound: boolean): void {
    const line = span.line;
    const qualname = frame.prefix + name;
    const id = this.id(qualname);
    if (bound) {
      const isAlias = value !== null && (value.kind === "Name" || value.kind === "Attribute");
      this.setBinding(frame, name, { kind: isAlias ? "alias" : "value", target: id, line, expression: value ?? undefined });
    }
    const existing = this.objects.get(id);
    if (existing && existing.kind !== "attribute" && existing.parent === frame.owner) {
      // A class or function rebound by assignment still exists under its own __qualname__ (other
      // classes may inherit from it, decorators may wrap it): the binding above moved, the object stays.
      return;
    }
    this.define({
      ...this.located(id, qualname, name, frame.owner, { line, endLine: span.endLine }, span),
      kind: "attribute",
      docstring: null,
      decorators: [],
      comments: null,
      sourcelines: null,
      function: null,
      class: null,
      attribute: { annotation, value },
    });
  }

  private functionDef(def: FunctionDef, frame: ScopeFrame): void {
    const decoratorTexts = def.decorators.map((d) => d.expression.text);
    const names = def.decorators.map((d) => this.canonical(d.expression));
    let kind = (frame.kind === "class" ? "method" : "function") as ObjectKind;
    const unknown: string[] = [];
    let abstract = false;
    let wrapper: FunctionInfo["wrapper"] = null;
    let accessorOf: string | null = null;
    let accessor: "setter" | "deleter" | "getter" | null = null;
    names.forEach((n, i) => {
      if (ABSTRACT_DECORATORS.has(n)) abstract = true;
      const outermost = i === 0;
      if (frame.kind === "class" && PROPERTY_DECORATORS.has(n)) {
        if (outermost) kind = "property";
      } else if (frame.kind === "class" && n === "functools.cached_property") {
        if (outermost) kind = "cached_property";
      } else if (frame.kind === "class" && STATIC_DECORATORS.has(n)) {
        if (outermost) kind = "staticmethod";
      } else if (frame.kind === "class" && CLASS_DECORATORS.has(n)) {
        if (outermost) kind = "classmethod";
      } else if (frame.kind === "class" && /^[A-Za-z_]\w*\.(setter|getter|deleter)$/.test(n)) {
        const [base, which] = n.split(".") as [string, "setter" | "getter" | "deleter"];
        const prop = this.objects.get(this.id(frame.prefix + base));
        if (prop?.kind === "property" && outermost) {
          accessorOf = base;
          accessor = which;
        } else unknown.push(n);
      } else if (LRU_CACHE_DECORATORS.has(n)) {
        if (outermost) wrapper = "lru_cache";
      } else if (WRAPS_DECORATORS.has(n)) {
        if (outermost) wrapper = "wraps";
      } else if (frame.kind !== "class" && (STATIC_DECORATORS.has(n) || CLASS_DECORATORS.has(n))) {
        if (outermost) wrapper = STATIC_DECORATORS.has(n) ? "staticmethod" : "classmethod";
      } else if (!ABSTRACT_DECORATORS.has(n) && !TRANSPARENT_DECORATORS.has(n)) {
        unknown.push(n);
      }
    });
    if (frame.kind === "class" && kind === "method" && wrapper === null) {
      // type.__new__ wraps these when they are plain functions.
      if (def.name === "__new__") kind = "staticmethod";
      else if (def.name === "__init_subclass__" || def.name === "__class_getitem__") kind = "classmethod";
    }
    const qualname = frame.prefix + def.name;
    const id = this.id(qualname);
    // `@typing.overload` variants are kept, in order, on the implementation that follows them.
    const isOverload = names.some((n) => n === "typing.overload" || n === "typing_extensions.overload");
    const variant = { parameters: def.parameters, returns: def.returns, line: def.span.line };
    const pending = this.overloads.get(id) ?? [];
    if (isOverload) this.overloads.set(id, [...pending, variant]);
    else this.overloads.delete(id);
    const info: FunctionInfo = {
      isAsync: def.isAsync,
      parameters: def.parameters,
      returns: def.returns,
      flags: def.flags,
      unknownDecorators: unknown,
      abstract,
      wrapper,
      ...(def.attributeAssignments.length ? { attributeAssignments: def.attributeAssignments } : {}),
      // types.coroutine returns a generator function itself, flagged CO_ITERABLE_COROUTINE.
      ...(names.includes("types.coroutine") && def.flags.yields && !def.isAsync ? { iterableCoroutine: true } : {}),
      ...(isOverload ? { overloads: [...pending, variant] } : pending.length ? { overloads: pending } : {}),
    };
    if (accessorOf !== null) {
      // `@x.setter def x(...)`: the property keeps its getter's facts and gains an accessor.
      const prop = this.objects.get(id)!;
      const acc = prop.function?.accessors ?? { fset: false, fdel: false };
      const fn = prop.function ?? info;
      const updated: DefinedObject = {
        ...prop,
        span: { line: prop.span.line, endLine: def.span.endLine },
        function: {
          ...fn,
          abstract: fn.abstract || abstract,
          accessors: { fset: acc.fset || accessor === "setter", fdel: acc.fdel || accessor === "deleter" },
        },
      };
      this.objects.delete(id);
      this.objects.set(id, updated);
      this.setBinding(frame, def.name, { kind: "definition", target: id, line: def.span.line });
      this.nested(def, qualname, id);
      return;
    }
    const lnum = functionSourceIndex(this.lineTexts, def.span.line);
    const isProperty = kind === "property" || kind === "cached_property";
    this.define({
      ...this.located(id, qualname, def.name, frame.owner, def.span, def.defSpan),
      kind,
      docstring: def.docstring?.value ?? null,
      decorators: decoratorTexts,
      // inspect.getcomments does not unwrap: a C wrapper has no source file (TypeError → None).
      comments: isProperty || wrapper ? null : getcomments(this.lineTexts, lnum),
      sourcelines: isProperty ? null : { lineno: lnum + 1, count: getblockLength(this.lineTexts, lnum) },
      function: isProperty ? { ...info, accessors: { fset: false, fdel: false } } : info,
      class: null,
      attribute: null,
    });
    if (frame.kind !== "function") this.setBinding(frame, def.name, { kind: "definition", target: id, line: def.span.line });
    this.nested(def, qualname, id);
  }

  /** Definitions inside a function body: `f.<locals>.g`. */
  private nested(def: FunctionDef, qualname: string, id: string): void {
    const frame: ScopeFrame = { kind: "function", prefix: `${qualname}.<locals>.`, owner: id, bindings: dict(), namespace: [], annotations: [], slots: null };
    this.body(def.body, frame);
  }

  private classDef(def: ClassDef, frame: ScopeFrame): void {
    const qualname = frame.prefix + def.name;
    const id = this.id(qualname);
    const firstLine = def.span.line - 1;
    if (!this.classFirstLine.has(qualname)) this.classFirstLine.set(qualname, firstLine);
    const lnum = this.classFirstLine.get(qualname)!;
    const inner: ScopeFrame = { kind: "class", className: def.name, prefix: `${qualname}.`, owner: id, bindings: dict(), namespace: ["__module__"], annotations: [], slots: null };
    // `__qualname__` is consumed by type.__new__; `__doc__` is always set.
    this.body(def.body, inner);
    if (!inner.namespace.includes("__doc__")) inner.namespace.push("__doc__");
    const positionalBases = def.bases.filter((a) => a.name === null && a.star === "").map((a) => a.value);
    // `class T(namedtuple("T", "a b"))`: the base is a class built right there.
    const baseIds = positionalBases.map((b) => (b.kind === "Call" ? this.namedtupleClass(b, frame, b.span, null) : null));
    const info: ClassInfo = {
      bases: positionalBases,
      ...(baseIds.some((b) => b !== null) ? { baseIds } : {}),
      keywords: def.bases.filter((a) => a.name !== null || a.star !== ""),
      namespace: inner.namespace,
      annotations: inner.annotations,
      slots: inner.slots,
      ...guardedKeys(inner),
    };
    this.classScopes[id] = inner.bindings;
    const dataclass = this.dataclassInfo(def, inner) ?? this.attrsInfo(def, inner);
    if (dataclass) (info as { dataclass?: DataclassInfo }).dataclass = dataclass;
    const namedTupleBase = info.bases.length === 1 && TYPED_NAMEDTUPLE.has(this.canonical(info.bases[0]!));
    const obj: DefinedObject = {
      ...this.located(id, qualname, def.name, frame.owner, def.span, def.defSpan),
      kind: "class",
      docstring: def.docstring?.value ?? null,
      decorators: def.decorators.map((d) => d.expression.text),
      comments: getcomments(this.lineTexts, lnum),
      sourcelines: { lineno: lnum + 1, count: getblockLength(this.lineTexts, lnum) },
      function: null,
      class: info,
      attribute: null,
    };
    this.define(obj);
    if (namedTupleBase) {
      const fields: NamedTupleField[] = info.annotations.map((a) => ({ name: a.name, annotation: a.annotation, default: null }));
      for (const f of fields) {
        const b = inner.bindings[f.name];
        if (b?.expression) f.default = b.expression;
      }
      this.synthesizeNamedTuple(id, qualname, def.name, fields, frame.owner, def.span, obj, true);
    }
    if (frame.kind !== "function") this.setBinding(frame, def.name, { kind: "definition", target: id, line: def.span.line });
  }

  // ------------------------------------------------------------ dataclasses

  /** The `@dataclass` parameters and body fields of a class, or `null` when it is not decorated so. */
  private dataclassInfo(def: ClassDef, inner: ScopeFrame): DataclassInfo | null {
    const dec = def.decorators.find((d) => this.canonical(d.expression) === "dataclasses.dataclass");
    if (!dec) return null;
    const flag = (name: string, fallback: boolean): boolean => {
      if (dec.expression.kind !== "Call") return fallback;
      const a = dec.expression.args.find((x) => x.name === name);
      if (!a) return fallback;
      return a.value.kind === "Constant" && a.value.type === "bool" ? a.value.value === "True" : fallback;
    };
    const fields: DataclassField[] = [];
    for (const { name, annotation } of inner.annotations) {
      const ann = annotation.kind === "Constant" && annotation.type === "str" ? annotation.value ?? "" : this.canonical(annotation.kind === "Subscript" ? annotation.value : annotation);
      const head = typeof ann === "string" ? ann.replace(/\[.*$/s, "").trim() : "";
      const role: DataclassField["role"] =
        /^(typing\.)?ClassVar$/.test(head) ? "classvar" : /^(dataclasses\.)?InitVar$/.test(head) ? "initvar" : /^(dataclasses\.)?KW_ONLY$/.test(head) ? "kw_only_marker" : "field";
      const bound = inner.bindings[name];
      let value = bound?.expression ?? null;
      let hasFactory = false;
      let init = true;
      let kwOnly: boolean | null = null;
      let keepsAttribute = value !== null;
      if (value && value.kind === "Call" && this.canonical(value.func) === "dataclasses.field") {
        const call = value;
        const arg = (n: string) => call.args.find((x) => x.name === n)?.value ?? null;
        hasFactory = arg("default_factory") !== null;
        const i = arg("init");
        if (i?.kind === "Constant" && i.value === "False") init = false;
        const k = arg("kw_only");
        if (k?.kind === "Constant" && k.type === "bool") kwOnly = k.value === "True";
        value = arg("default");
        keepsAttribute = value !== null;
      }
      fields.push({ name, role, annotation, default: value, hasFactory, init, kw_only: kwOnly, keepsAttribute });
    }
    return {
      init: flag("init", true),
      repr: flag("repr", true),
      eq: flag("eq", true),
      order: flag("order", false),
      unsafe_hash: flag("unsafe_hash", false),
      frozen: flag("frozen", false),
      match_args: flag("match_args", true),
      kw_only: flag("kw_only", false),
      slots: flag("slots", false),
      fields,
    };
  }

  /**
   * attrs classes: `@attr.s` (fields are `x = attr.ib(...)`, or annotated names with
   * `auto_attribs=True`), `@attrs.define`/`mutable`/`frozen` (annotated names). `attr.ib`/`field`
   * arguments `default=`, `factory=` (or `default=Factory(...)`), `init=`, `kw_only=`, `alias=` are read.
   */
  private attrsInfo(def: ClassDef, inner: ScopeFrame): DataclassInfo | null {
    const DECORATORS = ["attr.s", "attr.attrs", "attr.define", "attr.mutable", "attr.frozen", "attrs.define", "attrs.mutable", "attrs.frozen"];
    const dec = def.decorators.find((d) => DECORATORS.includes(this.canonical(d.expression)));
    if (!dec) return null;
    const name = this.canonical(dec.expression);
    const kwarg = (n: string): Expression | null => (dec.expression.kind === "Call" ? dec.expression.args.find((a) => a.name === n)?.value ?? null : null);
    const flag = (n: string, fallback: boolean) => {
      const v = kwarg(n);
      return v?.kind === "Constant" && v.type === "bool" ? v.value === "True" : fallback;
    };
    const isField = (e: Expression | null | undefined): e is Expression & { kind: "Call" } =>
      e?.kind === "Call" && ["attr.ib", "attr.attrib", "attr.field", "attrs.field"].includes(this.canonical(e.func));
    const annotated = new Map(inner.annotations.map((a) => [a.name, a.annotation]));
    const modern = !name.endsWith(".s") && !name.endsWith(".attrs");
    const auto = flag("auto_attribs", modern && inner.annotations.length > 0);
    const names = auto
      ? inner.annotations.map((a) => a.name)
      : Object.keys(inner.bindings).filter((n) => isField(inner.bindings[n]?.expression));
    const fields: DataclassField[] = [];
    for (const fieldName of names) {
      const annotation = annotated.get(fieldName) ?? null;
      const head = annotation ? this.canonical(annotation.kind === "Subscript" ? annotation.value : annotation) : "";
      if (/^(typing\.)?ClassVar$/.test(head)) continue;
      let value = inner.bindings[fieldName]?.expression ?? null;
      let hasFactory = false;
      let init = true;
      let kwOnly: boolean | null = null;
      let alias: string | null = null;
      if (isField(value)) {
        const call = value;
        const arg = (n: string) => call.args.find((x) => x.name === n)?.value ?? null;
        value = arg("default");
        hasFactory = arg("factory") !== null;
        if (value?.kind === "Call" && ["attr.Factory", "attrs.Factory"].includes(this.canonical(value.func))) {
          hasFactory = true;
          value = null;
        }
        const i = arg("init");
        if (i?.kind === "Constant" && i.value === "False") init = false;
        const k = arg("kw_only");
        if (k?.kind === "Constant" && k.type === "bool") kwOnly = k.value === "True";
        const a = arg("alias");
        if (a?.kind === "Constant" && a.type === "str") alias = a.value;
      }
      const initName = alias ?? fieldName.replace(/^_+/, "");
      fields.push({ name: fieldName, role: "field", annotation, default: value, hasFactory, init, kw_only: kwOnly, keepsAttribute: value !== null, ...(initName !== fieldName ? { initName } : {}) });
    }
    return {
      flavor: "attrs",
      init: flag("init", true),
      repr: flag("repr", true),
      eq: flag("eq", true),
      order: flag("order", !modern),
      unsafe_hash: false,
      frozen: name.endsWith("frozen") || flag("frozen", false),
      match_args: flag("match_args", true),
      kw_only: flag("kw_only", false),
      slots: flag("slots", modern),
      fields,
    };
  }

  // ------------------------------------------------------------ class factories

  /**
   * `X = namedtuple("X", "a b", defaults=(…))` / `NamedTuple("X", [("a", int)])`: binds `X` to the class
   * `collections.namedtuple` builds (bases `(tuple,)`, generated namespace, `__new__` signature,
   * `__doc__` `"X(a, b)"`). Returns false when the call is not statically understood.
   */
  private namedtupleCall(target: string, value: Expression, frame: ScopeFrame, span: Span): boolean {
    const made = this.namedtupleClass(value, frame, span, target);
    if (!made) return false;
    this.setBinding(frame, target, { kind: "definition", target: made, line: span.line });
    return true;
  }

  /**
   * The class `namedtuple("T", …)` / `NamedTuple("T", …)` builds, added to the objects; returns its id
   * or `null` when the call is not statically understood. Its `__qualname__` is the typename; when that
   * differs from the name it is bound to (or it is built in a base list), the id gets `@line` so it
   * cannot collide with a class statement of the same name.
   */
  private namedtupleClass(value: Expression, frame: ScopeFrame, span: Span, target: string | null): string | null {
    if (value.kind !== "Call") return null;
    const fn = this.canonical(value.func);
    const typed = TYPED_NAMEDTUPLE.has(fn);
    if (!typed && !NAMEDTUPLE_FACTORIES.has(fn)) return null;
    const [nameArg, fieldsArg] = value.args.filter((a) => a.name === null && a.star === "").map((a) => a.value);
    if (!nameArg || nameArg.kind !== "Constant" || nameArg.type !== "str" || !nameArg.value || !fieldsArg) return null;
    const typename = nameArg.value;
    const fields: NamedTupleField[] = [];
    if (fieldsArg.kind === "Constant" && fieldsArg.type === "str" && fieldsArg.value !== null && !typed) {
      for (const f of fieldsArg.value.replace(/,/g, " ").split(/\s+/).filter(Boolean)) fields.push({ name: f, annotation: null, default: null });
    } else if (!typed && this.fieldNames(fieldsArg) !== null) {
      for (const f of this.fieldNames(fieldsArg)!) fields.push({ name: f, annotation: null, default: null });
    } else if (fieldsArg.kind === "List" || fieldsArg.kind === "Tuple") {
      for (const e of fieldsArg.elts) {
        if (!typed && e.kind === "Constant" && e.type === "str" && e.value !== null) fields.push({ name: e.value, annotation: null, default: null });
        else if (typed && e.kind === "Tuple" && e.elts.length === 2 && e.elts[0]!.kind === "Constant" && e.elts[0]!.type === "str" && e.elts[0]!.value !== null) {
          fields.push({ name: e.elts[0]!.value, annotation: e.elts[1]!, default: null });
        } else return null;
      }
    } else return null;
    if (fields.some((f) => !/^[A-Za-z_]\w*$/.test(f.name) || f.name.startsWith("_"))) return null; // rename=True territory
    const defaultsArg = value.args.find((a) => a.name === "defaults")?.value;
    if (defaultsArg) {
      const defaults = repeatedElements(defaultsArg);
      if (!defaults) return null;
      const offset = fields.length - defaults.length;
      if (offset < 0) return null;
      defaults.forEach((d, i) => (fields[offset + i]!.default = d));
    }
    const plain = target === typename && frame.kind !== "function";
    const qualname = plain ? frame.prefix + typename : typename;
    const id = plain ? this.id(qualname) : `${this.id(qualname)}@${span.line}`;
    this.synthesizeNamedTuple(id, qualname, typename, fields, frame.owner, span, null, typed, !plain);
    return id;
  }

  /**
   * Field names given as `("a",) + Other._fields` (tuples, lists and `+`, with the `_fields` of a named
   * tuple made earlier in this module), or `null`.
   */
  private fieldNames(e: Expression): string[] | null {
    return stringList(e, (x) => {
      if (x.kind !== "Attribute" || x.attr !== "_fields" || x.value.kind !== "Name") return null;
      // The named tuple itself, or a class statement deriving from it (`class Traceback(_Traceback)`).
      let name: string | null = x.value.id;
      for (let hops = 0; name !== null && hops < 5; hops++) {
        const b: NameBinding | undefined = this.moduleFrame?.bindings[name];
        if (b?.kind !== "definition") return null;
        const made = this.namedtupleFields.get(b.target);
        if (made) return [...made];
        const base: Expression | undefined = this.objects.get(b.target)?.class?.bases[0];
        name = base?.kind === "Name" ? base.id : null;
      }
      return null;
    });
  }

  /** Field names of the named tuples this module made, by class id. */
  private readonly namedtupleFields = new Map<string, readonly string[]>();

  /** Adds the class `collections.namedtuple` builds, or completes a `class X(NamedTuple)` (`existing`). */
  private synthesizeNamedTuple(id: string, qualname: string, name: string, fields: NamedTupleField[], parent: string, span: Span, existing: DefinedObject | null, typed: boolean, hidden = false): void {
    const generated = ["__doc__", "__slots__", "_fields", "_field_defaults", "__new__", "_make", "_replace", "__repr__", "_asdict", "__getnewargs__", "__match_args__"];
    const tupleBase: Expression = { kind: "Name", id: "tuple", text: "tuple", span };
    const own = existing?.class?.namespace ?? [];
    const namespace = [...generated, ...fields.map((f) => f.name), "__module__", ...(typed ? ["__annotations__"] : [])];
    for (const n of own) if (!namespace.includes(n) && n !== "__qualname__") namespace.push(n);
    if (existing) namespace.push("__orig_bases__");
    const info: ClassInfo = {
      bases: [tupleBase],
      keywords: [],
      namespace,
      annotations: fields.filter((f) => f.annotation).map((f) => ({ name: f.name, annotation: f.annotation! })),
      slots: [],
    };
    this.namedtupleFields.set(id, fields.map((f) => f.name));
    const doc = `${name}(${fields.map((f) => f.name).join(", ")})`;
    const obj: DefinedObject = existing
      ? { ...existing, docstring: existing.docstring ?? doc, class: info }
      : {
          ...this.located(id, qualname, name, parent, span, span),
          kind: "class",
          docstring: doc,
          decorators: [],
          // The class has no `class` statement: inspect.findsource raises OSError.
          comments: null,
          sourcelines: null,
          function: null,
          class: info,
          attribute: null,
          ...(hidden ? { synthesized: true } : {}),
        };
    if (existing) {
      // Completing the class statement just defined: the same object, not a redefinition.
      this.objects.delete(id);
      this.objects.set(id, obj);
    } else this.define(obj);
    const newId = `${id}.__new__`;
    const params: Parameter[] = [
      { name: "_cls", kind: "POSITIONAL_OR_KEYWORD", annotation: null, default: null, span },
      ...fields.map((f) => ({ name: f.name, kind: "POSITIONAL_OR_KEYWORD" as const, annotation: f.annotation, default: f.default, span })),
    ];
    this.define({
      ...this.located(newId, `${qualname}.__new__`, "__new__", id, span, span),
      kind: "staticmethod",
      docstring: `Create new instance of ${doc}`,
      decorators: [],
      comments: null,
      sourcelines: null,
      function: { isAsync: false, parameters: params, returns: null, flags: { yields: false, awaits: false }, unknownDecorators: [], abstract: false, wrapper: null },
      class: null,
      attribute: null,
      synthesized: true,
    });
    this.classScopes[id] = Object.assign(dict<NameBinding>(), this.classScopes[id], { __new__: { kind: "definition" as const, target: newId, line: span.line } });
  }

  // ------------------------------------------------------------ __all__ and __slots__

  /** A step of `__all__`, under the guard branches being bound; a guarded step leaves `__all__` to link. */
  private allOp(op: AllOp["op"], value: Expression): AllOp {
    if (!this.when.length) return { op, value };
    this.allUnknown = true;
    return { op, value, when: [...this.when] };
  }

  private allFromAssign(targets: readonly Expression[], value: Expression): void {
    if (!targets.some((t) => t.kind === "Name" && t.id === "__all__")) return;
    if (this.when.length) {
      this.allOps.push(this.allOp("set", value));
      return;
    }
    this.allOps = [{ op: "set", value }];
    const names = stringList(value);
    if (names === null) {
      this.allUnknown = true;
      return;
    }
    this.all = names;
    this.allUnknown = false;
  }

  private allExtend(value: Expression): void {
    this.allOps.push(this.allOp("extend", value));
    if (this.when.length) return;
    const names = stringList(value);
    if (names === null || this.all === null) {
      this.allUnknown = true;
      return;
    }
    this.all = [...this.all, ...names];
  }

  private allFromCall(e: Expression): void {
    if (e.kind !== "Call" || e.func.kind !== "Attribute" || e.func.value.kind !== "Name" || e.func.value.id !== "__all__") return;
    const method = e.func.attr;
    const arg = e.args[0]?.value;
    if (!arg) return;
    if (method === "extend") this.allExtend(arg);
    else if (method === "append" || method === "remove") {
      this.allOps.push(this.allOp(method, arg));
      if (this.when.length) return;
      if (arg.kind === "Constant" && arg.type === "str" && arg.value !== null && this.all) {
        const name = arg.value;
        this.all = method === "append" ? [...this.all, name] : this.all.filter((n) => n !== name);
      } else this.allUnknown = true;
    }
  }

  private slotsFromAssign(targets: readonly Expression[], value: Expression, frame: ScopeFrame): void {
    if (!targets.some((t) => t.kind === "Name" && t.id === "__slots__")) return;
    if (value.kind === "Constant" && value.type === "str" && value.value !== null) frame.slots = [value.value];
    else if (value.kind === "Dict" && value.keys.every((k) => k?.kind === "Constant" && k.type === "str" && k.value !== null)) {
      frame.slots = value.keys.map((k) => (k as { value: string }).value);
    } else frame.slots = stringList(value) ?? frame.slots;
    for (const s of frame.slots ?? []) {
      if (!frame.namespace.includes(s)) frame.namespace.push(s);
    }
  }
}

/** `ClassInfo.namespaceWhen` of a class body: the keys bound only under guard branches. */
function guardedKeys(frame: ScopeFrame): { namespaceWhen?: Record<string, readonly When[]> } {
  const out: Record<string, readonly When[]> = dict();
  for (const [key, whens] of frame.namespaceWhen ?? []) if (whens) out[key] = whens;
  return Object.keys(out).length ? { namespaceWhen: out } : {};
}

/** A key for one branch of one guard. */
const branchKey = (l: GuardLiteral): string => `${l.guard}${l.succeeds ? "+" : "-"}`;

/** The names an expression reads (`Name` nodes anywhere in it). */
function namesIn(e: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 50 || e === null || typeof e !== "object") return out;
  if (Array.isArray(e)) {
    for (const x of e) namesIn(x, out, depth + 1);
    return out;
  }
  const node = e as { kind?: string; id?: string };
  if (node.kind === "Name" && typeof node.id === "string") out.push(node.id);
  for (const [k, v] of Object.entries(node)) if (k !== "span" && v !== null && typeof v === "object") namesIn(v, out, depth + 1);
  return out;
}

/**
 * The modules a `try` body made only of absolute imports imports, or `null` when it does anything else
 * (then which branch runs is not a question of modules existing).
 */
function importedModules(body: readonly Statement[]): string[] | null {
  if (body.length === 0) return null;
  const modules: string[] = [];
  for (const st of body) {
    if (st.kind === "Import") modules.push(...st.names.map((a) => a.name));
    else if (st.kind === "ImportFrom" && st.level === 0 && st.module) modules.push(st.module);
    else return null;
  }
  return modules;
}

/**
 * A record with no prototype: Python names such as `constructor` or `toString` must not find
 * `Object.prototype`'s members.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Elements of a literal tuple/list, with `[x] * n` / `(x,) * n` repeated (namedtuple `defaults=`). */
function repeatedElements(e: Expression): Expression[] | null {
  if (e.kind === "Tuple" || e.kind === "List") return [...e.elts];
  if (e.kind === "BinOp" && e.op === "*") {
    const [seq, n] = e.right.kind === "Constant" && e.right.type === "int" ? [e.left, e.right] : e.left.kind === "Constant" && e.left.type === "int" ? [e.right, e.left] : [null, null];
    const items = seq ? repeatedElements(seq) : null;
    const times = n?.value ? Number(n.value) : NaN;
    if (!items || !(times >= 0 && times <= 1000)) return null;
    return Array.from({ length: times }, () => items).flat();
  }
  return null;
}

/** Private name mangling: `__x` in class `C` is stored as `_C__x` (not dunders, not dotted names). */
export function mangle(className: string | undefined, name: string): string {
  if (!className || !name.startsWith("__") || name.endsWith("__") || name.includes(".")) return name;
  const stripped = className.replace(/^_+/, "");
  return stripped ? `_${stripped}${name}` : name;
}

/**
 * `["a", "b"]`, `("a",)` or `["a"] + ["b"]` as a list of strings; `null` if not a literal list of str.
 * `other` may supply the strings of any other operand (a named tuple's `_fields`).
 */
function stringList(e: Expression, other?: (e: Expression) => string[] | null): string[] | null {
  if (e.kind === "List" || e.kind === "Tuple") {
    const out: string[] = [];
    for (const x of e.elts) {
      if (x.kind !== "Constant" || x.type !== "str" || x.value === null) return null;
      out.push(x.value);
    }
    return out;
  }
  if (e.kind === "BinOp" && e.op === "+") {
    const l = stringList(e.left, other);
    const r = l && stringList(e.right, other);
    return l && r ? [...l, ...r] : null;
  }
  return other ? other(e) : null;
}

/** The dotted name a decorator calls or names: `@a.b(x)` → `a.b`; other shapes give their text. */
export function decoratorName(e: Expression): string {
  const target = e.kind === "Call" ? e.func : e;
  const parts: string[] = [];
  let cur: Expression = target;
  while (cur.kind === "Attribute") {
    parts.unshift(cur.attr);
    cur = cur.value;
  }
  if (cur.kind === "Name") {
    parts.unshift(cur.id);
    return parts.join(".");
  }
  return target.text;
}
