import type { DefinedObject } from "../model/objects.ts";
import type { SummaryParameter } from "../model/expressions.ts";
import type { LinkContext } from "../link/context.ts";
import { metaclass } from "../link/classes.ts";
import { getattr_static } from "../link/members.ts";
import { getmro } from "../link/mro.ts";
import { namespace } from "../link/namespace.ts";
import { resolveExpression } from "../link/resolve.ts";
import { firstAnswer } from "../plugins/index.ts";
import { annotationView, typeParamsInScope } from "./annotations.ts";
import { defaultRepr } from "./values.ts";

/** A parameter as `inspect.Parameter` has it, with source text beside the runtime rendering. */
export interface InspectParameter {
  readonly name: string;
  readonly kind: SummaryParameter["kind"];
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


/**
 * One parameter of a `def` as `inspect.Parameter` has it: the default's `repr` (a lambda as
 * `<function prefix<lambda> at 0x…>`; `inspect._empty` as no default) and the annotation's view,
 * evaluated in `moduleName` as of `atLine` (1-based), class-body names first for methods.
 */
export function parameterView(
  cx: LinkContext,
  moduleName: string,
  p: SummaryParameter,
  lambdaPrefix: string,
  atLine?: number,
  classId?: string,
  typeParams?: ReadonlySet<string>,
): InspectParameter {
  let def: InspectParameter["default"] = null;
  if (p.default) {
    const rendered =
      p.default.kind === "Lambda" ? `<function ${lambdaPrefix}<lambda> at 0x…>` : defaultRepr(cx, moduleName, p.default, atLine, classId);
    // A default that *is* `inspect.Parameter.empty` (`inspect._empty`) means "no default" to inspect.
    const r = p.default.kind === "Name" || p.default.kind === "Attribute" ? resolveExpression(cx, moduleName, p.default, 0, atLine) : null;
    if (!(r?.kind === "object" && r.id === "inspect:_empty")) def = { text: p.default.text, rendered };
  }
  return {
    name: p.name,
    kind: p.kind,
    default: def,
    annotation: p.annotation ? annotationView(cx, moduleName, p.annotation, atLine, undefined, typeParams, classId) : null,
  };
}

/** The signature of a `def` as a plain function (no parameter bound). */
export function functionSignature(cx: LinkContext, o: DefinedObject): InspectSignature | null {
  const f = o.function;
  if (!f) return null;
  // Defaults are evaluated in the scope around the def: a lambda there is `<prefix><lambda>`.
  const q = o.qualname ?? "";
  const lambdaPrefix = q.includes(".") ? q.slice(0, q.lastIndexOf(".") + 1) : "";
  // Defaults and annotations are evaluated when the `def` runs.
  const line = cx.runLine(o);
  // A method's defaults are evaluated in the class body: its names come first.
  const owner = o.parent ? cx.object(o.parent) : null;
  const classId = owner?.kind === "class" ? owner.id : undefined;
  const scope = typeParamsInScope(cx, o);
  const params = f.parameters.map((p) => parameterView(cx, o.scope, p, lambdaPrefix, line, classId, scope));
  const ret = f.returns ? annotationView(cx, o.scope, f.returns, line, undefined, scope, classId) : null;
  return makeSignature(params, ret);
}

/**
 * `inspect.signature(obj)` for an object as accessed from its owner: functions, methods and
 * staticmethods in full; classmethods bound (first parameter dropped); classes as inspect derives
 * them (metaclass `__call__`, then `__new__`/`__init__` along the MRO, then builtins). `null` where
 * inspect raises (properties, modules, classes with no signature found).
 */
export function signature(cx: LinkContext, id: string): InspectSignature | null {
  const o = cx.object(id);
  if (!o) return null;
  switch (o.kind) {
    case "function":
    case "method":
    case "staticmethod":
      return functionSignature(cx, o);
    case "classmethod":
      return bound(functionSignature(cx, o));
    case "class":
      return classSignature(cx, o);
    default:
      return null;
  }
}

/**
 * `inspect.signature(cls)` as CPython 3.11 derives it: a plugin's (pydantic), the metaclass's
 * `__call__`, then the first `__new__`/`__init__` along the MRO (a generated `__init__` included), then
 * a C base's `__text_signature__`, else `()` for plain `object` subclasses; `null` where inspect raises.
 */
export function classSignature(cx: LinkContext, o: DefinedObject): InspectSignature | null {
  const mro = getmro(cx, o.id);
  if (!mro) return null;
  const arranged = firstAnswer((p) => p.classSignature?.(cx, o, mro));
  if (arranged !== undefined) return arranged;
  const meta = metaclass(cx, o.id);
  if (meta && meta !== "builtins:type") {
    const call = getattr_static(cx, meta, "__call__");
    if (call?.id && cx.object(call.id)?.function) {
      if (!getmro(cx, meta)?.includes("builtins:type") || call.owner !== "builtins:type") {
        const f = cx.object(call.id)!;
        if (f.kind === "method" || f.kind === "function") return bound(functionSignature(cx, f));
      }
    }
  }
  const userDefined = (name: string): DefinedObject | null => {
    const hit = getattr_static(cx, o.id, name);
    if (!hit?.id) return null;
    const f = cx.object(hit.id);
    return f?.function ? f : null;
  };
  const newFn = userDefined("__new__");
  const initOwner = getattr_static(cx, o.id, "__init__")?.owner;
  // A decorator that generates __init__ (dataclass, attrs) gives its signature.
  const generated = initOwner === undefined ? undefined : firstAnswer((p) => p.generatedInit?.(cx, initOwner));
  const generatedInit = generated !== undefined;
  const initFn = generatedInit ? null : userDefined("__init__");
  for (const c of mro) {
    const ns = namespace(cx, c) ?? [];
    if (newFn && ns.includes("__new__")) return bound(functionSignature(cx, newFn));
    if (generatedInit && c === initOwner) return bound(generated);
    if (initFn && ns.includes("__init__")) return bound(functionSignature(cx, initFn));
  }
  for (const c of mro.slice(0, -1)) {
    const b = cx.builtins.objects[c];
    if (b?.text_signature) return parseTextSignature(b.text_signature, true);
  }
  if (!mro.includes("builtins:type")) {
    const init = getattr_static(cx, o.id, "__init__");
    const nw = getattr_static(cx, o.id, "__new__");
    if (init?.owner === "builtins:object" && nw?.owner === "builtins:object") return makeSignature([], null);
  }
  return null;
}

/**
 * The `@typing.overload` variants of a function as signatures (in source order), or `null` when it
 * has none. Like `typing.get_overloads()`, without running the module.
 */
export function overloads(cx: LinkContext, id: string): InspectSignature[] | null {
  const o = cx.object(id);
  const variants = o?.function?.overloads;
  if (!o || !variants?.length) return null;
  const q = o.qualname ?? "";
  const lambdaPrefix = q.includes(".") ? q.slice(0, q.lastIndexOf(".") + 1) : "";
  return variants.map((v) => {
    const line = cx.runLine(o) === undefined ? undefined : v.line;
    const scope = typeParamsInScope(cx, o);
    const params = v.parameters.map((p) => parameterView(cx, o.scope, p, lambdaPrefix, line, undefined, scope));
    const ret = v.returns ? annotationView(cx, o.scope, v.returns, line, undefined, scope) : null;
    const sig = makeSignature(params, ret);
    return o.kind === "classmethod" ? bound(sig) ?? sig : sig;
  });
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
export function bound(sig: InspectSignature | null): InspectSignature | null {
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
  let kind: SummaryParameter["kind"] = "POSITIONAL_OR_KEYWORD";
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
    let k: SummaryParameter["kind"] = i < slash ? "POSITIONAL_ONLY" : kind;
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
