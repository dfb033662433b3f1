import { makeSignature, type InspectParameter, type InspectSignature } from "../query/signature.ts";
import type { ClassPlugin } from "./plugin.ts";
import type { LinkContext } from "../link/context.ts";
import { getmro } from "../link/mro.ts";
import { resolveExpression } from "../link/resolve.ts";
import { annotationView } from "../query/annotations.ts";
import { defaultRepr } from "../query/values.ts";

/** pydantic v2's model base class. */
const PYDANTIC_MODEL = "pydantic.main:BaseModel";

/**
 * The `__signature__` pydantic (v2) gives a model class: its fields along the MRO, keyword-only,
 * named by their `alias` when it is an identifier, with defaults (`default_factory` as `<factory>`)
 * and `-> None`. `null` when a model in the MRO writes its own `__init__` (pydantic then derives the
 * signature from it, which we leave to the general rule).
 */
function pydanticSignature(cx: LinkContext, mro: readonly string[]): InspectSignature | null {
  const fields = new Map<string, InspectParameter>();
  for (const c of [...mro].reverse()) {
    if (c === PYDANTIC_MODEL || cx.builtins.objects[c] || !(getmro(cx, c) ?? []).includes(PYDANTIC_MODEL)) continue;
    const cls = cx.object(c);
    if (!cls?.class) continue;
    if (cls.class.namespace.includes("__init__")) return null;
    const scope = cx.summaryOf(cls.scope)?.classScopes[c];
    const line = cx.runLine(cls);
    for (const { name, annotation } of cls.class.annotations) {
      if (name.startsWith("_") || name === "model_config") continue;
      const head = annotation.kind === "Subscript" ? annotation.value : annotation;
      const r = head.kind === "Name" || head.kind === "Attribute" ? resolveExpression(cx, cls.scope, head, 0, line) : null;
      if (r && (r.kind === "object" || r.kind === "value") && (r.kind === "object" ? r.id === "typing:ClassVar" : false)) continue;
      if (head.kind === "Name" && head.id === "ClassVar") continue;
      let value = scope?.[name]?.expression ?? null;
      let alias: string | null = null;
      let factory = false;
      // Constraints (`ge=`, `max_length=`, …) become `Annotated[...]` metadata whose repr pydantic
      // builds at run time: the annotation is then not statically knowable.
      let constrained = false;
      if (value?.kind === "Call" && (value.func.kind === "Name" || value.func.kind === "Attribute")) {
        const f = resolveExpression(cx, cls.scope, value.func, 0, line);
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
        default: factory ? { text: "<factory>", rendered: "<factory>" } : value ? { text: value.text, rendered: defaultRepr(cx, cls.scope, value, line) } : null,
        annotation: annotationView(cx, cls.scope, annotation, line, constrained ? null : undefined),
      };
      fields.set(name, param);
    }
  }
  return makeSignature([...fields.values()], { text: "None", rendered: "None", refs: [] });
}

/** pydantic v2 models: the class signature pydantic synthesizes. */
export const pydanticPlugin: ClassPlugin = {
  name: "pydantic",
  classSignature(cx, cls, mro) {
    if (!mro.includes(PYDANTIC_MODEL) || cls.id === PYDANTIC_MODEL) return undefined;
    return pydanticSignature(cx, mro) ?? undefined;
  },
};
