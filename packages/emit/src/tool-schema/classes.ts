/**
 * `$defs` entries for the classes pydantic v2 describes by their fields or values: enums (the
 * members' values), dataclasses and pydantic models (the class signature, i.e. `__init__`'s
 * fields), TypedDicts (the annotated class attributes, bases first) and NamedTuples (an array of
 * the fields, as a positional arguments schema).
 */
import type { BundleObject, BundleParameter } from "../schema.ts";
import { applyFieldValue, type AnnotationSource, type JsonSchema, type SchemaBuilder } from "./annotation.ts";
import { positionalSchema } from "./arguments.ts";
import type { ClassShape } from "./bundle-index.ts";
import { defaultValue } from "./default.ts";
import { Unmappable } from "./diagnostics.ts";
import { literalJson, parseExpression, type JsonValue, type PyExpr } from "./expression.ts";

/**
 * The class's `__doc__` cleaned (`inspect.cleandoc`), as pydantic's `description`; `null` when the
 * class has no docstring of its own, and for a dataclass whose `__doc__` is the one `dataclasses`
 * generates (`Name(field, …)`).
 */
function description(cls: BundleObject, shape: ClassShape): string | null {
  if (cls.rawDoc === null || cls.doc === null) return null;
  if (shape === "dataclass" && cls.rawDoc.startsWith(`${cls.name}(`)) return null;
  if (shape === "enum" && cls.doc === "An enumeration.") return null;
  return cls.doc;
}

function withDescription(cls: BundleObject, shape: ClassShape, schema: JsonSchema): JsonSchema {
  const text = description(cls, shape);
  return text === null ? schema : { description: text, ...schema };
}

/**
 * The `$defs` entry of one class (not its `$ref`).
 *
 * @throws Unmappable when the class's fields or values are not statically known (an enum member
 *   made by `auto()`, a class without a signature, a model that accepts `**data`).
 */
export function classDefinition(builder: SchemaBuilder, cls: BundleObject, shape: ClassShape): JsonSchema {
  switch (shape) {
    case "enum":
      return withDescription(cls, shape, enumSchema(builder, cls));
    case "dataclass":
    case "pydantic-model":
      return withDescription(cls, shape, fieldsSchema(builder, cls, shape));
    case "typeddict":
      return withDescription(cls, shape, typedDictSchema(builder, cls));
    case "namedtuple": {
      const params = cls.signature?.parameters;
      if (!params || params.some((p) => p.kind !== "POSITIONAL_OR_KEYWORD")) throw new Unmappable("unmapped-annotation", `${cls.id}: fields of the named tuple are not known`);
      return positionalSchema(builder, cls.id, params, undefined);
    }
    case "plain":
      throw new Unmappable("unmapped-annotation", `${cls.id} is a class without a known JSON Schema`);
  }
}

/** Enum members are the class's own attributes with a value, other than `_sunder_`/`__dunder__` names. */
function enumSchema(builder: SchemaBuilder, cls: BundleObject): JsonSchema {
  const values: JsonValue[] = [];
  const types = new Set<string>();
  for (const member of builder.index.childrenOf(cls.id)) {
    if (member.kind !== "attribute" || member.value === null || member.annotation !== null) continue;
    if (/^_.*_$/.test(member.name)) continue;
    const expr = parseExpression(member.value);
    const json = expr ? literalJson(expr) : null;
    if (!expr || !json) throw new Unmappable("unmapped-annotation", `${cls.id}.${member.name} = ${member.value}: the member's value is not a literal`);
    values.push(json.value);
    const c = expr.kind === "UnaryOp" ? expr.operand : expr;
    types.add(c.kind === "Constant" ? (c.value.type === "bytes" ? "str" : c.value.type) : c.kind);
  }
  const only = types.size === 1 ? [...types][0] : null;
  const type = only === "str" ? "string" : only === "int" ? "integer" : only === "float" ? "number" : only === "bool" ? "boolean" : only === "List" ? "array" : null;
  return type ? { enum: values, type } : { enum: values };
}

/**
 * The field's annotation as the class body (or the first class of the MRO that annotates it) writes
 * it: the same source text as the signature parameter's, but with its names resolved where the class
 * attribute is (the bundle's pydantic-model signatures leave a class's reference to itself unresolved).
 */
function fieldAnnotation(builder: SchemaBuilder, cls: BundleObject, name: string): AnnotationSource | null {
  for (const owner of cls.mro ?? [cls.id]) {
    const field = builder.index.childrenOf(owner).find((o) => o.kind === "attribute" && o.name === name && o.annotation !== null);
    if (field) return field.annotation;
  }
  return null;
}

/** Dataclasses and pydantic models: the class signature's parameters are the fields, with their defaults. */
function fieldsSchema(builder: SchemaBuilder, cls: BundleObject, shape: "dataclass" | "pydantic-model"): JsonSchema {
  const params = cls.signature?.parameters;
  if (!params) throw new Unmappable("unmapped-annotation", `${cls.id}: the class signature is not known`);
  const properties: JsonSchema = {};
  const required: string[] = [];
  for (const p of params) {
    if (p.kind === "VAR_POSITIONAL" || p.kind === "VAR_KEYWORD") throw new Unmappable("unmapped-annotation", `${cls.id}: the class accepts *${p.name}; its fields are not known`);
    const schema = builder.annotation(fieldAnnotation(builder, cls, p.name) ?? p.annotation, `${cls.name}.${p.name}`);
    if (shape === "pydantic-model") modelFieldConstraints(builder, cls, p, schema);
    const d = defaultValue(p.default);
    if (d.kind === "json") schema.default = d.value;
    else if (d.kind === "required") required.push(p.name);
    else if (d.kind === "unknown") builder.diagnose("unknown-default", `${cls.name}.${p.name}`, `default ${JSON.stringify(p.default?.text)} is not statically known`);
    properties[p.name] = schema;
  }
  const schema: JsonSchema = { type: "object", properties };
  if (required.length > 0) schema.required = required;
  if (shape === "pydantic-model") {
    const extra = modelExtra(builder, cls);
    if (extra !== null) schema.additionalProperties = extra === "forbid" ? false : true;
  }
  return schema;
}

/** The class attribute that defines a field (or `model_config`), looked up along the MRO. */
function classAttribute(builder: SchemaBuilder, cls: BundleObject, name: string): BundleObject | undefined {
  for (const owner of cls.mro ?? [cls.id]) {
    const attr = builder.index.childrenOf(owner).find((o) => o.kind === "attribute" && o.name === name);
    if (attr) return attr;
  }
  return undefined;
}

/**
 * A model field written `name: T = Field(…)`: the class signature shows that the analyzer read the
 * call as a FieldInfo (its default is the call's `default`, or the field is required, rather than
 * the call itself), so the call's constraints and description are added to the field's schema.
 */
function modelFieldConstraints(builder: SchemaBuilder, cls: BundleObject, p: BundleParameter, schema: JsonSchema): void {
  // A field with an alias is a parameter named by the alias: its attribute is not found by name, and its constraints are missed.
  const attr = classAttribute(builder, cls, p.name);
  if (!attr?.value || (p.default !== null && p.default.text === attr.value)) return;
  const call = parseExpression(attr.value);
  if (call?.kind !== "Call") return;
  try {
    applyFieldValue(schema, call);
  } catch (error) {
    if (!(error instanceof Unmappable)) throw error;
    for (const key of Object.keys(schema)) delete schema[key];
    builder.diagnose(error.code, `${cls.name}.${p.name}`, `field value ${JSON.stringify(attr.value)}: ${error.message}`);
  }
}

/**
 * `model_config = ConfigDict(extra=…)` (or a dict literal) of the model or its bases: `"forbid"`
 * gives `additionalProperties: false` and `"allow"` `true`, as pydantic writes them; `null` when
 * not set or not a literal (`"ignore"`, pydantic's default, writes nothing).
 */
function modelExtra(builder: SchemaBuilder, cls: BundleObject): "forbid" | "allow" | null {
  const config = classAttribute(builder, cls, "model_config");
  if (!config?.value) return null;
  const e = parseExpression(config.value);
  let extra: PyExpr | undefined;
  if (e?.kind === "Call") extra = e.keywords.find((k) => k.arg === "extra")?.value;
  else if (e?.kind === "Dict") extra = e.values[e.keys.findIndex((k) => k.kind === "Constant" && k.value.type === "str" && k.value.value === "extra")];
  if (!extra) {
    if (!e) builder.diagnose("unmapped-annotation", `${cls.name}.model_config`, `model_config ${JSON.stringify(config.value)} is not statically known`);
    return null;
  }
  const value = literalJson(extra)?.value;
  return value === "forbid" || value === "allow" ? value : null;
}

/**
 * TypedDict: the annotated attributes of the TypedDict bases (in base order) and then of the class;
 * each is required unless wrapped in `NotRequired[…]`. The `total=False` class keyword is not in the
 * bundle, so every class is read as total (a known gap, counted in the differential report).
 */
function typedDictSchema(builder: SchemaBuilder, cls: BundleObject): JsonSchema {
  const properties: JsonSchema = {};
  const required: string[] = [];
  const visit = (c: BundleObject, seen: Set<string>) => {
    if (seen.has(c.id)) return;
    seen.add(c.id);
    for (const base of c.bases ?? []) {
      const b = base.id === null ? undefined : builder.index.get(base.id);
      if (b && builder.index.classShape(b.id) === "typeddict") visit(b, seen);
    }
    for (const field of builder.index.childrenOf(c.id)) {
      if (field.kind !== "attribute" || field.annotation === null) continue;
      const { schema, requiredness } = builder.annotationWithRequiredness(field.annotation, `${cls.name}.${field.name}`);
      properties[field.name] = schema;
      const index = required.indexOf(field.name);
      if (index >= 0) required.splice(index, 1);
      if (requiredness !== "not-required") required.push(field.name);
    }
  };
  visit(cls, new Set());
  const schema: JsonSchema = { type: "object", properties };
  if (required.length > 0) schema.required = required;
  return schema;
}
