/**
 * What `type.__new__` puts in a class's `__dict__` (CPython 3.11 `type_new`): the class body's names,
 * what plugins' decorators and metaclasses add, `__dict__`/`__weakref__` as the instance layout needs
 * them, `__hash__ = None` beside `__eq__`, and what bases' `__init_subclass__`, `ABCMeta` and a
 * metaclass's own `__new__` set.
 */
import type { LinkContext } from "./context.ts";
import { classView, metaclass } from "./classes.ts";
import { bestBase, provides, solidBase } from "./layout.ts";
import { memberId } from "./members.ts";
import { getmro } from "./mro.ts";
import { stdlibFacts } from "../data/stdlib.ts";
import { resolveName } from "./resolve.ts";
import { plugins } from "../plugins/index.ts";
import type { NamespaceBuilder } from "../plugins/plugin.ts";

/**
 * A class's own namespace: its `__dict__` keys in insertion order, and for keys that hold another
 * class's object (set by a metaclass or `__init_subclass__`), that object's id.
 */
export interface NamespaceView {
  readonly names: readonly string[];
  readonly aliases: ReadonlyMap<string, string>;
  /**
   * Entries a metaclass copied from another class's attribute (`EnumType` gives a `ReprEnum` its data
   * type's `__format__`), with the id of that attribute. `getattr_static` does not follow them yet.
   */
  readonly copied: ReadonlyMap<string, string>;
}

const EMPTY: ReadonlyMap<string, string> = new Map();

/** The names in a class's own namespace (`cls.__dict__` keys), including those `type()` adds; `null` for a non-class. */
export function namespace(cx: LinkContext, id: string): readonly string[] | null {
  return namespaceView(cx, id)?.names ?? null;
}

/** The namespace of class `id` with its aliased entries (see {@link NamespaceView}); memoised. */
export function namespaceView(cx: LinkContext, id: string): NamespaceView | null {
  if (cx.namespaceCache.has(id)) {
    cx.touch("namespace", id);
    return cx.namespaceCache.get(id)!;
  }
  const view = cx.computing(() => computeNamespace(cx, id), { table: "namespace", id });
  cx.namespaceCache.set(id, view);
  return view;
}

function builder(names: string[], aliases: Map<string, string>, copied: Map<string, string>): NamespaceBuilder {
  return {
    names,
    copied,
    add: (n) => {
      if (!names.includes(n)) names.push(n);
    },
    remove: (n) => {
      const i = names.indexOf(n);
      if (i >= 0) names.splice(i, 1);
    },
    alias: (n, target) => void aliases.set(n, target),
    copy: (n, from) => {
      if (!names.includes(n)) names.push(n);
      copied.set(n, from);
    },
  };
}

function computeNamespace(cx: LinkContext, id: string): NamespaceView | null {
  const view = classView(cx, id);
  if (!view) return null;
  if (view.builtin) return { names: view.builtin.dict ?? [], aliases: EMPTY, copied: EMPTY };
  const info = view.python!.class!;
  const names = [...info.namespace];
  const aliases = new Map<string, string>();
  const copied = new Map<string, string>();
  const mro = getmro(cx, id);
  if (!mro) return { names, aliases, copied };
  const ns = builder(names, aliases, copied);
  for (const plugin of plugins()) plugin.namespace?.(cx, view.python!, mro, ns);
  const slots = info.slots;
  const wantsDict = slots === null || slots.includes("__dict__");
  const wantsWeak = slots === null || slots.includes("__weakref__");
  // type_new adds __dict__/__weakref__ unless the best base's instances already have them.
  const base = bestBase(cx, view.bases ?? []);
  const hasDict = base !== null && provides(cx, base, "__dict__");
  const hasWeak = base !== null && provides(cx, base, "__weakref__");
  const varsize = base !== null && (cx.builtins.objects[solidBase(cx, base)]?.layout?.itemsize ?? 0) > 0;
  if (slots !== null) {
    const i = names.indexOf("__dict__");
    if (i >= 0 && !hasDict) names.splice(i, 1, "__dict__");
  }
  if (wantsDict && !hasDict && !names.includes("__dict__")) names.push("__dict__");
  if (wantsWeak && !hasWeak && !varsize && !names.includes("__weakref__")) names.push("__weakref__");
  // `__init_subclass__` of the bases runs with cls = this class: its `cls.x = …` land here.
  for (const c of info.initSubclassCalled ? mro : mro.slice(1)) {
    const f = c === id ? memberIdIn(cx, id, aliases, "__init_subclass__") : memberId(cx, c, "__init_subclass__");
    const own = c === id ? info.namespace : namespace(cx, c) ?? [];
    const fo = f && own.includes("__init_subclass__") ? cx.object(f) : null;
    const first = fo?.function?.parameters[0]?.name;
    for (const a of fo?.function?.attributeAssignments ?? []) {
      if (a.object !== first || names.includes(a.attr)) continue;
      names.push(a.attr);
      // `cls.__init__ = _no_init`: the entry holds the function the name is bound to in that module.
      const held = a.value !== undefined ? resolveName(cx, fo!.scope, a.value) : null;
      if (held?.kind === "object" && cx.object(held.id)?.function) aliases.set(a.attr, held.id);
    }
  }
  // type.__new__ sets __hash__ = None when a class defines __eq__ but not __hash__.
  if (names.includes("__eq__") && !names.includes("__hash__")) names.push("__hash__");
  const meta = metaclass(cx, id);
  if (meta && getmro(cx, meta)?.includes("abc:ABCMeta")) {
    // ABCMeta.__new__ (via _abc._abc_init) sets these and consumes __abc_tpflags__.
    const abc = stdlibFacts(cx.target.python).abcMeta;
    for (const n of abc.adds) if (!names.includes(n)) names.push(n);
    for (const n of abc.consumes) if (names.includes(n)) names.splice(names.indexOf(n), 1);
  }
  // A metaclass's `__new__` and `__init__` (each along its MRO, as `super()` chains them) set
  // `obj.x = …` on the class object made (`__init__`: on its first parameter).
  for (const m of meta && meta !== "builtins:type" ? (getmro(cx, meta) ?? []) : []) {
    if (cx.builtins.objects[m]) continue;
    const own = namespace(cx, m) ?? [];
    for (const method of ["__new__", "__init__"]) {
      const f = own.includes(method) ? memberId(cx, m, method) : null;
      const fn = (f ? cx.object(f) : null)?.function;
      const first = fn?.parameters[0]?.name;
      for (const a of fn?.attributeAssignments ?? []) if ((method === "__new__" || a.object === first) && !names.includes(a.attr)) names.push(a.attr);
    }
  }
  if (slots !== null) {
    for (const special of ["__dict__", "__weakref__"]) {
      const i = names.indexOf(special);
      if (i >= 0 && slots.includes(special) && ((special === "__dict__" && hasDict) || (special === "__weakref__" && hasWeak))) names.splice(i, 1);
    }
  }
  return { names, aliases, copied };
}

/** {@link memberId} for the class being built (its aliases so far), without re-entering its memo. */
function memberIdIn(cx: LinkContext, id: string, aliases: ReadonlyMap<string, string>, name: string): string | null {
  return aliases.get(name) ?? memberId(cx, id, name, EMPTY);
}

/** The class in `cls`'s MRO whose namespace holds `name`. */
export function ownerIn(cx: LinkContext, cls: string, name: string): string | null {
  for (const c of getmro(cx, cls) ?? []) if (holds(cx, c, name)) return c;
  return null;
}

/** Namespaces of more names than this are searched through a set (see {@link holds}). */
const SCANNED = 32;
/** The names of the larger namespaces computed, as sets, made when first searched. */
const nameSets = new WeakMap<NamespaceView, ReadonlySet<string>>();

/**
 * Whether class `id`'s own namespace holds `name` (`name in cls.__dict__`); false for a non-class.
 * Read as {@link namespace} is; a large namespace is searched through a set of its names, made once
 * (a memoised view is complete: the names of one being built are never searched this way).
 */
export function holds(cx: LinkContext, id: string, name: string): boolean {
  const view = namespaceView(cx, id);
  if (!view) return false;
  if (view.names.length <= SCANNED) return view.names.includes(name);
  let names = nameSets.get(view);
  if (!names) nameSets.set(view, (names = new Set(view.names)));
  return names.has(name);
}
