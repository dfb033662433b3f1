/**
 * What the tool-schema emitters need to look up in a bundle: objects by id, a class's own members
 * in source order, and which of the classes pydantic gives a `$defs` entry a class is (by its MRO,
 * members and bases as the bundle records them).
 */
import type { Bundle, BundleObject } from "../schema.ts";

/**
 * The kinds of classes whose JSON Schema pydantic v2 builds from their fields, or from their
 * members' values for enums. `plain`: any other class (pydantic rejects it as an arbitrary type).
 */
export type ClassShape = "enum" | "pydantic-model" | "dataclass" | "typeddict" | "namedtuple" | "plain";

/** An index over one bundle's objects; read-only, built once per emit run. */
export class BundleIndex {
  /** Objects by id. */
  readonly objects: ReadonlyMap<string, BundleObject>;
  private readonly children = new Map<string, BundleObject[]>();
  private readonly shapes = new Map<string, ClassShape>();

  constructor(readonly bundle: Bundle) {
    this.objects = new Map(bundle.objects.map((o) => [o.id, o]));
    for (const o of bundle.objects) {
      if (o.parent === null) continue;
      let list = this.children.get(o.parent);
      if (!list) this.children.set(o.parent, (list = []));
      list.push(o);
    }
    for (const list of this.children.values()) list.sort((a, b) => a.span.line - b.span.line || a.id.localeCompare(b.id));
  }

  /** The object with this id, or `undefined`. */
  get(id: string): BundleObject | undefined {
    return this.objects.get(id);
  }

  /** Objects whose `parent` is `id` (a class's own attributes and methods), in source order (1-based lines). */
  childrenOf(id: string): readonly BundleObject[] {
    return this.children.get(id) ?? [];
  }

  /**
   * Which kind of class `id` is, from the bundle alone:
   * - `enum`: `enum:Enum` is in its MRO;
   * - `pydantic-model`: `pydantic.main:BaseModel` is in its MRO;
   * - `namedtuple`: `builtins:tuple` is in its MRO and the class itself owns `_fields` (what both
   *   `typing.NamedTuple` and `collections.namedtuple` create);
   * - `dataclass`: the class itself owns `__dataclass_fields__`;
   * - `typeddict`: a base written `…TypedDict` that the bundle resolved to `builtins:dict` (at run
   *   time `TypedDict`'s metaclass replaces the base by `dict`, so the MRO no longer says it), or a
   *   base that is itself a TypedDict;
   * - `plain` otherwise, and for ids that are not classes in the bundle.
   */
  classShape(id: string): ClassShape {
    const known = this.shapes.get(id);
    if (known) return known;
    this.shapes.set(id, "plain"); // a cycle in bases ends here
    const shape = this.computeShape(id);
    this.shapes.set(id, shape);
    return shape;
  }

  private computeShape(id: string): ClassShape {
    const cls = this.objects.get(id);
    if (!cls || cls.kind !== "class") return "plain";
    const mro = cls.mro ?? [];
    const owns = (name: string) => (cls.members ?? []).some((m) => m.name === name && m.owner === id);
    if (mro.includes("enum:Enum")) return "enum";
    if (mro.includes("pydantic.main:BaseModel")) return "pydantic-model";
    if (mro.includes("builtins:tuple") && owns("_fields")) return "namedtuple";
    if (owns("__dataclass_fields__")) return "dataclass";
    for (const base of cls.bases ?? []) {
      if (base.id === "builtins:dict" && /(^|\.)TypedDict$/.test(base.text)) return "typeddict";
      if (base.id !== null && base.id !== id && this.classShape(base.id) === "typeddict") return "typeddict";
    }
    return "plain";
  }
}
