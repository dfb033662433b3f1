import type { ObjectKind } from "../model/objects.ts";
import type { LinkContext } from "../link/context.ts";
import { metaclass } from "../link/classes.ts";
import { getmembers_static, memberId } from "../link/members.ts";
import { getmro } from "../link/mro.ts";
import { wrapsWrapper } from "./wrappers.ts";

/** `inspect.is*` predicates of an object as accessed from its owner. */
export interface Predicates {
  readonly ismodule: boolean;
  readonly isclass: boolean;
  readonly isfunction: boolean;
  readonly ismethod: boolean;
  readonly isroutine: boolean;
  readonly isbuiltin: boolean;
  readonly ismethoddescriptor: boolean;
  readonly isdatadescriptor: boolean;
  readonly isgeneratorfunction: boolean;
  readonly iscoroutinefunction: boolean;
  readonly isasyncgenfunction: boolean;
  readonly isabstract: boolean;
}


/** `inspect.is*` of the object as accessed from its owner. */
export function predicates(cx: LinkContext, id: string): Predicates {
  const o = cx.object(id);
  const kind: ObjectKind | null = o?.kind ?? null;
  const f = o?.function ?? null;
  const routine = kind === "function" || kind === "method" || kind === "staticmethod" || kind === "classmethod";
  if (routine && f?.wrapper === "wraps") {
    const isfunction = kind !== "classmethod";
    return {
      ismodule: false, isclass: false, isfunction, ismethod: !isfunction, isroutine: true, isbuiltin: false,
      ismethoddescriptor: false, isdatadescriptor: false, isgeneratorfunction: false, iscoroutinefunction: false,
      isasyncgenfunction: false, isabstract: false,
    };
  }
  if (routine && f?.wrapper) {
    // A C wrapper object (lru_cache wrapper, bare staticmethod/classmethod): a method descriptor.
    return {
      ismodule: false, isclass: false, isfunction: false, ismethod: false, isroutine: true, isbuiltin: false,
      ismethoddescriptor: true, isdatadescriptor: false, isgeneratorfunction: false, iscoroutinefunction: false,
      isasyncgenfunction: false, isabstract: false,
    };
  }
  const wrapped = routine ? wrapsWrapper(cx, id) : null;
  if (wrapped?.function) {
    const w = wrapped.function;
    return {
      ismodule: false, isclass: false, isfunction: kind !== "classmethod", ismethod: kind === "classmethod", isroutine: true, isbuiltin: false,
      ismethoddescriptor: false, isdatadescriptor: false, isgeneratorfunction: w.flags.yields && !w.isAsync,
      iscoroutinefunction: w.isAsync && !w.flags.yields, isasyncgenfunction: w.isAsync && w.flags.yields, isabstract: false,
    };
  }
  const gen = routine && !!f && f.flags.yields && !f.isAsync;
  const coro = routine && !!f && f.isAsync && !f.flags.yields;
  const agen = routine && !!f && f.isAsync && f.flags.yields;
  return {
    ismodule: kind === "module",
    isclass: kind === "class",
    isfunction: kind === "function" || kind === "method" || kind === "staticmethod",
    ismethod: kind === "classmethod",
    isroutine: routine || kind === "cached_property", // isroutine includes ismethoddescriptor
    isbuiltin: false,
    // property defines __set__ (a data descriptor); cached_property only __get__ (a method descriptor).
    ismethoddescriptor: kind === "cached_property",
    isdatadescriptor: kind === "property",
    isgeneratorfunction: gen,
    iscoroutinefunction: coro,
    isasyncgenfunction: agen,
    isabstract: kind === "class" ? isAbstract(cx, id) : false,
  };
}

/**
 * The `co_flags` a routine's code gets from the compiler, as `CO_*` names sorted (CPython 3.11:
 * `CO_OPTIMIZED`, `CO_NEWLOCALS` for every function; `CO_VARARGS`/`CO_VARKEYWORDS` for `*args`/`**kw`;
 * `CO_NESTED` inside another function; `CO_GENERATOR`, `CO_COROUTINE`, `CO_ASYNC_GENERATOR` from
 * `yield`/`async`). `null` for non-routines and C wrappers (no code object).
 */
export function codeFlags(cx: LinkContext, id: string): string[] | null {
  const o = cx.object(id);
  const f = o?.function;
  if (!o || !f || !["function", "method", "staticmethod", "classmethod"].includes(o.kind)) return null;
  if (f.wrapper === "lru_cache") return null;
  const wrapped = wrapsWrapper(cx, id);
  if (wrapped) return codeFlags(cx, wrapped.id);
  const flags = ["CO_OPTIMIZED", "CO_NEWLOCALS"];
  if (f.wrapper === "wraps") {
    // contextlib's `helper(*args, **kwds)`, nested in contextmanager().
    flags.push("CO_VARARGS", "CO_VARKEYWORDS", "CO_NESTED");
    return flags.sort();
  }
  if (f.parameters.some((p) => p.kind === "VAR_POSITIONAL")) flags.push("CO_VARARGS");
  if (f.parameters.some((p) => p.kind === "VAR_KEYWORD")) flags.push("CO_VARKEYWORDS");
  if (o.qualname?.includes("<locals>")) flags.push("CO_NESTED");
  if (f.flags.yields) flags.push(f.isAsync ? "CO_ASYNC_GENERATOR" : "CO_GENERATOR");
  if (f.iterableCoroutine) flags.push("CO_ITERABLE_COROUTINE");
  else if (f.isAsync) flags.push("CO_COROUTINE");
  return flags.sort();
}

/** `inspect.isabstract`: an ABCMeta class with abstract methods left (`__abstractmethods__` non-empty). */
export function isAbstract(cx: LinkContext, id: string): boolean {
  const meta = metaclass(cx, id);
  const metaMro = meta ? getmro(cx, meta) : null;
  if (!metaMro || !metaMro.includes("abc:ABCMeta")) return false;
  // Each member's owner is where getattr_static finds it (the first class of the MRO, or of the
  // metaclass's, whose namespace holds it): its entry there, without searching the MRO again.
  const members = getmembers_static(cx, id) ?? [];
  for (const m of members) {
    const target = m.owner === null ? null : memberId(cx, m.owner, m.name);
    const obj = target ? cx.object(target) : null;
    if (obj?.function?.abstract) return true;
  }
  return false;
}
