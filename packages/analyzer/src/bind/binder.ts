import { compiledDocstring, versionRules, type VersionRules } from "../versions/rules.ts";
import { decoratorName, dict, mangle } from "./names.ts";
import { sha256Hex } from "../digest.ts";
import { DEFAULTS } from "../defaults.ts";
import { internalError } from "../diagnostics.ts";
import { checkpoint } from "../faults.ts";
import { stringAnnotations } from "./annotations.ts";
import type { Diagnostic, Docstring, Expression, ParsedModule, Span, Statement } from "@static-inspect/parser";
import type { SummaryExpression } from "../model/expressions.ts";
import type { Alternative, AttributeDoc, AttributeInfo, ClassInfo, ConditionFact, DefinedObject, FunctionInfo } from "../model/objects.ts";
import { addAlternative, alternativeOf } from "./alternatives.ts";
import { recordAttributeDoc, withAttributeDocs } from "./attribute-docs.ts";
import type { AllOp, GuardLiteral, ImportGuard, ModuleSummary, NameBinding, When } from "../model/summary.ts";
import type { Target } from "./conditions.ts";
import { getcomments } from "./sourcelines.ts";
import { definedObject, type Place } from "./defined-object.ts";
import { statement } from "./statements.ts";

/** What {@link bind} needs to know about the module besides its parsed source. */
export interface BindInput {
  /** Dotted module name (`json.decoder`). */
  readonly name: string;
  /** True for a package's `__init__.py`. */
  readonly isPackage: boolean;
  /** The file's bytes, for the content hash. */
  readonly bytes: Uint8Array;
  /** The SHA-256 (hex) of `bytes` when the caller has it (a faster native digest); else computed here. */
  readonly sha256?: string;
  /** The interpreter analysed for: decides `if sys.platform …`/`sys.version_info` branches (default `DEFAULTS.target`). */
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

/** A scope being bound: the module, a class body or a function body. */
export interface ScopeFrame {
  readonly kind: "module" | "class" | "function";
  /** For classes: the class name (private names are mangled with it). */
  readonly className?: string;
  /**
   * For function bodies: the innermost enclosing class's name, which the compiler mangles private
   * names with in every scope nested inside the class body (`_Py_Mangle`).
   */
  readonly privateClass?: string;
  /** Qualname prefix for definitions inside (`""`, `C.`, `f.<locals>.`). */
  readonly prefix: string;
  /** Id of the object owning this scope. */
  readonly owner: string;
  readonly bindings: Record<string, NameBinding>;
  /** For classes: namespace names in first-binding order. */
  readonly namespace: string[];
  readonly annotations: { name: string; annotation: Expression }[];
  slots: string[] | null;
  /** For the module (and its `if TYPE_CHECKING:` imports): `from m import *` statements, in order. */
  readonly starImports?: NameBinding[];
  /** For classes: keys bound only under guard branches, with those branches (`null` once bound unconditionally). */
  namespaceWhen?: Map<string, When[] | null>;
}

/**
 * The state of binding one module. Internal to `bind/` and the plugins' bind hooks: its fields are
 * the binder's working tables, written in source order as statements are bound.
 *
 * @internal
 */
export class Binder {
  readonly objects = new Map<string, DefinedObject>();

  readonly classScopes: Record<string, Record<string, NameBinding>> = dict();

  readonly diagnostics: Diagnostic[];

  readonly lineTexts: string[];

  /** First class definition line (0-based index) per qualname, as `inspect._ClassFinder` finds it. */
  readonly classFirstLine = new Map<string, number>();

  all: string[] | null = null;

  /** `__name__` as reassigned at module level (`_collections_abc` says `collections.abc`): `__module__` of later definitions. */
  runtimeModule: string;

  allUnknown = false;

  allOps: AllOp[] = [];

  history: Record<string, NameBinding[]> = dict();

  futureAnnotations = false;

  /** The module a top-level `sys.modules[__name__] = m` puts in this one's place (see `ModuleSummary.replacedBy`). */
  replacedBy: string | null = null;

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
    const moduleFrame: ScopeFrame = { kind: "module", prefix: "", owner: input.name, bindings: dict(), namespace: [], annotations: [], slots: null, starImports: [] };
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
      docstring: this.docstring(syntax.docstring),
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
    const sorted = this.withAlternatives(withAttributeDocs(this, [...this.superseded, ...this.objects.values()]).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    return {
      name: input.name,
      path: parsed.path,
      isPackage: input.isPackage,
      encoding: parsed.source.encoding,
      sha256: input.sha256 ?? sha256Hex(input.bytes),
      objects: sorted,
      scope: moduleFrame.bindings,
      history: this.history,
      typeCheckingScope: this.typeCheckingScope,
      starImports: moduleFrame.starImports!,
      typeCheckingStarImports: this.typeCheckingStarImports,
      classHistories: this.classHistories,
      classScopes: this.classScopes,
      all: this.allUnknown ? null : this.all,
      allOps: this.allOps,
      futureAnnotations: this.futureAnnotations,
      guards: this.guards,
      ...(this.dynamicNamespace ? { dynamicNamespace: true as const } : {}),
      ...(this.replacedBy !== null ? { replacedBy: this.replacedBy } : {}),
      stringAnnotations: stringAnnotations(sorted),
      ...this.unboundAlternatives(sorted),
      diagnostics: this.diagnostics,
    };
  }

  /** Import guards found so far, and the stack of guard branches being bound (outermost first). */
  readonly guards: ImportGuard[] = [];

  readonly when: GuardLiteral[] = [];

  /** Definitions replaced by one made under a guard branch, which link may drop. */
  readonly superseded: DefinedObject[] = [];

  /**
   * The other branches' definitions of each id (see `Alternative`), attached to the id's object when
   * binding ends (to the last one, when import guards leave several for link to choose from).
   */
  readonly alternatives = new Map<string, Alternative[]>();

  /** The attribute doc of each id, the last documented assignment's (see `bind/attribute-docs.ts`). */
  readonly attributeDocs = new Map<string, AttributeDoc>();

  /** The objects with their alternatives (sorted by id; each list in source order). */
  private withAlternatives(sorted: DefinedObject[]): DefinedObject[] {
    if (this.alternatives.size === 0) return sorted;
    return sorted.map((o, i) => {
      const alts = this.alternatives.get(o.id);
      if (!alts || sorted[i + 1]?.id === o.id) return o;
      return { ...o, alternatives: [...alts].sort((a, b) => a.line - b.line) };
    });
  }

  /** `ModuleSummary.unboundAlternatives`: the alternatives of ids no object has. */
  private unboundAlternatives(sorted: readonly DefinedObject[]): { unboundAlternatives?: Record<string, Alternative[]> } {
    const ids = new Set(sorted.map((o) => o.id));
    const out: Record<string, Alternative[]> = dict();
    for (const [id, alts] of this.alternatives) if (!ids.has(id)) out[id] = [...alts].sort((a, b) => a.line - b.line);
    return Object.keys(out).length ? { unboundAlternatives: out } : {};
  }

  /** Records a new definition (replacing an earlier one with its id, which is kept if the new one is guarded). */
  define(obj: DefinedObject): void {
    const prev = this.objects.get(obj.id);
    if (prev && this.when.length) this.superseded.push(prev);
    else if (prev && prev.parent === obj.parent && prev.conditions.join("\0") !== obj.conditions.join("\0")) {
      // Another branch (`if DEBUG:` … `else:`, or a branch the target takes after an unconditional
      // definition): the later one is the object, the earlier one is listed.
      // Out of effect when both are sure to run (the later replaces it), else not known.
      addAlternative(this, obj.id, alternativeOf(prev, this.guards, prev.undecided || obj.undecided || prev.when ? null : false));
    }
    this.objects.delete(obj.id); // re-insert so a redefinition sorts where the last one is
    this.objects.set(obj.id, this.when.length ? { ...obj, when: [...this.when] } : obj);
  }

  /**
   * Module-level names whose value depends on an import guard (`_mswindows = False` in the handler,
   * `True` in `else`): the guard and the value on each side.
   */
  readonly guardedConditions = new Map<string, { guard: number; ifSucceeds: boolean | string; ifFails: boolean | string }>();

  /** Values assigned directly in each branch of the guards being bound (`null`: not statically known). */
  readonly guardBranchValues = new Map<string, Map<string, boolean | string | null>>();

  /**
   * The dotted name an expression refers to, following this module's own imports:
   * `@bltns.property` with `import builtins as bltns` is `property`; `@lru_cache` after
   * `from functools import lru_cache` is `functools.lru_cache`.
   */
  canonical(e: SummaryExpression): string {
    const dotted = decoratorName(e);
    const [head, ...rest] = dotted.split(".");
    const b = head === undefined ? undefined : this.moduleFrame?.bindings[head];
    let name = dotted;
    if (b?.kind === "import") name = [b.target, ...rest].join(".");
    else if (b?.kind === "importFrom") name = [`${b.target}.${b.name}`, ...rest].join(".");
    return name.startsWith("builtins.") ? name.slice(9) : name;
  }

  moduleFrame: ScopeFrame | null = null;

  /** The conditions of the `if`/`except` branches being bound, outermost first. */
  readonly conditions: string[] = [];

  /** What is static about each of {@link Binder.conditions}, in the same order. */
  readonly facts: ConditionFact[] = [];

  /** The module's file, as given. */
  get path(): string {
    return this.parsed.path;
  }

  readonly overloads = new Map<string, FunctionInfo["overloads"] & object>();

  /** Depth of `if`/`try` branches the target does not decide (both are bound). */
  undecided = 0;

  /**
   * Depth of branches whose running neither the target nor an import guard decides (a plain `if`
   * test, a `try` that is not an import guard): definitions there may not run (`DefinedObject.undecided`).
   */
  undecidedTests = 0;

  /** Depth of `try` bodies whose handlers catch ImportError. */
  guarded = 0;

  /** Module-level names bound to a condition the target decides (`_WINDOWS = os.name == "nt"`). */
  readonly knownConditions = new Map<string, boolean | string>();

  get target(): Target {
    return this.input.target ?? DEFAULTS.target;
  }

  /** The target's version rules (see `versions/rules.ts`). */
  get rules(): VersionRules {
    return versionRules(this.target.python);
  }

  /** The `__doc__` a docstring literal becomes on the target (3.13 cleans it at compile time), or `null`. */
  docstring(literal: Docstring | null | undefined): string | null {
    const value = literal?.value ?? null;
    return value === null ? null : compiledDocstring(value, this.rules);
  }

  id(qualname: string): string {
    return `${this.runtimeModule}:${qualname}`;
  }

  setBinding(frame: ScopeFrame, name: string, given: NameBinding): void {
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

  body(stmts: readonly Statement[], frame: ScopeFrame): void {
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i]!;
      // A crash on one statement loses that statement only: the rest of the body is still bound.
      try {
        checkpoint("bind", `${this.input.name}:${s.span.line}`);
        statement(this, s, frame);
        if (s.kind === "Assign" || s.kind === "AnnAssign") recordAttributeDoc(this, s, stmts[i + 1], frame);
      } catch (error) {
        this.diagnostics.push(internalError(`cannot bind the statement at line ${s.span.line}`, error, this.parsed.path, s.span));
      }
    }
  }

  /**
   * Module-level code writes the namespace through `globals()` or `vars()` (`globals().update(…)`,
   * `globals()[name] = …`): names may exist that no statement binds.
   */
  dynamicNamespace = false;

  /** Records the imports of an `if TYPE_CHECKING:` body without binding them (see `ModuleSummary.typeCheckingScope`). */
  typeCheckingImports(body: readonly Statement[]): void {
    const frame: ScopeFrame = { kind: "module", prefix: "", owner: this.input.name, bindings: this.typeCheckingScope, namespace: [], annotations: [], slots: null, starImports: this.typeCheckingStarImports };
    for (const st of body) {
      if (st.kind !== "Import" && st.kind !== "ImportFrom") continue;
      const saved = this.history;
      // Not a run-time binding: keep it out of the module's history.
      this.history = dict();
      statement(this, st, frame);
      this.history = saved;
    }
  }

  readonly typeCheckingScope: Record<string, NameBinding> = dict();
  readonly typeCheckingStarImports: NameBinding[] = [];

  readonly classHistories: Record<string, Record<string, NameBinding[]>> = dict();

  /** The fields every object defined at `position` in this module shares. */
  located(id: string, qualname: string, name: string, parent: string, lines: { line: number; endLine: number }, position: Span) {
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
      ...(this.conditions.length ? { conditionFacts: [...this.facts] } : {}),
      ...(this.undecidedTests > 0 ? { undecided: true as const } : {}),
    };
  }

  /** Runs `run` inside a branch with test text `condition` (`fact`: what is static about it; default `other`). */
  inBranch(condition: string, run: () => void, fact: ConditionFact = { kind: "other" }): void {
    this.conditions.push(condition);
    this.facts.push(fact);
    try {
      run();
    } finally {
      this.conditions.pop();
      this.facts.pop();
    }
  }

  absoluteModule(module: string | null, level: number): string | null {
    if (level === 0) return module ?? "";
    const parts = this.input.name.split(".");
    // importlib._bootstrap._resolve_name: package.rsplit(".", level - 1) must have `level` parts.
    const packageParts = this.input.isPackage ? parts : parts.slice(0, -1);
    if (packageParts.length === 0 || packageParts.length < level) return null;
    const base = packageParts.slice(0, packageParts.length - (level - 1));
    return [...base, ...(module ? [module] : [])].join(".");
  }

  /**
   * An object of kind `class` made by a call, not a `class` statement (`namedtuple(...)`, `Enum._convert_(...)`),
   * at `place` (as {@link located} gives it): no comments and no source lines (`inspect.findsource` raises
   * `OSError` for it), its `docstring` and class facts `info` as given.
   */
  classWithoutStatement(place: Place, docstring: string | null, info: ClassInfo): DefinedObject {
    return definedObject(place, { kind: "class", docstring, decorators: [], comments: null, sourcelines: null, function: null, class: info, attribute: null });
  }

  /** An object of kind `attribute` at `place` (as {@link located} gives it), its facts `attribute`; no docstring, comments or source lines of its own. */
  attributeObject(place: Place, attribute: AttributeInfo): DefinedObject {
    return definedObject(place, { kind: "attribute", docstring: null, decorators: [], comments: null, sourcelines: null, function: null, class: null, attribute });
  }

  /** Field names of the named tuples this module made, by class id. */
  readonly namedtupleFields = new Map<string, readonly string[]>();
}

