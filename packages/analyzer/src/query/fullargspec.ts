/**
 * `inspect.getfullargspec` over a signature: the seven `FullArgSpec` fields, computed from the
 * parameters as CPython 3.11's `getfullargspec` computes them from its `Signature`.
 */
// Through the package entry point: the files behind it are being reorganised.
import type { AnnotationView, InspectParameter, InspectSignature } from "../index.ts";

/** A default value: source text and `repr()` (`rendered` is `null` when not statically knowable). */
export type ArgSpecDefault = NonNullable<InspectParameter["default"]>;

/**
 * `inspect.FullArgSpec`, field for field:
 * - `args`: names of the positional-only then the positional-or-keyword parameters;
 * - `varargs`, `varkw`: names of the `*` and `**` parameters, or `null` (Python's `None`);
 * - `defaults`: the defaults of the last positional parameters, in order, or `null` when none
 *   (CPython gives `None`, not `()`, to match `__defaults__`);
 * - `kwonlyargs`: keyword-only parameter names;
 * - `kwonlydefaults`: keyword-only name → default, or `null` when none (as `__kwdefaults__`);
 * - `annotations`: name → annotation in dict order: `return` first when there is a return
 *   annotation, then the parameters in order.
 */
export interface FullArgSpec {
  readonly args: readonly string[];
  readonly varargs: string | null;
  readonly varkw: string | null;
  readonly defaults: readonly ArgSpecDefault[] | null;
  readonly kwonlyargs: readonly string[];
  readonly kwonlydefaults: readonly { readonly name: string; readonly default: ArgSpecDefault }[] | null;
  readonly annotations: readonly { readonly name: string; readonly annotation: AnnotationView }[];
}

/** Options of {@link getfullargspec}. */
export interface FullArgSpecOptions {
  /**
   * The first parameter `inspect.signature` leaves out of a bound method or a class signature
   * (`cls` of a classmethod accessed from its class, `self` of a class's `__init__`) and which
   * `getfullargspec` keeps, because it asks for the signature with `skip_bound_arg=False`; `null`
   * (default) when `signature` already has every parameter.
   */
  readonly boundParameter?: Pick<InspectParameter, "name" | "kind" | "default" | "annotation"> | null;
}

/**
 * `inspect.getfullargspec(func)` from the signature CPython computes for it with
 * `_signature_from_callable(func, follow_wrapper_chains=False, skip_bound_arg=False)`: `__wrapped__`
 * is not followed (a `functools.wraps` wrapper reports its own `(*args, **kwargs)`), and a bound
 * first parameter is kept (pass it as `options.boundParameter`). For a class that is the signature of
 * the `__init__`/`__new__`/metaclass `__call__` inspect picks, with `self`/`cls`; for a class whose
 * signature comes from a builtin's `__text_signature__`, or from `object`, nothing is prepended.
 *
 * Returns `null` where CPython raises `TypeError('unsupported callable')`: pass `null` as the
 * signature when `inspect.signature` would raise (e.g. an `lru_cache` wrapper, a subclass of a C
 * type with no text signature). Never throws.
 */
export function getfullargspec(signature: InspectSignature | null, options: FullArgSpecOptions = {}): FullArgSpec | null {
  if (!signature) return null;
  const params = options.boundParameter ? [options.boundParameter, ...signature.parameters] : signature.parameters;
  const posonly: string[] = [];
  const args: string[] = [];
  let varargs: string | null = null;
  let varkw: string | null = null;
  const defaults: ArgSpecDefault[] = [];
  const kwonlyargs: string[] = [];
  const kwonlydefaults: { name: string; default: ArgSpecDefault }[] = [];
  const annotations: { name: string; annotation: AnnotationView }[] = [];
  if (signature.return_annotation) annotations.push({ name: "return", annotation: signature.return_annotation });
  for (const p of params) {
    switch (p.kind) {
      case "POSITIONAL_ONLY":
        posonly.push(p.name);
        if (p.default) defaults.push(p.default);
        break;
      case "POSITIONAL_OR_KEYWORD":
        args.push(p.name);
        if (p.default) defaults.push(p.default);
        break;
      case "VAR_POSITIONAL":
        varargs = p.name;
        break;
      case "KEYWORD_ONLY":
        kwonlyargs.push(p.name);
        if (p.default) kwonlydefaults.push({ name: p.name, default: p.default });
        break;
      case "VAR_KEYWORD":
        varkw = p.name;
        break;
    }
    if (p.annotation) {
      // A dict: a later `return` parameter name would overwrite the return annotation in place.
      const at = annotations.findIndex((a) => a.name === p.name);
      if (at >= 0) annotations[at] = { name: p.name, annotation: p.annotation };
      else annotations.push({ name: p.name, annotation: p.annotation });
    }
  }
  return {
    args: [...posonly, ...args],
    varargs,
    varkw,
    defaults: defaults.length ? defaults : null,
    kwonlyargs,
    kwonlydefaults: kwonlydefaults.length ? kwonlydefaults : null,
    annotations,
  };
}
