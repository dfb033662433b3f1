/**
 * What `inspect.getfullargspec` starts from, read through the {@link Program} API: the signature
 * `_signature_from_callable(obj, follow_wrapper_chains=False, skip_bound_arg=False)` gives, as the
 * signature `inspect.signature` gives plus the first parameter it drops.
 */
import type { SummaryExpression } from "../model/expressions.ts";
import type { Program } from "../program.ts";
import type { InspectParameter, InspectSignature } from "./signature.ts";
import { makeSignature } from "./signature.ts";
import { getfullargspec, type FullArgSpec } from "./fullargspec.ts";

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === "object" && !Array.isArray(val) ? Object.fromEntries(Object.keys(val).sort().map((k) => [k, (val as Record<string, unknown>)[k]])) : val,
  );
}

function inspectParameter(program: Program, scope: string, p: { name: string; kind: InspectParameter["kind"]; default: SummaryExpression | null; annotation: SummaryExpression | null }): InspectParameter {
  return {
    name: p.name,
    kind: p.kind,
    default: p.default ? { text: p.default.text, rendered: program.defaultRepr(scope, p.default) } : null,
    annotation: p.annotation ? program.annotationView(scope, p.annotation) : null,
  };
}

/**
 * The signature `getfullargspec` starts from, `_signature_from_callable(obj,
 * follow_wrapper_chains=False, skip_bound_arg=False)`, and the first parameter `inspect.signature`
 * dropped, from the analyzer's public API: a `functools.wraps` wrapper's own parameters, no
 * signature for a C wrapper (`lru_cache`), the classmethod's `cls`, and for a class the `self`/`cls`
 * of the `__init__`/`__new__`/metaclass `__call__` that `Program.signature` took it from.
 */
export function argspecInput(program: Program, id: string): { signature: InspectSignature | null; boundParameter: InspectParameter | null } {
  const o = program.object(id);
  const none = { signature: null, boundParameter: null };
  if (!o) return none;
  const f = o.function;
  if (f && o.kind !== "class") {
    if (f.wrapper === "lru_cache") return none; // a C object whose own signature inspect cannot find
    const w = program.wrapsWrapper(id) ?? (f.wrapper === "wraps" ? knownDecoratorWrapper(program, o) : null);
    if (w) return { signature: wrapperSignature(program.signature(w.id), program.signature(id)), boundParameter: null };
    const sig = program.signature(id);
    const first = f.parameters[0];
    if (o.kind === "classmethod" && sig && first && first.kind !== "VAR_POSITIONAL") return { signature: sig, boundParameter: inspectParameter(program, o.scope, first) };
    return { signature: sig, boundParameter: null };
  }
  if (o.kind !== "class") return none;
  const sig = program.signature(id);
  if (!sig) return none;
  // Which callable Program.signature read: the first of metaclass __call__, then __new__ or
  // __init__ along the MRO, whose bound signature is the class's.
  const candidates: string[] = [];
  const meta = program.metaclass(id);
  if (meta && meta !== "builtins:type") {
    const call = program.getattr_static(meta, "__call__");
    if (call?.id && call.owner !== "builtins:type") candidates.push(call.id);
  }
  for (const name of ["__new__", "__init__"]) {
    const hit = program.getattr_static(id, name);
    if (hit?.id && program.object(hit.id)?.function) candidates.push(hit.id);
  }
  for (const c of candidates) {
    const fo = program.object(c);
    const first = fo?.function?.parameters[0];
    if (!fo || !first || first.kind === "VAR_POSITIONAL") continue;
    const full = fo.kind === "classmethod" ? null : program.signature(c);
    if (full && full.parameters.length === sig.parameters.length + 1 && canonical(full.parameters.slice(1)) === canonical(sig.parameters)) {
      // An `lru_cache` wrapper has a signature only through `__wrapped__`, which getfullargspec does not follow.
      if (fo.function?.wrapper === "lru_cache") return none;
      return { signature: sig, boundParameter: full.parameters[0]! };
    }
  }
  // The `__init__` `@dataclass` generated, on this class or the base that owns it (`self` first).
  const init = program.getattr_static(id, "__init__");
  if (init && init.id === null && program.object(init.owner)?.class?.dataclass) {
    return { signature: sig, boundParameter: { name: "self", kind: "POSITIONAL_OR_KEYWORD", default: null, annotation: null } };
  }
  return { signature: sig, boundParameter: null };
}

/** `a.b.c` as a Name/Attribute expression (summary expressions carry no spans). */
function dotted(text: string): SummaryExpression {
  const [head, ...rest] = text.split(".");
  let e: SummaryExpression = { kind: "Name", id: head!, text: head! };
  for (const attr of rest) e = { kind: "Attribute", value: e, attr, text: `${e.text}.${attr}` };
  return e;
}

/**
 * The nested `@functools.wraps(func)` function a known decorator (`contextlib.contextmanager`)
 * returns in place of `o`: what `getfullargspec` reads, since it does not follow `__wrapped__`.
 */
function knownDecoratorWrapper(program: Program, o: NonNullable<ReturnType<Program["object"]>>): ReturnType<Program["object"]> {
  const m = /^([\w.]+)$/.exec(o.decorators[0] ?? "");
  if (!m) return null;
  const ref = program.resolveExpression(o.scope, dotted(m[1]!));
  if (ref.kind !== "object") return null;
  const deco = program.object(ref.id);
  if (!deco?.function) return null;
  const prefix = `${deco.id}.<locals>.`;
  const nested = (program.module(deco.scope)?.objects ?? []).filter(
    (x) => x.id.startsWith(prefix) && !x.id.slice(prefix.length).includes(".") && x.function && x.decorators.some((d) => /(^|\.)wraps\(/.test(d)),
  );
  return nested.length === 1 ? nested[0]! : null;
}

/**
 * A `functools.wraps` wrapper's own signature as inspect reads it: its parameters, but the annotations
 * of the wrapped function, since `wraps` assigns `__annotations__` (a parameter keeps an annotation
 * only if the wrapped function annotates one of that name; `return` comes along).
 */
function wrapperSignature(own: InspectSignature | null, wrapped: InspectSignature | null): InspectSignature | null {
  if (!own || !wrapped) return own;
  const byName = new Map(wrapped.parameters.map((p) => [p.name, p.annotation]));
  return makeSignature(
    own.parameters.map((p) => ({ ...p, annotation: byName.get(p.name) ?? null })),
    wrapped.return_annotation,
  );
}


/** `inspect.getfullargspec(obj)` for an object id (see {@link argspecInput}); `null` where CPython raises `TypeError`. */
export function fullargspecOf(program: Program, id: string): FullArgSpec | null {
  const input = argspecInput(program, id);
  return getfullargspec(input.signature, { boundParameter: input.boundParameter });
}
