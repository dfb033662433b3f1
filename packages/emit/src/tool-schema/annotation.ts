/**
 * Annotation → JSON Schema, as pydantic v2 maps types in its validation-mode JSON Schema. Names are
 * resolved through the program (the annotation's `refs`, which give the id every name resolves to),
 * and the annotation's source text is parsed only for its structure (subscripts, `|`, `Literal`
 * values, `Annotated` metadata). What cannot be mapped statically becomes `{}` and a diagnostic.
 */
import type { BundleIndex } from "./bundle-index.ts";
import { classDefinition } from "./classes.ts";
import { Unmappable, type ToolSchemaDiagnostic, type ToolSchemaDiagnosticCode } from "./diagnostics.ts";
import { dottedName, literalJson, parseExpression, type JsonValue, type PyExpr } from "./expression.ts";

/** A JSON Schema (2020-12) object. */
export type JsonSchema = { [keyword: string]: JsonValue };

/** An annotation as the bundle stores it: source text and the ids its names resolve to. */
export interface AnnotationSource {
  readonly text: string;
  readonly refs: readonly { readonly name: string; readonly id: string | null }[];
}

/** What the schema of a TypedDict field is wrapped in (`Required[…]`, `NotRequired[…]`). */
export type Requiredness = "required" | "not-required" | "default";

const PRIMITIVES: Record<string, JsonSchema> = {
  "builtins:int": { type: "integer" },
  "builtins:float": { type: "number" },
  "builtins:str": { type: "string" },
  "builtins:bool": { type: "boolean" },
  "builtins:bytes": { type: "string", format: "binary" },
  "builtins:object": {},
  "typing:Any": {},
  "datetime:datetime": { type: "string", format: "date-time" },
  "datetime:date": { type: "string", format: "date" },
  "datetime:time": { type: "string", format: "time" },
  "datetime:timedelta": { type: "string", format: "duration" },
  "uuid:UUID": { type: "string", format: "uuid" },
  "pathlib:Path": { type: "string", format: "path" },
  "pathlib:PurePath": { type: "string", format: "path" },
  "decimal:Decimal": { anyOf: [{ type: "number" }, { type: "string", pattern: "^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d*$" }] },
  "builtins:complex": { type: "string" },
  "os:PathLike": { type: "string", format: "path" },
  "ipaddress:IPv4Address": { type: "string", format: "ipv4" },
  "ipaddress:IPv6Address": { type: "string", format: "ipv6" },
  "ipaddress:IPv4Network": { type: "string", format: "ipv4network" },
  "ipaddress:IPv6Network": { type: "string", format: "ipv6network" },
  "ipaddress:IPv4Interface": { type: "string", format: "ipv4interface" },
  "ipaddress:IPv6Interface": { type: "string", format: "ipv6interface" },
  "re:Pattern": { type: "string", format: "regex" },
  "typing:Pattern": { type: "string", format: "regex" },
  "typing:Hashable": {},
  "collections.abc:Hashable": {},
  "builtins:type": {},
  "typing:Type": {},
};

/** Generic types whose schema does not depend on their arguments (`type[X]` is `{}`, `os.PathLike[str]` a path). */
const ARGUMENT_FREE = new Set(["os:PathLike", "re:Pattern", "typing:Pattern", "builtins:type", "typing:Type"]);

const SEQUENCES = new Set([
  "builtins:list", "typing:List", "typing:Sequence", "collections.abc:Sequence", "typing:MutableSequence", "collections.abc:MutableSequence",
  "collections:deque", "typing:Deque", "typing:Iterable", "collections.abc:Iterable",
]);
const SETS = new Set(["builtins:set", "builtins:frozenset", "typing:Set", "typing:FrozenSet", "typing:AbstractSet", "collections.abc:Set", "typing:MutableSet", "collections.abc:MutableSet"]);
const MAPPINGS = new Set([
  "builtins:dict", "typing:Dict", "typing:Mapping", "collections.abc:Mapping", "typing:MutableMapping", "collections.abc:MutableMapping",
  "typing:DefaultDict", "collections:defaultdict", "typing:OrderedDict", "collections:OrderedDict",
]);
/** `Counter[K]` is a mapping of K to int. */
const COUNTERS = new Set(["typing:Counter", "collections:Counter"]);
const TUPLES = new Set(["builtins:tuple", "typing:Tuple"]);

/** `typing_extensions` re-exports `typing`'s forms; both are read as `typing:Name`. */
const canonical = (id: string): string => (id.startsWith("typing_extensions:") ? `typing:${id.slice("typing_extensions:".length)}` : id);

/**
 * Builds JSON Schemas for annotations of one callable's parameters, collecting the `$defs` the
 * schemas refer to (`#/$defs/Name`, keyed by class `__name__` as pydantic does, `module.qualname`
 * with dots as `__` when two classes share a name) and the diagnostics.
 */
export class SchemaBuilder {
  /** `$defs` entries by name, in the order first referenced. */
  readonly defs = new Map<string, JsonSchema>();
  private readonly defNames = new Map<string, string>();
  /** The callable the diagnostics are about (`module:qualname`). */
  private callable = "";

  constructor(
    readonly index: BundleIndex,
    private readonly report: (d: ToolSchemaDiagnostic) => void,
  ) {}

  /** Starts a new callable: clears `$defs` and sets the id diagnostics name. */
  reset(callableId: string): void {
    this.defs.clear();
    this.defNames.clear();
    this.callable = callableId;
  }

  /** Reports a diagnostic about the current callable. */
  diagnose(code: ToolSchemaDiagnosticCode, parameter: string | null, message: string): void {
    this.report({ code, id: this.callable, parameter, message });
  }

  /**
   * The schema of one annotation; `null` annotation (none written) is `{}`, as pydantic treats a
   * missing annotation as `Any`. Unmappable parts become `{}` for the whole annotation, with one
   * diagnostic naming the annotation and the part.
   *
   * @param where The parameter name (or `Class.field`) the diagnostic names.
   */
  annotation(ann: AnnotationSource | null, where: string): JsonSchema {
    return this.annotationWithRequiredness(ann, where).schema;
  }

  /** {@link annotation}, also telling whether it was wrapped in `Required`/`NotRequired` (TypedDict fields). */
  annotationWithRequiredness(ann: AnnotationSource | null, where: string): { schema: JsonSchema; requiredness: Requiredness } {
    if (ann === null) return { schema: {}, requiredness: "default" };
    const refs = new Map(ann.refs.map((r) => [r.name, r.id]));
    const expr = parseExpression(ann.text);
    try {
      if (!expr) throw new Unmappable("unmapped-annotation", "not an expression the annotation subset covers");
      let requiredness: Requiredness = "default";
      let inner = this.unquote(expr);
      const form = this.formOf(inner, refs);
      if (inner.kind === "Subscript" && (form === "typing:Required" || form === "typing:NotRequired")) {
        requiredness = form === "typing:Required" ? "required" : "not-required";
        inner = inner.slice;
      }
      return { schema: this.type(inner, refs), requiredness };
    } catch (error) {
      if (!(error instanceof Unmappable)) throw error;
      this.diagnose(error.code, where, `annotation ${JSON.stringify(ann.text)}: ${error.message}`);
      return { schema: {}, requiredness: "default" };
    }
  }

  /** A string annotation (`"list[int]"`) stands for the expression it holds. */
  private unquote(e: PyExpr): PyExpr {
    if (e.kind === "Constant" && e.value.type === "str") {
      const inner = parseExpression(e.value.value);
      if (!inner) throw new Unmappable("unmapped-annotation", `string annotation ${JSON.stringify(e.value.value)} is not an expression the subset covers`);
      return this.unquote(inner);
    }
    return e;
  }

  /** The id the head of `e` (a name, or the value of a subscript) resolves to. */
  private formOf(e: PyExpr, refs: ReadonlyMap<string, string | null>): string | null {
    const head = e.kind === "Subscript" ? e.value : e;
    const name = dottedName(head);
    if (name === null) return null;
    const id = refs.get(name);
    if (id === undefined || id === null) return null;
    return canonical(id);
  }

  private resolve(e: PyExpr, refs: ReadonlyMap<string, string | null>): string {
    const name = dottedName(e);
    if (name === null) throw new Unmappable("unmapped-annotation", "a type expression the subset does not cover");
    const id = refs.get(name);
    if (id === undefined || id === null) throw new Unmappable("unresolved-name", `${name} does not resolve`);
    return canonical(id);
  }

  private args(slice: PyExpr): readonly PyExpr[] {
    return slice.kind === "Tuple" ? slice.elts : [slice];
  }

  /** The schema of a type expression. @throws Unmappable */
  private type(raw: PyExpr, refs: ReadonlyMap<string, string | null>): JsonSchema {
    const e = this.unquote(raw);
    if (e.kind === "Constant" && e.value.type === "None") return { type: "null" };
    if (e.kind === "BinOp") return this.union([e.left, e.right], refs);
    if (e.kind === "Subscript") return this.generic(this.resolve(e.value, refs), this.args(e.slice), refs);
    const id = this.resolve(e, refs);
    const primitive = PRIMITIVES[id];
    if (primitive) return structuredClone(primitive);
    if (SEQUENCES.has(id) || TUPLES.has(id)) return { type: "array", items: {} };
    if (SETS.has(id)) return { type: "array", items: {}, uniqueItems: true };
    if (MAPPINGS.has(id)) return { type: "object", additionalProperties: true };
    if (COUNTERS.has(id)) return { type: "object", additionalProperties: { type: "integer" } };
    if (id === "typing:Optional" || id === "typing:Union" || id === "typing:Literal" || id === "typing:Annotated")
      throw new Unmappable("unmapped-annotation", `bare ${id} has no schema`);
    return this.classRef(id);
  }

  private generic(id: string, args: readonly PyExpr[], refs: ReadonlyMap<string, string | null>): JsonSchema {
    if (id === "typing:Optional") {
      if (args.length !== 1) throw new Unmappable("unmapped-annotation", "Optional takes one argument");
      return this.union([args[0]!, { kind: "Constant", value: { type: "None" } }], refs);
    }
    if (id === "typing:Union") return this.union(args, refs);
    if (id === "typing:Literal") return this.literal(args, refs);
    if (id === "typing:Annotated") return this.annotated(args, refs);
    if (SEQUENCES.has(id) && args.length === 1) return { type: "array", items: this.type(args[0]!, refs) };
    if (SETS.has(id) && args.length === 1) return { type: "array", items: this.type(args[0]!, refs), uniqueItems: true };
    if (ARGUMENT_FREE.has(id)) return structuredClone(PRIMITIVES[id]!);
    if ((MAPPINGS.has(id) && args.length === 2) || (COUNTERS.has(id) && args.length === 1)) {
      const key = this.type(args[0]!, refs);
      const value = COUNTERS.has(id) ? { type: "integer" } : this.type(args[1]!, refs);
      // An empty value schema is `true`; a key schema appears only for str keys with constraints (a pattern, lengths).
      const schema: JsonSchema = { type: "object", additionalProperties: Object.keys(value).length === 0 ? true : value };
      if (key.type === "string" && Object.keys(key).some((k) => k !== "type")) schema.propertyNames = key;
      return schema;
    }
    if (TUPLES.has(id)) {
      const last = args[args.length - 1];
      if (args.length === 2 && last?.kind === "Constant" && last.value.type === "Ellipsis") return { type: "array", items: this.type(args[0]!, refs) };
      if (args.length === 0) return { type: "array", maxItems: 0, minItems: 0 }; // tuple[()]
      const prefixItems = args.map((a) => this.type(a, refs));
      return { type: "array", prefixItems, minItems: prefixItems.length, maxItems: prefixItems.length };
    }
    throw new Unmappable("unmapped-annotation", `${id}[…] has no statically known schema`);
  }

  /** `Union[…]`, `Optional[…]` and `X | Y`: nested unions flattened, repeated members dropped, as typing does. */
  private union(members: readonly PyExpr[], refs: ReadonlyMap<string, string | null>): JsonSchema {
    const flat: PyExpr[] = [];
    const visit = (m: PyExpr) => {
      const e = this.unquote(m);
      if (e.kind === "BinOp") return void [e.left, e.right].forEach(visit);
      const form = e.kind === "Subscript" ? this.formOf(e, refs) : null;
      if (form === "typing:Union" && e.kind === "Subscript") return void this.args(e.slice).forEach(visit);
      if (form === "typing:Optional" && e.kind === "Subscript") {
        visit(e.slice);
        return void visit({ kind: "Constant", value: { type: "None" } });
      }
      flat.push(e);
    };
    members.forEach(visit);
    // pydantic makes a union with None a nullable schema of the rest: null goes last.
    const isNone = (m: PyExpr) => m.kind === "Constant" && m.value.type === "None";
    const ordered = [...flat.filter((m) => !isNone(m)), ...flat.filter(isNone)];
    const seen = new Set<string>();
    const anyOf: JsonSchema[] = [];
    for (const m of ordered) {
      const schema = this.type(m, refs);
      const key = JSON.stringify(schema);
      if (seen.has(key)) continue;
      seen.add(key);
      anyOf.push(schema);
    }
    return anyOf.length === 1 ? anyOf[0]! : { anyOf };
  }

  /** `Literal[…]`: `const` for one value, else `enum`; `type` when every value has the same Python type. */
  private literal(values: readonly PyExpr[], refs: ReadonlyMap<string, string | null>): JsonSchema {
    const out: JsonValue[] = [];
    const types = new Set<string>();
    const visit = (v: PyExpr) => {
      if (v.kind === "Subscript" && this.formOf(v, refs) === "typing:Literal") return void this.args(v.slice).forEach(visit);
      const json = literalJson(v);
      const pyType = v.kind === "Constant" ? v.value.type : v.kind === "UnaryOp" && v.operand.kind === "Constant" ? v.operand.value.type : null;
      if (!json || (pyType !== "str" && pyType !== "int" && pyType !== "bool" && pyType !== "None" && pyType !== "bytes" && pyType !== "float"))
        throw new Unmappable("unmapped-annotation", "a Literal value that is not a str, bytes, int, bool or None literal");
      out.push(json.value);
      types.add(pyType === "bytes" ? "str" : pyType);
    };
    values.forEach(visit);
    const schema: JsonSchema = out.length === 1 ? { const: out[0]! } : { enum: out };
    const only = types.size === 1 ? [...types][0] : null;
    const type = only === "str" ? "string" : only === "int" ? "integer" : only === "float" ? "number" : only === "bool" ? "boolean" : only === "None" ? "null" : null;
    if (type) schema.type = type;
    return schema;
  }

  /** `Annotated[T, *metadata]`: T's schema with the constraints of `annotated_types` and `pydantic.Field` metadata. */
  private annotated(args: readonly PyExpr[], refs: ReadonlyMap<string, string | null>): JsonSchema {
    if (args.length < 2) throw new Unmappable("unmapped-annotation", "Annotated needs a type and metadata");
    const schema = this.type(args[0]!, refs);
    for (const meta of args.slice(1)) applyMetadata(schema, meta, (e) => this.formOf(e, refs));
    return schema;
  }

  /** A `$ref` to the class's `$defs` entry, built on first use. @throws Unmappable for classes pydantic would not schema. */
  private classRef(id: string): JsonSchema {
    const cls = this.index.get(id);
    if (!cls || cls.kind !== "class") throw new Unmappable("unmapped-annotation", `${id} is not a class the bundle describes`);
    const shape = this.index.classShape(id);
    if (shape === "plain") throw new Unmappable("unmapped-annotation", `${id} is a class without a known JSON Schema`);
    let name = this.defNames.get(id);
    if (name === undefined) {
      name = [...this.defNames.values()].includes(cls.name) ? `${cls.module}.${cls.qualname ?? cls.name}`.replace(/\./g, "__") : cls.name;
      this.defNames.set(id, name);
      this.defs.set(name, {}); // placeholder: a recursive reference finds the name
      try {
        this.defs.set(name, classDefinition(this, cls, shape));
      } catch (error) {
        this.defs.delete(name);
        this.defNames.delete(id);
        throw error;
      }
    }
    return { $ref: `#/$defs/${name}` };
  }
}

const NUMERIC_CONSTRAINTS: Record<string, string> = {
  gt: "exclusiveMinimum",
  ge: "minimum",
  lt: "exclusiveMaximum",
  le: "maximum",
  multiple_of: "multipleOf",
};
const ANNOTATED_TYPES: Record<string, string> = {
  "annotated_types:Gt": "gt",
  "annotated_types:Ge": "ge",
  "annotated_types:Lt": "lt",
  "annotated_types:Le": "le",
  "annotated_types:MultipleOf": "multiple_of",
  "annotated_types:MinLen": "min_length",
  "annotated_types:MaxLen": "max_length",
};
/** `Field(...)` keywords that do not change the validation JSON Schema of an argument. */
const FIELD_NEUTRAL = new Set(["strict", "frozen", "repr", "init", "init_var", "kw_only", "exclude", "validate_default", "coerce_numbers_to_str", "fail_fast", "deprecated", "union_mode", "allow_inf_nan"]);

/**
 * Adds one `Annotated` metadata item's constraints to `schema`, as pydantic's `apply_known_metadata`
 * does: `annotated_types.Gt/Ge/Lt/Le/MultipleOf/MinLen/MaxLen/Len/Interval` and `pydantic.Field`'s
 * `gt ge lt le multiple_of min_length max_length pattern description title examples`; lengths go
 * to `minLength`/`minItems`/`minProperties` by the schema's `type`. Constants (strings, numbers)
 * are ignored, as pydantic ignores metadata it does not know. @throws Unmappable for anything else.
 */
function applyMetadata(schema: JsonSchema, meta: PyExpr, formOf: (e: PyExpr) => string | null): void {
  if (meta.kind === "Constant") return;
  if (meta.kind !== "Call") throw new Unmappable("unmapped-annotation", "Annotated metadata of unknown effect");
  const id = formOf(meta.func);
  const set = (key: string, value: PyExpr | undefined) => {
    if (value === undefined) throw new Unmappable("unmapped-annotation", `${id}() without its value`);
    const json = literalJson(value);
    if (!json) throw new Unmappable("unmapped-annotation", `${id}: ${key} is not a literal`);
    if (key in NUMERIC_CONSTRAINTS) {
      if (typeof json.value !== "number") throw new Unmappable("unmapped-annotation", `${id}: ${key} is not a number`);
      if (schema.type !== "integer" && schema.type !== "number") throw new Unmappable("unmapped-annotation", `${key} on a non-numeric type`);
      schema[NUMERIC_CONSTRAINTS[key]!] = json.value;
    } else if (key === "min_length" || key === "max_length") {
      const bound = key === "min_length" ? "min" : "max";
      const keyword = schema.type === "string" ? `${bound}Length` : schema.type === "array" ? `${bound}Items` : schema.type === "object" ? `${bound}Properties` : null;
      if (keyword === null || typeof json.value !== "number") throw new Unmappable("unmapped-annotation", `${key} on a type without a length`);
      schema[keyword] = json.value;
    } else if (key === "pattern") {
      if (schema.type !== "string" || typeof json.value !== "string") throw new Unmappable("unmapped-annotation", "pattern on a non-string type");
      schema.pattern = json.value;
    } else if (key === "description" || key === "title") {
      if (typeof json.value !== "string") throw new Unmappable("unmapped-annotation", `${key} is not a string`);
      schema[key] = json.value;
    } else if (key === "examples") schema.examples = json.value;
    else throw new Unmappable("unmapped-annotation", `${id}: ${key}= has no known schema effect`);
  };
  if (id !== null && id in ANNOTATED_TYPES) {
    if (meta.args.length !== 1 || meta.keywords.length > 0) throw new Unmappable("unmapped-annotation", `${id}() with other arguments`);
    set(ANNOTATED_TYPES[id]!, meta.args[0]);
    return;
  }
  const kw = new Map(meta.keywords.map((k) => [k.arg, k.value]));
  if (id === "annotated_types:Len") {
    const [min, max] = meta.args;
    set("min_length", min ?? kw.get("min_length") ?? { kind: "Constant", value: { type: "int", value: 0n } });
    const maxValue = max ?? kw.get("max_length");
    if (maxValue && !(maxValue.kind === "Constant" && maxValue.value.type === "None")) set("max_length", maxValue);
    return;
  }
  if (id === "annotated_types:Interval") {
    if (meta.args.length > 0) throw new Unmappable("unmapped-annotation", "Interval() with positional arguments");
    for (const [k, v] of kw) if (!(v.kind === "Constant" && v.value.type === "None")) set(k, v);
    return;
  }
  if (id === "pydantic.fields:Field" || id === "pydantic:Field") {
    if (meta.args.length > 0) throw new Unmappable("unmapped-annotation", "Field() with a positional default inside Annotated");
    for (const [k, v] of kw) {
      if (FIELD_NEUTRAL.has(k) || (v.kind === "Constant" && v.value.type === "None")) continue;
      set(k, v);
    }
    return;
  }
  throw new Unmappable("unmapped-annotation", `Annotated metadata ${id ?? "call"}(…) of unknown effect`);
}

/** `Field(…)` keywords of a model field's value that the class signature already accounts for. */
const FIELD_IN_SIGNATURE = new Set(["default", "default_factory", "alias", "validation_alias", "serialization_alias", "alias_priority"]);

/**
 * Adds the constraints of a pydantic model field's `Field(…)` value (`count: int = Field(0, ge=0)`)
 * to the field's schema, as pydantic merges a FieldInfo's metadata; the positional default and the
 * keywords of {@link FIELD_IN_SIGNATURE} are left to the class signature.
 *
 * @throws Unmappable for a keyword of unknown effect.
 */
export function applyFieldValue(schema: JsonSchema, call: PyExpr & { kind: "Call" }): void {
  const keywords = call.keywords.filter((k) => !FIELD_IN_SIGNATURE.has(k.arg));
  if (keywords.length === 0) return;
  applyMetadata(schema, { kind: "Call", func: call.func, args: [], keywords }, () => "pydantic.fields:Field");
}
