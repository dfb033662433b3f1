/**
 * The interface of a plugin for classes whose namespace, `__init__` or `__doc__` a library builds at
 * run time (dataclasses, attrs, pydantic, NamedTuple, Enum, typing's Generic and Protocol).
 *
 * A plugin contributes in two phases, as griffe's extensions do, but hermetically:
 * - **bind**: facts read from the class statement alone (decorator arguments, fields), stored as plain
 *   data in the module summary (`ClassInfo.dataclass` today);
 * - **link**: hooks the linker calls with readonly facts; the linker never names a library.
 *
 * Every hook is optional; a hook returns `undefined` when the class is not one of the plugin's.
 */
import type { ClassDef } from "@static-inspect/parser";
import type { SummaryExpression } from "../model/expressions.ts";
import type { Binder, ScopeFrame } from "../bind/binder.ts";
import type { DataclassInfo, DefinedObject } from "../model/objects.ts";
import type { LinkContext } from "../link/context.ts";
import type { InspectSignature } from "../query/signature.ts";
import type { Value } from "../query/repr.ts";

/**
 * A class namespace (`cls.__dict__` keys, in insertion order) while `type.__new__`, decorators and
 * metaclasses build it.
 */
export interface NamespaceBuilder {
  /** The keys so far, in order. */
  readonly names: readonly string[];
  /** Adds a key at the end unless present. */
  add(name: string): void;
  /** Removes a key if present. */
  remove(name: string): void;
  /** Records that the entry `name` holds another object (`Proto.__init__` is `typing:_no_init_or_replace_init`). */
  alias(name: string, id: string): void;
  /** Adds `name` as a copy of the attribute with id `from` (see `NamespaceView.copied`). */
  copy(name: string, from: string): void;
  /** The copies recorded so far. */
  readonly copied: ReadonlyMap<string, string>;
}

/** One plugin: a name (listed in the bundle's `generator`), its bind hook and its link hooks. */
export interface ClassPlugin {
  /** The plugin's name, e.g. `dataclasses`. */
  readonly name: string;
  /**
   * Bind: the facts a class decorator of this library gives (`@dataclass(frozen=True)`, `@attrs.define`),
   * read from the class statement and its bound body alone, stored in `ClassInfo.dataclass`; `null`
   * or `undefined` when the class is not decorated so.
   */
  bindClass?(b: Binder, def: ClassDef, body: ScopeFrame): DataclassInfo | null | undefined;
  /**
   * Bind: other facts of the class statement the plugin's link hooks need, as plain JSON data,
   * stored in `ClassInfo.plugins[name]`; `undefined` when it has none for this class.
   */
  bindFacts?(b: Binder, def: ClassDef, body: ScopeFrame): unknown;
  /**
   * Adds to (or removes from) the namespace of class `cls` what its decorator, metaclass or base's
   * `__init_subclass__` writes there, after the class body and before `type.__new__`'s own slots
   * (`__dict__`, `__weakref__`, `__hash__`). `mro` is the class's (known) MRO.
   */
  namespace?(cx: LinkContext, cls: DefinedObject, mro: readonly string[], ns: NamespaceBuilder): void;
  /**
   * PEP 560: the classes a base expression of `cls` stands for in `__bases__` once its
   * `__mro_entries__` ran (`typing.NamedTuple` → `tuple`, `List[int]` → `list, Generic`), given the
   * id the expression (or, when `subscripted`, its subscripted value) resolves to and the base
   * expressions written after it; `undefined` when the plugin does not know the base.
   */
  mroEntries?(cx: LinkContext, cls: DefinedObject, id: string, subscripted: boolean, later: readonly SummaryExpression[]): readonly string[] | undefined;
  /** The names `dir(cls)` lists when the metaclass defines `__dir__` (`EnumType.__dir__`); `undefined` otherwise. */
  dir?(cx: LinkContext, classId: string): readonly string[] | undefined;
  /**
   * `inspect.signature(cls)` as the library arranges it (pydantic's `__signature__`), before the
   * general rule (metaclass `__call__`, `__new__`, `__init__`); `undefined` to leave it to that rule.
   */
  classSignature?(cx: LinkContext, cls: DefinedObject, mro: readonly string[]): InspectSignature | null | undefined;
  /** The signature of the `__init__` the library generates for class `classId` (with `self`); `undefined` when it generates none. */
  generatedInit?(cx: LinkContext, classId: string): InspectSignature | null | undefined;
  /** The `__doc__` the library gives a class without a docstring; `undefined` when it sets none. */
  generatedDoc?(cx: LinkContext, cls: DefinedObject): string | null | undefined;
  /**
   * `repr()` of the instance `cls(args…)` that `call` builds, evaluated in `moduleName`, when the
   * library generates the class's `__repr__`; `undefined` otherwise.
   */
  instanceRepr?(cx: LinkContext, moduleName: string, call: SummaryExpression & { kind: "Call" }, classId: string, qualname: string): Value | null | undefined;
  /**
   * The value of class attribute `name` of `classId` as the metaclass turns it into (`<Color.RED: 1>`
   * for an Enum member; `null` when not knowable); `undefined` when the assigned value stays.
   */
  classAttributeValue?(cx: LinkContext, classId: string, name: string): Value | null | undefined;
}
