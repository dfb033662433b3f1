/**
 * The result of binding one module ({@link ModuleSummary}): plain data that JSON round-trips, what a
 * cache stores by content hash and a worker returns.
 */
import type { Diagnostic, Span } from "@static-inspect/parser";
import type { SummaryExpression as Expression } from "./expressions.ts";
import type { Alternative, DefinedObject } from "./objects.ts";

/**
 * A `try:` whose body only imports (`import a`, `from a import b`) and whose handlers catch
 * `ImportError`: which branch runs depends on whether the target can import `modules`, which binding
 * a module cannot know by itself, so bind records both branches and link decides.
 *
 * ```python
 * try:                      # guard 0: modules ["msvcrt"]
 *     import msvcrt         #   bound with when [{guard: 0, succeeds: true}]
 * except ImportError:
 *     msvcrt = None         #   bound with when [{guard: 0, succeeds: false}]
 * ```
 */
export interface ImportGuard {
  /** The modules the `try` body imports, absolute and dotted. */
  readonly modules: readonly string[];
  /**
   * The names the guard needs each module to define (absent when none): the names a `from m import a`
   * of the body takes (it raises ImportError when `m` has neither an attribute `a` nor a submodule
   * `m.a`), or, for an {@link ImportGuard.test} guard, the attributes the test asks about.
   */
  readonly names?: readonly { readonly module: string; readonly name: string }[];
  /**
   * Set for an `if` whose test asks only about module attributes (`if hasattr(typing, "ParamSpec"):`,
   * `"a" in dir(m)`, combined by `and`/`not` with what the target decides): the test's text. The guard
   * succeeds when every module of `names` defines its name; the `if` body is bound under the branch
   * that makes the test true. Its `modules` are empty.
   */
  readonly test?: string;
}

/** A branch of an {@link ImportGuard} (its index in `ModuleSummary.guards`): the imports succeed, or fail. */
export interface GuardLiteral {
  readonly guard: number;
  readonly succeeds: boolean;
}

/** The guard branches a binding, definition or `__all__` step is made under (all must hold), outermost first. */
export type When = readonly GuardLiteral[];

/**
 * A name binding at module or class level, as far as linking needs it.
 *
 * ```python
 * import a.b as c          # kind "import", target "a.b"
 * import a.b               # kind "import", target "a" (binds `a`)
 * from .x import y as z    # kind "importFrom", module ".x" resolved to absolute, name "y"
 * from x import *          # kind "starImport" (name "*")
 * class C: ...             # kind "definition", target "mod:C"
 * X = Y                    # kind "alias", expression Y
 * X = 1                    # kind "value", expression 1
 * ```
 */
export interface NameBinding {
  readonly kind: "import" | "importFrom" | "starImport" | "definition" | "alias" | "value";
  /** For imports: the absolute module name; for definitions: the object id. */
  readonly target: string;
  /** For `importFrom`: the imported name. */
  readonly name?: string;
  /** For `alias`/`value`: the assigned expression. */
  readonly expression?: Expression;
  readonly line: number;
  /** For imports: the full dotted module the statement imports (`import a.b` binds `a`, imports `a.b`). */
  readonly imported?: string;
  /** For imports: where the imported name is written. */
  readonly span?: Span;
  /** Inside a `try` whose handlers catch `ImportError` (an optional dependency). */
  readonly guarded?: boolean;
  /** The import-guard branches it is made under (see {@link ImportGuard}); absent when none. */
  readonly when?: When;
}

/**
 * One step that builds `__all__`:
 *
 * ```python
 * __all__ = base.__all__ + ["x"]   # set
 * __all__ += other.__all__          # extend
 * __all__.extend(["y"])             # extend
 * __all__.append("z")               # append
 * ```
 */
export interface AllOp {
  readonly op: "set" | "extend" | "append" | "remove";
  readonly value: Expression;
  /** The import-guard branches it runs under (see {@link ImportGuard}); absent when none. */
  readonly when?: When;
}

/** The result of binding one module: plain data, no syntax trees beyond expressions. */
export interface ModuleSummary {
  readonly name: string;
  readonly path: string;
  readonly isPackage: boolean;
  readonly encoding: string;
  readonly sha256: string;
  readonly objects: readonly DefinedObject[];
  /** Final module-level bindings by name (the last one in source order). */
  readonly scope: Readonly<Record<string, NameBinding>>;
  /**
   * Every module-level binding of each name, in source order (branches the target rules out are not
   * run): what a name means at a given line (an alias, a base class, a default is looked up when its
   * statement runs, not after the whole module has).
   */
  readonly history: Readonly<Record<string, readonly NameBinding[]>>;
  /**
   * Imports made only under `if TYPE_CHECKING:` (not at run time). A module with a module-level
   * `__getattr__` (PEP 562) provides such names lazily, so they resolve through this table there.
   */
  readonly typeCheckingScope: Readonly<Record<string, NameBinding>>;
  /** `from m import *` statements at module level (kind `starImport`), in source order. */
  readonly starImports: readonly NameBinding[];
  /** `from m import *` statements under `if TYPE_CHECKING:`, in source order. */
  readonly typeCheckingStarImports: readonly NameBinding[];
  /** Per class id: every binding of each name in the class body, in source order. */
  readonly classHistories: Readonly<Record<string, Readonly<Record<string, readonly NameBinding[]>>>>;
  /** Per class id: its namespace bindings (the last one in source order). */
  readonly classScopes: Readonly<Record<string, Readonly<Record<string, NameBinding>>>>;
  /** `__all__` when statically known (and built outside import guards), else `null`. */
  readonly all: readonly string[] | null;
  /** How `__all__` is built, in order, for linking when it is not a literal (`x.__all__ + y.__all__`). */
  readonly allOps: readonly AllOp[];
  /** `from __future__ import annotations` is in effect. */
  readonly futureAnnotations: boolean;
  /**
   * Every string constant in the module's annotations, parsed (`"List[int]"` → its expression; `null`
   * when the string is not an expression), keyed by the string's value.
   */
  readonly stringAnnotations: Readonly<Record<string, Expression | null>>;
  /** The `try: import … except ImportError:` statements whose branches link decides, by index. */
  readonly guards: readonly ImportGuard[];
  /**
   * Module-level code writes the module's namespace through `globals()` or `vars()`
   * (`globals().update(…)`, `globals()[name] = …`), so it may have names no statement binds. Absent
   * when it does not.
   */
  readonly dynamicNamespace?: true;
  /**
   * The module that replaces this one in `sys.modules` when it is imported (3.13's `collections/abc.py`:
   * `import _collections_abc; sys.modules[__name__] = _collections_abc`): importers get that module's
   * names. Absent when the module stays itself.
   */
  readonly replacedBy?: string;
  /**
   * The alternatives (see `Alternative`) of ids that no object of the module has: names defined only in
   * branches that do not run on the target (or that an import binds instead: `try: from _c import f` /
   * `except ImportError: def f`), by id. Absent when there are none.
   */
  readonly unboundAlternatives?: Readonly<Record<string, readonly Alternative[]>>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A summary as JSON text (what a cache stores and a worker thread sends). {@link summaryFromJSON}
 * reads it back, with the same sharing.
 *
 * Bind shares records: the binding in `scope` is the last of `history`, an attribute's value is the
 * expression its binding holds, and so on. Plain JSON would write each shared record once per place
 * (40% of the text over site-packages) and read it back as that many copies. Here a record met again
 * is written as `{"$ref": N}`: N counts the records (objects and arrays) written before it in the
 * order JSON lists them, from 0, references not counted. No summary record is an object whose only
 * key is `$ref` with a number (records of names hold bindings or expressions, never numbers).
 *
 * The `span` of expressions, parameters and arguments is left out (see `Unlocated`): a summary's
 * types have none, and over site-packages they are a quarter of the text. Spans of bindings,
 * definitions (`position`) and diagnostics are kept.
 */
export function summaryToJSON(summary: ModuleSummary): string {
  // JSON.stringify calls the replacer for each value before it writes it, in the order it writes
  // them: the order summaryFromJSON counts records in. (Over site-packages the replacer adds about a
  // quarter to a plain stringify; building a copy with references first doubled it.) A span left
  // out is never indexed, so references count only what is written.
  const index = new Map<object, number>();
  return JSON.stringify(summary, function (this: unknown, key, value: unknown) {
    if (key === "span" && locatesNode(this)) return undefined;
    if (value === null || typeof value !== "object") return value;
    const known = index.get(value);
    if (known !== undefined) return { $ref: known };
    index.set(value, index.size);
    return value;
  });
}

/**
 * Reads a summary written by {@link summaryToJSON}, its shared records shared again. Equal strings of
 * up to 512 characters come back as one string, equal records of up to four fields that hold no
 * record as one record (a summary is never changed after bind), and empty arrays as one frozen
 * array. Every record comes back without a prototype, as bind made it, so Python names such as
 * `constructor` do not find `Object.prototype`'s members.
 *
 * @throws SyntaxError when the text is not JSON; `RangeError` for a `$ref` to a record not yet read
 *   (text that `summaryToJSON` did not write).
 */
export function summaryFromJSON(text: string): ModuleSummary {
  // A plain parse, then one walk that drops the prototypes and resolves references: 4× faster than a
  // reviver, which is called for every value (a cached standard library is ~40 MB of summaries).
  // JSON.parse gives every string and record its own copy, and a summary repeats much: its path,
  // module name and ids in every object, `self` parameters, `None` defaults, `{yields: false,
  // awaits: false}`, empty lists. So the walk also makes equal strings one string, equal records of
  // up to four fields and no record inside one record, and every empty array one. Over
  // site-packages the decoded summaries take 441 MB: 487 with strings and empty arrays shared only,
  // for 9% less decoding time; 791 before either (and with the spans of expressions). Frozen, the
  // shared records took more memory than unshared ones.
  const records: object[] = [];
  const strings = new Map<string, string>();
  const leaves = new Map<string, object>();
  const shared = (s: string): string => {
    if (s.length > MAX_SHARED_STRING) return s;
    const known = strings.get(s);
    if (known !== undefined) return known;
    strings.set(s, s);
    return s;
  };
  const resolve = (value: object): object => {
    if (!Array.isArray(value)) {
      const ref = reference(value);
      if (ref !== null) {
        const target = records[ref];
        if (target === undefined) throw new RangeError(`summary JSON: $ref ${ref} names no record read before it`);
        return target;
      }
    }
    const at = records.push(value) - 1;
    if (Array.isArray(value)) {
      if (value.length === 0) return (records[at] = NO_ITEMS);
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item !== null && typeof item === "object") value[i] = resolve(item);
        else if (typeof item === "string") value[i] = shared(item);
      }
      return value;
    }
    Object.setPrototypeOf(value, null);
    // A small leaf record's fields, as a key of `leaves` (types told apart: "1" and 1, null and "null").
    let key = "";
    let fields = 0;
    let leaf = true;
    for (const name in value) {
      const item = (value as Record<string, unknown>)[name];
      if (item !== null && typeof item === "object") {
        leaf = false;
        (value as Record<string, unknown>)[name] = resolve(item);
        continue;
      }
      if (typeof item === "string") (value as Record<string, unknown>)[name] = shared(item);
      if (leaf && ++fields <= MAX_LEAF_FIELDS) key += `${name}\u0001${typeof item === "string" ? "'" : ""}${String(item)}\u0002`;
    }
    if (!leaf || fields > MAX_LEAF_FIELDS) return value;
    const known = leaves.get(key);
    if (known !== undefined) return (records[at] = known);
    leaves.set(key, value);
    return value;
  };
  const parsed: unknown = JSON.parse(text);
  return (parsed !== null && typeof parsed === "object" ? resolve(parsed) : parsed) as ModuleSummary;
}

/** The one empty array of summaries read back from JSON (frozen: a summary is never changed after bind). */
const NO_ITEMS: readonly never[] = Object.freeze([]);

/** Longer strings (docstrings, long texts) are seldom repeated: summaryFromJSON leaves them as parsed. */
const MAX_SHARED_STRING = 512;
/** Leaf records of more fields (spans, positions) are seldom repeated: summaryFromJSON leaves them as parsed. */
const MAX_LEAF_FIELDS = 4;

/**
 * Whether `holder`, which has a `span`, is a node whose span summaries leave out: an expression (it has
 * a string `text`; no other summary record with a span has one), a parameter (`annotation` and
 * `default`) or an argument (`star`).
 */
function locatesNode(holder: unknown): boolean {
  if (holder === null || typeof holder !== "object") return false;
  const h = holder as Record<string, unknown>;
  return typeof h.text === "string" || ("annotation" in h && "default" in h) || "star" in h;
}

/** N for an object `{"$ref": N}` (its only key), else `null`. */
function reference(value: object): number | null {
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref !== "number") return null;
  for (const key in value) if (key !== "$ref") return null;
  return ref;
}
