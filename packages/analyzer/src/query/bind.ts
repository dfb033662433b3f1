/**
 * `inspect.Signature.bind` / `bind_partial` over a signature, without calling anything: which
 * parameter each argument of a call lands in, or the `TypeError` message CPython 3.11 raises.
 *
 * Mirrors `Signature._bind` in CPython 3.11's `Lib/inspect.py` step for step (positional arguments
 * first, then keyword arguments in parameter order, then `**kwargs`), including its quirks: a
 * positional-only parameter whose name is also passed as a keyword is an error even when a `**kwargs`
 * parameter could take it, and a missing argument is reported before an unexpected keyword.
 */
import type { Call } from "@static-inspect/parser";
import type { SummaryExpression, Unlocated } from "../model/expressions.ts";
import { strRepr } from "./repr.ts";
import type { InspectParameter } from "./signature.ts";

/** The part of an `InspectSignature` binding reads: each parameter's name, kind and whether it has a default. */
export interface BindableSignature {
  readonly parameters: readonly Pick<InspectParameter, "name" | "kind" | "default">[];
}

/**
 * One positional argument of a call: a value (`f(x)`), or `*value` unpacked to a number of values
 * not known statically (`f(*xs)`). `V` is whatever the caller uses to stand for a value (source
 * text, a syntax node, an index).
 */
export type PositionalArgument<V> = { readonly kind: "value"; readonly value: V } | { readonly kind: "unpack"; readonly value: V };

/** One keyword argument of a call: `name=value`, or `**value` unpacked to keys not known statically. */
export type KeywordArgument<V> =
  | { readonly kind: "value"; readonly name: string; readonly value: V }
  | { readonly kind: "unpack"; readonly value: V };

/**
 * The arguments of a call as Python collects them: positional ones (with `*` unpacking) in source
 * order, keyword ones (with `**` unpacking) in source order. This is `bind(*args, **kwargs)`'s
 * `args` and `kwargs`, before unpacking.
 */
export interface CallArguments<V> {
  readonly positional: readonly PositionalArgument<V>[];
  readonly keywords: readonly KeywordArgument<V>[];
}

/**
 * The arguments of a call expression in the syntax facade (`f(a, *b, c=1, **d)`), with each value's
 * expression as `V`. `null` when a keyword is repeated (`f(x=1, x=2)`, which CPython rejects at
 * compile time: `SyntaxError: keyword argument repeated: x`). Never throws.
 */
export function callArguments(call: Unlocated<Call>): CallArguments<SummaryExpression> | null {
  const positional: PositionalArgument<SummaryExpression>[] = [];
  const keywords: KeywordArgument<SummaryExpression>[] = [];
  const names = new Set<string>();
  for (const a of call.args) {
    if (a.star === "**") keywords.push({ kind: "unpack", value: a.value });
    else if (a.name !== null) {
      if (names.has(a.name)) return null;
      names.add(a.name);
      keywords.push({ kind: "value", name: a.name, value: a.value });
    } else positional.push({ kind: a.star === "*" ? "unpack" : "value", value: a.value });
  }
  return { positional, keywords };
}

/** A parameter's default as the signature has it: source text and `repr()` (`null` when not statically known). */
export type ParameterDefault = NonNullable<InspectParameter["default"]>;

/** A value in `BoundArguments.args`/`kwargs`: an argument of the call, or a default put there by `apply_defaults`. */
export type BoundValue<V> = { readonly kind: "value"; readonly value: V } | { readonly kind: "default"; readonly default: ParameterDefault };

/**
 * What one entry of `BoundArguments.arguments` holds: an argument (`value`), a default filled in by
 * `apply_defaults` (`default`), the tuple a `*args` parameter collects (`tuple`, the values in call
 * order) or the dict a `**kwargs` parameter collects (`dict`, entries in call order).
 */
export type BoundArgumentValue<V> =
  | BoundValue<V>
  | { readonly kind: "tuple"; readonly items: readonly V[] }
  | { readonly kind: "dict"; readonly entries: readonly { readonly name: string; readonly value: V }[] };

/** One entry of `BoundArguments.arguments`: a parameter name and what is bound to it. */
export interface BoundArgument<V> {
  readonly name: string;
  readonly value: BoundArgumentValue<V>;
}

/** `BoundArguments` as plain JSON data (what `BoundArguments.toJSON()` returns). */
export interface BoundArgumentsData<V> {
  readonly arguments: readonly BoundArgument<V>[];
  readonly args: readonly BoundValue<V>[];
  readonly kwargs: readonly { readonly name: string; readonly value: BoundValue<V> | { readonly kind: "tuple"; readonly items: readonly V[] } }[];
}

/**
 * `inspect.BoundArguments`: the result of binding a call to a signature.
 *
 * `arguments` lists the bound parameters in parameter order (CPython's dict is in insertion order,
 * which `_bind` makes the parameter order); `args` and `kwargs` are computed from it exactly as
 * CPython's properties do (positional values up to the first keyword-only or unbound parameter, the
 * rest as keywords). Immutable: `apply_defaults()` returns a new object where CPython's mutates.
 */
export class BoundArguments<V> {
  /** The signature the call was bound to. */
  readonly signature: BindableSignature;
  /** Parameter name → bound value, in parameter order; defaults only after `apply_defaults()`. */
  readonly arguments: readonly BoundArgument<V>[];

  constructor(signature: BindableSignature, bound: readonly BoundArgument<V>[]) {
    this.signature = signature;
    this.arguments = bound;
  }

  private lookup(name: string): BoundArgumentValue<V> | undefined {
    return this.arguments.find((a) => a.name === name)?.value;
  }

  /** `BoundArguments.args`: the positional values a call `f(*args, **kwargs)` would pass. */
  get args(): readonly BoundValue<V>[] {
    const out: BoundValue<V>[] = [];
    for (const p of this.signature.parameters) {
      if (p.kind === "VAR_KEYWORD" || p.kind === "KEYWORD_ONLY") break;
      const v = this.lookup(p.name);
      if (v === undefined) break;
      if (v.kind === "tuple") for (const item of v.items) out.push({ kind: "value", value: item });
      else if (v.kind !== "dict") out.push(v);
    }
    return out;
  }

  /**
   * `BoundArguments.kwargs`: the keyword values a call `f(*args, **kwargs)` would pass, `**kwargs`
   * spread. As in CPython, a `*args` tuple bound after a gap (`bind_partial()` then
   * `apply_defaults()` on `(a, *args)`) appears here under its own name.
   */
  get kwargs(): readonly { readonly name: string; readonly value: BoundValue<V> | { readonly kind: "tuple"; readonly items: readonly V[] } }[] {
    const out = new Map<string, BoundValue<V> | { readonly kind: "tuple"; readonly items: readonly V[] }>();
    let started = false;
    for (const p of this.signature.parameters) {
      if (!started) {
        if (p.kind === "VAR_KEYWORD" || p.kind === "KEYWORD_ONLY") started = true;
        else if (this.lookup(p.name) === undefined) {
          started = true;
          continue;
        }
      }
      if (!started) continue;
      const v = this.lookup(p.name);
      if (v === undefined) continue;
      // CPython special-cases only VAR_KEYWORD here: a dict whatever the parameter's kind is spread
      if (p.kind === "VAR_KEYWORD" && v.kind === "dict") for (const e of v.entries) out.set(e.name, { kind: "value", value: e.value });
      else if (v.kind !== "dict") out.set(p.name, v);
    }
    return [...out].map(([name, value]) => ({ name, value }));
  }

  /**
   * `BoundArguments.apply_defaults()`: every parameter the call left out gets its default, `*args`
   * an empty tuple and `**kwargs` an empty dict; required parameters left out by `bind_partial`
   * stay out. Returns a new `BoundArguments`.
   */
  apply_defaults(): BoundArguments<V> {
    const out: BoundArgument<V>[] = [];
    for (const p of this.signature.parameters) {
      const v = this.lookup(p.name);
      if (v !== undefined) out.push({ name: p.name, value: v });
      else if (p.default !== null) out.push({ name: p.name, value: { kind: "default", default: p.default } });
      else if (p.kind === "VAR_POSITIONAL") out.push({ name: p.name, value: { kind: "tuple", items: [] } });
      else if (p.kind === "VAR_KEYWORD") out.push({ name: p.name, value: { kind: "dict", entries: [] } });
    }
    return new BoundArguments(this.signature, out);
  }

  /** `arguments`, `args` and `kwargs` as plain data. */
  toJSON(): BoundArgumentsData<V> {
    return { arguments: this.arguments, args: this.args, kwargs: this.kwargs };
  }
}

/**
 * What binding a call gives: the `BoundArguments` (`bound`); the message of the `TypeError` CPython
 * raises, as `str(exc)` (`error`); or, when `*`/`**` unpacking hides how many arguments there are
 * (`unknown`), whether some expansion binds (`mayBind`) and, when only `*` unpacking is involved, the
 * exact set of messages the failing expansions raise (`messages`, sorted; `null` with `**` unpacking,
 * whose possible keys are unbounded). A call every expansion of which fails with one message is an
 * `error` with that message, never `unknown`.
 */
export type BindResult<V> =
  | { readonly kind: "bound"; readonly bound: BoundArguments<V> }
  | { readonly kind: "error"; readonly message: string }
  | { readonly kind: "unknown"; readonly mayBind: boolean; readonly messages: readonly string[] | null };

/** Options of {@link bindArguments}. */
export interface BindOptions {
  /** `Signature.bind_partial`: required parameters may be left out. Default `false` (`Signature.bind`). */
  readonly partial?: boolean;
}

/** A value slot while binding: a known argument, or a stand-in for one that unpacking supplies. */
type Slot<V> = { readonly known: true; readonly value: V } | { readonly known: false };

type Outcome<V> = { readonly ok: true; readonly arguments: BoundArgument<Slot<V>>[] } | { readonly ok: false; readonly message: string };

/** `{arg!r}` of a parameter or keyword name. */
const repr = (name: string): string => strRepr(name);

/** `Signature._bind` over known arguments: one step of CPython's loop per line. */
function bindKnown<V>(sig: BindableSignature, args: readonly Slot<V>[], kwargsIn: ReadonlyMap<string, Slot<V>>, partial: boolean): Outcome<V> {
  const fail = (message: string): Outcome<V> => ({ ok: false, message });
  const params = sig.parameters;
  const kwargs = new Map(kwargsIn);
  const bound: BoundArgument<Slot<V>>[] = [];
  let i = 0; // next parameter
  let a = 0; // next positional argument
  let extra: (typeof params)[number] | null = null; // CPython's parameters_ex
  for (;;) {
    if (a >= args.length) {
      if (i >= params.length) break;
      const p = params[i++]!;
      if (p.kind === "VAR_POSITIONAL") break;
      if (kwargs.has(p.name)) {
        if (p.kind === "POSITIONAL_ONLY") return fail(`${repr(p.name)} parameter is positional only, but was passed as a keyword`);
        extra = p;
        break;
      }
      if (p.kind === "VAR_KEYWORD" || p.default !== null || partial) {
        extra = p;
        break;
      }
      return fail(`missing a required argument: ${repr(p.name)}`);
    }
    const value = args[a++]!;
    if (i >= params.length) return fail("too many positional arguments");
    const p = params[i++]!;
    if (p.kind === "VAR_KEYWORD" || p.kind === "KEYWORD_ONLY") return fail("too many positional arguments");
    if (p.kind === "VAR_POSITIONAL") {
      bound.push({ name: p.name, value: { kind: "tuple", items: [value, ...args.slice(a)] } });
      a = args.length;
      break;
    }
    if (kwargs.has(p.name) && p.kind !== "POSITIONAL_ONLY") return fail(`multiple values for argument ${repr(p.name)}`);
    bound.push({ name: p.name, value: { kind: "value", value } });
  }
  let varkw: (typeof params)[number] | null = null;
  for (const p of extra ? [extra, ...params.slice(i)] : params.slice(i)) {
    if (p.kind === "VAR_KEYWORD") {
      varkw = p;
      continue;
    }
    if (p.kind === "VAR_POSITIONAL") continue;
    const v = kwargs.get(p.name);
    if (v === undefined) {
      if (!partial && p.default === null) return fail(`missing a required argument: ${repr(p.name)}`);
      continue;
    }
    kwargs.delete(p.name);
    if (p.kind === "POSITIONAL_ONLY") return fail(`${repr(p.name)} parameter is positional only, but was passed as a keyword`);
    bound.push({ name: p.name, value: { kind: "value", value: v } });
  }
  if (kwargs.size > 0) {
    if (!varkw) return fail(`got an unexpected keyword argument ${repr(kwargs.keys().next().value!)}`);
    bound.push({ name: varkw.name, value: { kind: "dict", entries: [...kwargs].map(([name, value]) => ({ name, value })) } });
  }
  // CPython's dict keeps insertion order; `_bind` inserts in parameter order, and so do we.
  return { ok: true, arguments: bound };
}

/**
 * `inspect.signature(f).bind(*args, **kwargs)` (or `bind_partial` with `{partial: true}`) for a call
 * described by `call`, without running anything.
 *
 * Unpacking: `*xs` stands for any number of values and `**kw` for any keys not given explicitly.
 * The result is then exact when every expansion fails the same way (`error`), and `unknown`
 * otherwise (see {@link BindResult}); it is decided by trying every total count of positional
 * arguments up to one more than the parameters can take (beyond that the outcome repeats) and, for
 * `**`, the one key set that can make a call bind: the required parameters not otherwise given.
 *
 * @throws RangeError when `call.keywords` names one keyword twice (a `SyntaxError` in Python source).
 */
export function bindArguments<V>(signature: BindableSignature, call: CallArguments<V>, options: BindOptions = {}): BindResult<V> {
  const partial = options.partial ?? false;
  const kwargs = new Map<string, Slot<V>>();
  let unpackedKeys = false;
  for (const k of call.keywords) {
    if (k.kind === "unpack") {
      unpackedKeys = true;
      continue;
    }
    if (kwargs.has(k.name)) throw new RangeError(`keyword argument repeated: ${k.name}`);
    kwargs.set(k.name, { known: true, value: k.value });
  }
  const known: Slot<V>[] = [];
  let unpackedValues = false;
  for (const p of call.positional) {
    if (p.kind === "unpack") unpackedValues = true;
    else known.push({ known: true, value: p.value });
  }

  if (!unpackedValues && !unpackedKeys) {
    const r = bindKnown(signature, known, kwargs, partial);
    if (!r.ok) return { kind: "error", message: r.message };
    return { kind: "bound", bound: new BoundArguments(signature, r.arguments.map((b) => ({ name: b.name, value: unslot(b.value) }))) };
  }

  // Every total positional count that can behave differently: past the number of parameters + 1,
  // the extra values either all land in `*args` or fail as the first one did.
  const maxExtra = unpackedValues ? Math.max(0, signature.parameters.length + 1 - known.length) : 0;
  let mayBind = false;
  const messages = new Set<string>();
  for (let extra = 0; extra <= maxExtra; extra++) {
    const args = [...known, ...Array.from({ length: extra }, (): Slot<V> => ({ known: false }))];
    const keys = new Map(kwargs);
    if (unpackedKeys) for (const name of requiredByKeyword(signature, args.length, kwargs)) keys.set(name, { known: false });
    const r = bindKnown(signature, args, keys, partial);
    if (r.ok) mayBind = true;
    else messages.add(r.message);
  }
  if (!unpackedKeys && !mayBind && messages.size === 1) return { kind: "error", message: [...messages][0]! };
  return { kind: "unknown", mayBind, messages: unpackedKeys ? null : [...messages].sort() };
}

/**
 * The keys an unpacked `**mapping` must hold for a call to bind, given `count` positional
 * arguments: the parameters that take keywords, have no default, and get neither a positional
 * argument nor an explicit keyword. Any other key can only add a failure.
 */
function requiredByKeyword(sig: BindableSignature, count: number, explicit: ReadonlyMap<string, unknown>): string[] {
  const out: string[] = [];
  let positional = count;
  for (const p of sig.parameters) {
    const takesPositional = p.kind === "POSITIONAL_ONLY" || p.kind === "POSITIONAL_OR_KEYWORD";
    if (takesPositional && positional > 0) {
      positional--;
      continue;
    }
    if (p.kind === "VAR_POSITIONAL") positional = 0;
    if ((p.kind === "POSITIONAL_OR_KEYWORD" || p.kind === "KEYWORD_ONLY") && p.default === null && !explicit.has(p.name)) out.push(p.name);
  }
  return out;
}

function unslot<V>(v: BoundArgumentValue<Slot<V>>): BoundArgumentValue<V> {
  const get = (s: Slot<V>): V => {
    if (!s.known) throw new Error("internal: an unpacked stand-in reached a bound result");
    return s.value;
  };
  switch (v.kind) {
    case "value":
      return { kind: "value", value: get(v.value) };
    case "default":
      return v;
    case "tuple":
      return { kind: "tuple", items: v.items.map(get) };
    case "dict":
      return { kind: "dict", entries: v.entries.map((e) => ({ name: e.name, value: get(e.value) })) };
  }
}
