/**
 * What bind records about each object a module defines ({@link DefinedObject}): plain, serialisable data.
 */
import type { CodeNames, FunctionFlags, Span } from "@static-inspect/parser";
import type { SummaryArgument as Argument, SummaryExpression as Expression, SummaryParameter as Parameter } from "./expressions.ts";
import type { When } from "./summary.ts";

/**
 * How an object is reached from its owner, in inspect's terms.
 *
 * ```python
 * def f(): ...              # function
 * class C:                  # class
 *     def m(self): ...      # method (a function in a class namespace)
 *     @staticmethod
 *     def s(): ...          # staticmethod
 *     @classmethod
 *     def c(cls): ...       # classmethod
 *     @property
 *     def p(self): ...      # property
 *     @functools.cached_property
 *     def c(self): ...      # cached_property (a non-data descriptor)
 *     x: int = 0            # attribute
 * ```
 */
export type ObjectKind = "module" | "class" | "function" | "method" | "staticmethod" | "classmethod" | "property" | "cached_property" | "attribute";

/** Lines of a definition, 1-based and inclusive. */
export interface LineRange {
  readonly line: number;
  readonly endLine: number;
}

/** What a `def` contributes (for properties: the getter's). */
export interface FunctionInfo {
  readonly isAsync: boolean;
  readonly parameters: readonly Parameter[];
  readonly returns: Expression | null;
  readonly flags: FunctionFlags;
  /** Names of decorators we did not recognise: they may replace the function at run time. */
  readonly unknownDecorators: readonly string[];
  /** `@abstractmethod` (or `abc.abstractmethod`) among the decorators. */
  readonly abstract: boolean;
  /**
   * A C object the decorators wrap the function in, which `inspect` sees instead of the function:
   * `functools.lru_cache`/`cache` give an `_lru_cache_wrapper`; `staticmethod`/`classmethod` outside a
   * class body give the descriptor itself; `wraps`: a new Python function made with `functools.wraps`
   * (`contextlib.contextmanager`), not a generator. Signatures, docs and source lines follow `__wrapped__`;
   * predicates and `getcomments` see the wrapper.
   */
  readonly wrapper: "lru_cache" | "staticmethod" | "classmethod" | "wraps" | null;
  /**
   * The `@typing.overload` variants written before this definition, in order (each with its 1-based
   * line). At run time the implementation is what the name holds; the variants are for readers.
   */
  readonly overloads?: readonly { readonly parameters: readonly Parameter[]; readonly returns: Expression | null; readonly line: number }[];
  /** `@types.coroutine` on a generator function: its code gets `CO_ITERABLE_COROUTINE`. */
  readonly iterableCoroutine?: boolean;
  /** The value of the body's only `return` standing directly in the body, a call or a name (see the parser's `FunctionDef.returnValue`); absent otherwise. */
  readonly returnValue?: Expression;
  /** `__init_subclass__`/`__init__`: `cls.attr = …` assignments in its body; `__new__`: those on the object it makes (see the parser's `FunctionDef`). */
  readonly attributeAssignments?: readonly { readonly object: string; readonly attr: string; readonly value?: string }[];
  /** The names of its PEP 695 type parameters (`def f[T, *Ts]()` → `T`, `Ts`); absent when it has none. */
  readonly typeParams?: readonly string[];
  /**
   * `co_names` and `co_freevars` of the `def`'s code object (see the parser's `CodeNames`); `null`
   * when its source has a syntax error; absent for functions a plugin synthesizes.
   */
  readonly code?: CodeNames | null;
  /** For properties: which accessors exist. */
  readonly accessors?: { readonly fset: boolean; readonly fdel: boolean };
}

/** What a `class` statement contributes. */
export interface ClassInfo {
  /** Positional base expressions, in order. */
  readonly bases: readonly Expression[];
  /** Ids of bases that bind built in place (`class T(namedtuple("T", "a b"))`), parallel to `bases`. */
  readonly baseIds?: readonly (string | null)[];
  /** Keyword arguments of the class statement (`metaclass=…` among them). */
  readonly keywords: readonly Argument[];
  /** Names bound in the class namespace (its `__dict__` keys), in first-binding order. */
  readonly namespace: readonly string[];
  /** Annotated names of the class body, in order (`__annotations__` keys). */
  readonly annotations: readonly { readonly name: string; readonly annotation: Expression }[];
  /** `__slots__` names when statically known, else `null`. */
  readonly slots: readonly string[] | null;
  /** The names of its PEP 695 type parameters (`class C[T]:` → `T`); absent when it has none. */
  readonly typeParams?: readonly string[];
  /** Namespace keys bound only under import-guard branches, with each binding's branches (see `ImportGuard`). */
  readonly namespaceWhen?: Readonly<Record<string, readonly When[]>>;
  /** The module calls `C.__init_subclass__()` on the class itself after defining it (string.Template does). */
  readonly initSubclassCalled?: boolean;
  /** Set when `@dataclasses.dataclass` decorates the class. */
  readonly dataclass?: DataclassInfo;
  /** Plain-data facts plugins read from the class statement (their `bindFacts` hook), by plugin name; absent when none. */
  readonly plugins?: Readonly<Record<string, unknown>>;
}

/**
 * `@dataclass(...)` parameters (CPython 3.11 defaults) and the fields the class body declares; also
 * used for attrs classes (`@attr.s`, `@attrs.define`, …), whose generated `__init__` follows the same
 * shape (`flavor` `"attrs"`: private names lose their `_`, factories show as `NOTHING`).
 */
export interface DataclassInfo {
  readonly flavor?: "dataclass" | "attrs";
  readonly init: boolean;
  readonly repr: boolean;
  readonly eq: boolean;
  readonly order: boolean;
  readonly unsafe_hash: boolean;
  readonly frozen: boolean;
  readonly match_args: boolean;
  readonly kw_only: boolean;
  readonly slots: boolean;
  /**
   * The decorator rebuilds the class with `__slots__` of its field names (CPython 3.11
   * `dataclasses._add_slots` for `slots=True`, libcst's `add_slots`): no `__dict__`/`__weakref__`,
   * the fields as slot descriptors, and with `setstate` its own `__getstate__`/`__setstate__`
   * (dataclasses: when frozen; libcst: always); `keepsWeakref`: the old class's `__weakref__` entry
   * stays in the new namespace (libcst pops only `__dict__`). Absent when the class is not rebuilt.
   */
  readonly slotsRebuild?: { readonly setstate: boolean; readonly keepsWeakref?: boolean };
  /** Annotated names in order (`ClassVar`s and the `KW_ONLY` marker included, with their role). */
  readonly fields: readonly DataclassField[];
}

/**
 * One annotated name of a dataclass body.
 *
 * ```python
 * x: int                           # field, no default
 * y: str = "a"                     # field, default "a"
 * z: list = field(default_factory=list, kw_only=True)
 * c: ClassVar[int] = 3             # role "classvar": not a field
 * i: InitVar[int] = 0              # role "initvar": an __init__ parameter only
 * _: KW_ONLY                       # role "kw_only_marker"
 * ```
 */
export interface DataclassField {
  readonly name: string;
  readonly role: "field" | "classvar" | "initvar" | "kw_only_marker";
  readonly annotation: Expression | null;
  /** The `__init__` parameter name when it differs from the field name (attrs: `_x` → `x`, `alias=`). */
  readonly initName?: string;
  /** The default value expression (`field(default=…)` unwrapped), or `null`. */
  readonly default: Expression | null;
  readonly hasFactory: boolean;
  /** `field(init=False)`. */
  readonly init: boolean;
  /** `field(kw_only=…)`, `null` when not given. */
  readonly kw_only: boolean | null;
  /** Whether the class attribute stays after the decorator runs (a plain default, or `field(default=…)`). */
  readonly keepsAttribute: boolean;
}

/**
 * What an assignment binds besides the name.
 *
 * ```python
 * x: int = 0               # annotation int, value 0
 * class C:
 *     def __init__(self):
 *         self.y = []      # instance: set on instances, not in C's namespace
 *         """The y."""     #   (recorded only when documented, see AttributeDoc)
 * ```
 */
export interface AttributeInfo {
  readonly annotation: Expression | null;
  readonly value: Expression | null;
  /**
   * Set by `self.x = …` in the class's `__init__`: an attribute of instances, which is not a class
   * member (`getmembers_static(C)` does not list it, `C.__annotations__` does not have it). Absent
   * for class and module attributes.
   */
  readonly instance?: true;
}

/**
 * The documentation of an attribute, as Sphinx autodoc reads it (`ModuleAnalyzer.attr_docs`).
 *
 * ```python
 * VERSION = "1.0"
 * """The version string."""     # {text: "The version string.", source: "docstring"}
 * #: Seconds to wait.
 * TIMEOUT = 5                   # {text: "Seconds to wait.", source: "comment"}
 * RETRIES = 3  #: How often.    # {text: "How often.", source: "comment"}
 * ```
 */
export interface AttributeDoc {
  /** The text, cleaned as `inspect.cleandoc` cleans a docstring (`#: ` markers removed first). */
  readonly text: string;
  /** A string statement right after the assignment, or `#:` comment lines. */
  readonly source: "docstring" | "comment";
}

/**
 * A test a branch of conditional code is under, as far as it is static.
 *
 * ```python
 * if sys.version_info >= (3, 12):   # {kind: "version", op: ">=", version: [3, 12]}
 * if sys.platform == "win32":       # {kind: "platform", op: "==", platform: "win32"}
 * if os.name == "nt":               # {kind: "platform", op: "==", platform: "nt", name: "os.name"}
 * if TYPE_CHECKING:                 # {kind: "type_checking"}
 * try: import lxml                  # {kind: "import", modules: ["lxml"]} (the body and else)
 * except ImportError:               # {kind: "import", modules: ["lxml"], negated: true}
 * if DEBUG:                         # {kind: "other"}
 * ```
 *
 * `negated` is set on the `else` side of an `if` and on `except` handlers; `and`/`or` tests are
 * `other`. Version and platform values are what the source compares with, not the target's.
 */
export interface ConditionFact {
  readonly kind: "version" | "platform" | "type_checking" | "import" | "other";
  readonly negated?: true;
  /** `version`/`platform`: the comparison, as written (`>=`, `==`, `in`, `startswith`, …). */
  readonly op?: string;
  /** `version`: the tuple compared with `sys.version_info` (`(3, 12)` → `[3, 12]`). */
  readonly version?: readonly number[];
  /** `platform`: the string compared with (`"win32"`, `"linux"`, `"nt"`). */
  readonly platform?: string;
  /** `platform`: which value is tested, `sys.platform` or `os.name`. */
  readonly name?: string;
  /** `import`: the modules the guarded `try` body imports. */
  readonly modules?: readonly string[];
}

/**
 * A definition of an object's id in another branch of conditional code than the one its object comes
 * from: the availability a doc tool shows.
 *
 * ```python
 * if sys.version_info >= (3, 12):   # target 3.11: this def is the alternative
 *     def f(a, /): ...              #   {conditions: ["sys.version_info >= (3, 12)"], in_effect: false}
 * else:
 *     def f(a): ...                 # the object (its `conditions` say `not (…)`)
 * ```
 */
export interface Alternative {
  /** The branch tests it is under, outermost first, as source text (as `DefinedObject.conditions`). */
  readonly conditions: readonly string[];
  /** What is static about each of `conditions`, in the same order. */
  readonly facts: readonly ConditionFact[];
  /** The import guards it is under: a `try` body is a branch without a test text (see `ImportGuard`). */
  readonly guards: readonly { readonly modules: readonly string[]; readonly succeeds: boolean }[];
  readonly path: string;
  /** The line of the definition (a `def`'s first decorator), 1-based. */
  readonly line: number;
  /** The kind the definition would give the object (`attribute` for assignments, `alias` for imports). */
  readonly kind: ObjectKind | "alias";
  /**
   * `false` when the target rules the branch out (or a later branch replaces it), `null` when which
   * branch runs is not statically known for the target (a plain `if` test, an unknown import).
   */
  readonly in_effect: boolean | null;
}

/**
 * One object defined in a module's source: the module itself, a class, a function, a method, a
 * property or an attribute. Identified by `id` (`module:qualname`; a module's id is its name).
 */
export interface DefinedObject {
  readonly id: string;
  /** `__module__`: the defining module's name at run time (it can reassign `__name__`). */
  readonly module: string;
  /** The import name of the module whose source defines it: its global names are looked up there. */
  readonly scope: string;
  /** PEP 3155 qualified name, `<locals>` included; `null` for the module. */
  readonly qualname: string | null;
  readonly name: string;
  readonly kind: ObjectKind;
  /** Id of the owner: module, class, or (for `<locals>`) function. `null` for the module. */
  readonly parent: string | null;
  readonly path: string;
  readonly span: LineRange;
  /**
   * The branches it is defined under, outermost first, as source text: an `if` test, `not (test)` for
   * its `else`, `except ImportError` for a handler. Empty when unconditional. Branches the target
   * rules out (`sys.platform`, `sys.version_info`, `TYPE_CHECKING`, missing modules) are not bound at all.
   */
  readonly conditions: readonly string[];
  /** What is static about each of `conditions`, in the same order; absent when `conditions` is empty. */
  readonly conditionFacts?: readonly ConditionFact[];
  /**
   * Defined inside a branch whose running neither the target nor an import guard decides (a plain
   * `if` test, a `try` that is not an import guard): it may not run. Absent otherwise.
   */
  readonly undecided?: true;
  /** Where the definition (or assignment) is, for diagnostics; see the parser's `Span` for units. */
  readonly position: Span;
  /** The raw docstring (`__doc__` as written, before `cleandoc`), or `null`. */
  readonly docstring: string | null;
  /** Decorator source texts, outermost first. */
  readonly decorators: readonly string[];
  /** `inspect.getcomments`, computed from the file's lines. */
  readonly comments: string | null;
  /** `inspect.getsourcelines` as `{lineno, count}`; `null` where inspect raises. */
  readonly sourcelines: { readonly lineno: number; readonly count: number } | null;
  readonly function: FunctionInfo | null;
  readonly class: ClassInfo | null;
  /**
   * Made by a class factory rather than written as a `def`/`class` (`namedtuple`'s generated
   * `__new__`): used for linking, not emitted.
   */
  readonly synthesized?: boolean;
  /** Attributes: annotation and value expressions. */
  readonly attribute: AttributeInfo | null;
  /**
   * Attributes: the attribute docstring or `#:` comment that documents the name (see
   * `bind/attribute-docs.ts`); absent when none. Not `__doc__`: `getdoc` never returns it.
   */
  readonly attributeDoc?: AttributeDoc;
  /**
   * The other definitions of this id in branches of conditional code (`if sys.version_info …`,
   * `if TYPE_CHECKING:`, `try/except ImportError`, platform tests, plain `if`/`else`), in source
   * order; absent when there are none (see {@link Alternative}).
   */
  readonly alternatives?: readonly Alternative[];
  /**
   * The import-guard branches it is defined under (see {@link ImportGuard}); absent when none. A summary
   * may list several objects with one id, each under other branches, in source order.
   */
  readonly when?: When;
}

