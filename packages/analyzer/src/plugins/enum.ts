import { evaluate, strRepr, type Value } from "../query/repr.ts";
import type { DefinedObject } from "../model/objects.ts";
import type { Binder } from "../bind/binder.ts";
import type { ClassDef, Expression } from "@static-inspect/parser";
import type { ClassPlugin, NamespaceBuilder } from "./plugin.ts";
import type { LinkContext } from "../link/context.ts";
import { stdlibFacts } from "../data/stdlib.ts";
import { classView, metaclass } from "../link/classes.ts";
import { memberId } from "../link/members.ts";
import { getmro } from "../link/mro.ts";
import { namespace, namespaceView, ownerIn } from "../link/namespace.ts";
import { resolveExpression } from "../link/resolve.ts";
import { valueOf } from "../query/values.ts";
import { parseTextSignature } from "../query/signature.ts";
import { versionRules } from "../versions/rules.ts";
import { convertedMemberNames } from "./enum-convert.ts";

/**
 * Whether the class's metaclass derives from `enum.EnumType` (`enum.EnumMeta` before 3.11; see
 * `VersionRules.enum`): Enum, IntEnum, Flag and their subclasses.
 */
export function isEnumType(cx: LinkContext, id: string): boolean {
  if (cx.builtins.objects[id]) return false;
  const meta = metaclass(cx, id);
  return !!meta && (getmro(cx, meta)?.includes(versionRules(cx.target.python).enum.metaclass) ?? false);
}

/** `EnumType._find_data_type_`: the mixed-in data type of an enum class (`builtins:int` for IntEnum), or object. */
export function enumMemberType(cx: LinkContext, id: string, depth = 0): string {
  const o = cx.object(id);
  if (!o?.class || depth > 20) return "builtins:object";
  const bases = classView(cx, id)?.bases ?? [];
  for (const chain of bases) {
    let candidate: string | null = null;
    for (const base of getmro(cx, chain) ?? []) {
      if (base === "builtins:object") continue;
      if (isEnumType(cx, base)) {
        const t = enumMemberType(cx, base, depth + 1);
        if (t !== "builtins:object") return t;
        break;
      }
      const ns = namespace(cx, base) ?? [];
      if (ns.includes("__new__") || ns.includes("__init__")) return candidate ?? base;
      candidate = candidate ?? base;
    }
  }
  return "builtins:object";
}

/** Names `EnumType.__new__` (CPython 3.11) writes into an enum class's namespace. */
function enumNamespace(cx: LinkContext, o: DefinedObject, ns: NamespaceBuilder): void {
  const id = o.id;
  const classdict = new Set(o.class!.namespace);
  const bases = classView(cx, id)?.bases ?? [];
  const memberType = enumMemberType(cx, id);
  if (bases.includes("enum:ReprEnum")) {
    // ReprEnum keeps the data type's `__format__` and `__str__` (object's `__str__` is its `__repr__`).
    if (!classdict.has("__format__")) ns.copy("__format__", `${ownerIn(cx, memberType, "__format__") ?? memberType}.__format__`);
    if (!classdict.has("__str__")) {
      const strOwner = ownerIn(cx, memberType, "__str__");
      ns.copy("__str__", strOwner === "builtins:object" ? `${ownerIn(cx, memberType, "__repr__")}.__repr__` : `${strOwner ?? memberType}.__str__`);
    }
  }
  const partial = (name: string): string | null => {
    // getattr(enum_class, name) on the class as built so far: own additions, then the MRO.
    if (ns.names.includes(name)) return ns.copied.get(name) ?? `${id}.${name}`;
    for (const c of (getmro(cx, id) ?? []).slice(1)) {
      const view = namespaceView(cx, c);
      if (view?.names.includes(name)) return view.copied.get(name) ?? `${c}.${name}`;
    }
    return null;
  };
  for (const name of ["__repr__", "__str__", "__format__", "__reduce_ex__"]) {
    if (classdict.has(name)) continue;
    const found = partial(name);
    const dataType = ownerIn(cx, memberType, name);
    if (found !== null && (found === `${dataType}.${name}` || found === `builtins:object.${name}`)) ns.add(name);
  }
  if ((getmro(cx, id) ?? []).includes("enum:Flag")) {
    for (const n of ["__or__", "__and__", "__xor__", "__ror__", "__rand__", "__rxor__", "__invert__"]) if (!classdict.has(n)) ns.add(n);
  }
  ns.add("__new__");
}

/**
 * `EnumType.__dir__` plus the `DynamicClassAttribute`s of direct bases that `getmembers` adds: the fixed
 * names and the member names, and from 3.11 (`VersionRules.enum.dir` `"data-type"`) `__new__` when the
 * class defines one and everything the mixed-in data type's `dir()` lists.
 */
function enumDir(cx: LinkContext, id: string): string[] {
  const o = cx.object(id);
  const names = new Set(stdlibFacts(cx.target.python).enumDir);
  for (const m of enumMemberNames(cx, id)) names.add(m);
  const memberType = enumMemberType(cx, id);
  const dataType = versionRules(cx.target.python).enum.dir === "data-type";
  if (dataType && o?.class?.namespace.includes("__new__")) names.add("__new__");
  if (dataType && memberType !== "builtins:object") {
    names.add("__new__");
    for (const c of getmro(cx, memberType) ?? []) for (const n of namespace(cx, c) ?? []) names.add(n);
  }
  for (const b of classView(cx, id)?.bases ?? []) {
    const bo = cx.builtins.objects[b] ? null : cx.object(b);
    if (!bo) continue;
    for (const n of namespace(cx, b) ?? []) {
      const m = memberId(cx, b, n);
      const mo = m ? cx.object(m) : null;
      if (mo?.kind === "property" && mo.decorators.some((d) => /(^|\.)(property|DynamicClassAttribute)$/.test(d)) && b.startsWith("enum:")) names.add(n);
    }
  }
  return [...names].sort();
}

/** The member names of an enum class: public, non-descriptor names assigned in its body (`_member_names_`), or those `_convert_` picked. */
export function enumMemberNames(cx: LinkContext, id: string): string[] {
  const converted = convertedMemberNames(cx, id);
  if (converted) return converted;
  const o = cx.object(id);
  const scope = o ? cx.summaryOf(o.scope)?.classScopes[id] : undefined;
  if (!scope) return [];
  return Object.entries(scope)
    .filter(([n, b]) => !n.startsWith("_") && (b.kind === "value" || b.kind === "alias") && !(b.expression?.kind === "Lambda"))
    .map(([n]) => n);
}

/**
 * The value of enum member `name` of class `id`: its literal, or for `auto()` what
 * `_generate_next_value_` gives in 3.11 (Enum: 1, then the last value + 1; Flag: the next power of
 * two; StrEnum: the lower-cased name). `null` when not statically knowable.
 */
function enumMemberValue(cx: LinkContext, id: string, name: string): Value | null {
  const o = cx.object(id);
  const scope = o ? cx.summaryOf(o.scope)?.classScopes[id] : undefined;
  if (!o || !scope) return null;
  const mro = getmro(cx, id) ?? [];
  const flag = mro.includes("enum:Flag");
  const str = mro.includes("enum:StrEnum");
  const last: bigint[] = [];
  for (const member of enumMemberNames(cx, id)) {
    const b = scope[member]!;
    const expr = b.expression!;
    let v: Value | null;
    const isAuto = expr.kind === "Call" && (expr.func.kind === "Name" || expr.func.kind === "Attribute") && expr.args.length === 0 && (() => {
      const f = resolveExpression(cx, o.scope, expr.func, 0, b.line);
      return f.kind === "object" && f.id === "enum:auto";
    })();
    if (isAuto) {
      if (str) v = { type: "str", repr: strRepr(member.toLowerCase()), text: member.toLowerCase() };
      else if (flag) {
        const high = last.length ? last.reduce((a, x) => (x > a ? x : a), 0n) : 0n;
        const next = high <= 0n ? 1n : 1n << BigInt(high.toString(2).length);
        v = { type: "int", repr: next.toString(), int: next };
      } else {
        const next = last.length ? last[last.length - 1]! + 1n : 1n;
        v = { type: "int", repr: next.toString(), int: next };
      }
    } else v = evaluate(expr, (x) => valueOf(cx, o.scope, x, 1, b.line));
    if (member === name) return v;
    if (v?.int === undefined) {
      if (!str) return null; // auto() after a non-int value is not worth guessing
    } else last.push(v.int);
  }
  return null;
}

/** Whether a class's MRO goes through `enum.Enum`. */
function isEnumClass(cx: LinkContext, id: string): boolean {
  return getmro(cx, id)?.includes("enum:Enum") ?? false;
}

/**
 * Whether `repr(member)` of enum class `classId` is `Enum.__str__`'s `Cls.NAME`: the `__repr__` it
 * finds along the MRO is a program function whose body is `return str(self)`, and its `__str__` is
 * `enum.Enum`'s (libcst's `MaybeSentinel`).
 */
function reprIsEnumStr(cx: LinkContext, classId: string): boolean {
  const owner = ownerIn(cx, classId, "__repr__");
  const fn = owner && !cx.builtins.objects[owner] ? cx.object(`${owner}.__repr__`) : null;
  const self = fn?.function?.parameters[0]?.name;
  const r = fn?.function?.returnValue;
  if (!self || r?.kind !== "Call" || r.func.kind !== "Name" || r.func.id !== "str" || r.args.length !== 1) return false;
  const arg = r.args[0]!;
  return arg.name === null && arg.star === "" && arg.value.kind === "Name" && arg.value.id === self && strIsEnumStr(cx, classId);
}

/**
 * Whether `str(member)` is `Enum.__str__`: no class statement before `enum.Enum` in the MRO defines
 * `__str__`, and no data type is mixed in (whose `__str__` `EnumType` would install).
 */
function strIsEnumStr(cx: LinkContext, classId: string): boolean {
  for (const c of getmro(cx, classId) ?? []) {
    if (c === "enum:Enum") return true;
    if (cx.builtins.objects[c] || c.startsWith("enum:")) return false;
    if (cx.object(c)?.class?.namespace.includes("__str__")) return false;
  }
  return false;
}

/** `enum`: what `EnumType` does to an enum class's namespace, `dir()` and member values. */
export const enumPlugin: ClassPlugin = {
  name: "enum",
  namespace(cx, cls, _mro, ns) {
    if (cls.id === "enum:Enum" || !isEnumType(cx, cls.id)) return;
    // `_convert_` puts the members in the body of the class it builds
    for (const m of convertedMemberNames(cx, cls.id) ?? []) ns.add(m);
    enumNamespace(cx, cls, ns);
  },
  dir(cx, classId) {
    return isEnumType(cx, classId) ? enumDir(cx, classId) : undefined;
  },
  classSignature(cx, cls, mro) {
    // 3.12+: `Enum.__signature__` (see `VersionRules.enum.signature`), unless a class redefines it.
    const rule = versionRules(cx.target.python).enum.signature;
    if (!rule || !mro.includes("enum:Enum") || !isEnumType(cx, cls.id)) return undefined;
    if (ownerIn(cx, cls.id, "__signature__") !== "enum:Enum") return undefined;
    return parseTextSignature(enumMemberNames(cx, cls.id).length > 0 ? rule.withMembers : rule.withoutMembers, false);
  },
  classAttributeValue(cx, classId, name) {
    if (!isEnumClass(cx, classId)) return undefined;
    const v = enumMemberValue(cx, classId, name);
    if (!v || name.startsWith("_")) return v;
    // A public name assigned in an Enum body is a member: `<Color.RED: 1>` (`Enum.__repr__`), or
    // `Color.RED` when the class's `__repr__` is `return str(self)` and `__str__` is `Enum.__str__`.
    const cls = cx.object(classId);
    if (!cls) return null;
    return { type: "object", repr: reprIsEnumStr(cx, classId) ? `${cls.name}.${name}` : `<${cls.name}.${name}: ${v.repr}>` };
  },
};

/**
 * The base `enum._simple_enum(etype)` gives the class it decorates (`etype`, its first argument), or
 * `null` when the class has no such decorator. CPython's `_simple_enum` builds a new class
 * `type(cls.__name__, (etype,), body)` from the decorated one, whose own bases are dropped.
 */
export function simpleEnumBase(b: Binder, def: ClassDef): Expression | null {
  for (const d of def.decorators) {
    const e = d.expression;
    if (e.kind !== "Call") continue;
    const name = b.canonical(e.func);
    if (name !== "enum._simple_enum" && !(name === "_simple_enum" && b.runtimeModule === "enum")) continue;
    const first = e.args.find((a) => a.name === null && a.star === "");
    return first ? first.value : null;
  }
  return null;
}
