/**
 * Static evaluation of the conditions modules branch on at import time (`if sys.platform == "win32":`,
 * `if sys.version_info >= (3, 12):`, `if TYPE_CHECKING:`), for a target Python version and platform.
 */
import type { Expression } from "@static-inspect/parser";

/** The interpreter a program is analysed for. */
export interface Target {
  /** `"3.11"`. */
  readonly python: string;
  /** `sys.platform`: `"linux"`, `"darwin"`, `"win32"`. */
  readonly platform: string;
}

/**
 * `sys.builtin_module_names` of the target, as a condition value: of its entries only `posix` (every
 * platform but win32) and `nt` (win32) are known, which is what `os` branches on
 * (`_names = sys.builtin_module_names` … `if 'posix' in _names:`). A string no Python value equals, so
 * it can be remembered like the other values of names (`knownNames`).
 */
export const BUILTIN_MODULE_NAMES = "\u0000sys.builtin_module_names";

/**
 * `sys.hexversion` of the target, as a condition value: only its major and minor version are known
 * (`0x030B0000` to `0x030BFFFF` for 3.11), so a comparison is decided only when every micro version
 * and release level give the same answer (`hexversion < 0x03000000`).
 */
export const HEXVERSION = "\u0000sys.hexversion";

type Known = string | boolean | number | readonly number[] | null;

/**
 * A question a condition asks about a module's namespace: `hasattr(typing, "ParamSpec")` or
 * `"ParamSpec" in dir(typing)` (`module` the dotted name the module expression stands for, through the
 * module's imports).
 */
export interface AttributeProbe {
  readonly module: string;
  readonly name: string;
}

/** The key of a probe in a map of answers (see {@link evaluateCondition}'s `answers`). */
export const probeKey = (p: AttributeProbe): string => `${p.module}\u0000${p.name}`;

/**
 * The attribute probes a condition makes, in source order (duplicates kept once): each
 * `hasattr(M, "name")` and `"name" in dir(M)` / `not in dir(M)` whose `M` is a `Name` or
 * `Attribute`, as `canonical` spells it. Never throws.
 */
export function attributeProbes(e: Expression, canonical: (e: Expression) => string): AttributeProbe[] {
  const out = new Map<string, AttributeProbe>();
  const visit = (x: Expression, depth: number): void => {
    if (depth > 30) return;
    const p = probeOf(x, canonical);
    if (p) out.set(probeKey(p), p);
    else if (x.kind === "UnaryOp") visit(x.operand, depth + 1);
    else if (x.kind === "BinOp") {
      visit(x.left, depth + 1);
      visit(x.right, depth + 1);
    }
  };
  visit(e, 0);
  return [...out.values()];
}

/** `hasattr(M, "n")` or `"n" in dir(M)` (either `in` or `not in`) as a probe, else `null`. */
function probeOf(e: Expression, canonical: (e: Expression) => string): AttributeProbe | null {
  const moduleExpr = (x: Expression | undefined) => (x && (x.kind === "Name" || x.kind === "Attribute") ? canonical(x) : null);
  const str = (x: Expression | undefined) => (x?.kind === "Constant" && x.type === "str" && x.value !== null ? x.value : null);
  if (e.kind === "Call" && e.func.kind === "Name" && e.func.id === "hasattr" && e.args.length === 2 && e.args.every((a) => !a.name && !a.star)) {
    const module = moduleExpr(e.args[0]!.value);
    const name = str(e.args[1]!.value);
    return module && name !== null ? { module, name } : null;
  }
  if (e.kind === "BinOp" && (e.op === "in" || e.op === "not in") && e.right.kind === "Call" && e.right.func.kind === "Name" && e.right.func.id === "dir" && e.right.args.length === 1 && !e.right.args[0]!.name && !e.right.args[0]!.star) {
    const module = moduleExpr(e.right.args[0]!.value);
    const name = str(e.left);
    return module && name !== null ? { module, name } : null;
  }
  return null;
}

/**
 * Evaluates a condition to `true`/`false`, or `null` when it depends on anything but the target:
 * `sys.platform`, `os.name`, `sys.version_info` (compared with tuples, sliced, or by `.major`/`.minor`),
 * `sys.hexversion` (compared with an int, when the micro version does not matter),
 * `TYPE_CHECKING` (False at run time), `not`/`and`/`or`, `==`/`!=`/`<`…, `in`/`not in`, `.startswith()`,
 * and names the module bound earlier to such a value (`_WINDOWS = os.name == "nt"`); with `answers`
 * (by {@link probeKey}), also the attribute probes of {@link attributeProbes} answered there.
 *
 * `canonical` maps a dotted name through the module's imports (`_sys.platform` → `sys.platform`).
 * Never throws.
 */
export function evaluateCondition(
  e: Expression,
  target: Target,
  canonical: (e: Expression) => string,
  knownNames: ReadonlyMap<string, boolean | string>,
  answers?: ReadonlyMap<string, boolean>,
): boolean | null {
  // Each answered probe stands in for its call; the rest of the test is evaluated as usual.
  const v = value(e, target, canonical, knownNames, 0, answers?.size ? answers : undefined);
  return v === null ? null : truth(v);
}

/**
 * What a module-level `name = e` holds for later conditions: the truth of a decidable condition, or
 * {@link BUILTIN_MODULE_NAMES} for `sys.builtin_module_names`; `null` when undecidable. Never throws.
 */
export function conditionValue(e: Expression, target: Target, canonical: (e: Expression) => string, knownNames: ReadonlyMap<string, boolean | string>): boolean | string | null {
  const v = value(e, target, canonical, knownNames, 0);
  if (v === BUILTIN_MODULE_NAMES) return v;
  return v === null ? null : truth(v);
}

function truth(v: Exclude<Known, null>): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v.length > 0;
  return v.length > 0;
}

function value(e: Expression, t: Target, canonical: (e: Expression) => string, known: ReadonlyMap<string, boolean | string>, depth: number, answers?: ReadonlyMap<string, boolean>): Known {
  if (depth > 30) return null;
  const d = depth + 1;
  if (answers) {
    const p = probeOf(e, canonical);
    const a = p ? answers.get(probeKey(p)) : undefined;
    if (a !== undefined) return e.kind === "BinOp" && e.op === "not in" ? !a : a;
  }
  const version = t.python.split(".").map((x) => parseInt(x, 10));
  switch (e.kind) {
    case "Constant":
      if (e.type === "str") return e.value;
      if (e.type === "int") return Number(e.value);
      if (e.type === "bool") return e.value === "True";
      if (e.type === "None") return false;
      return null;
    case "Tuple": {
      const items: number[] = [];
      for (const x of e.elts) {
        const v = value(x, t, canonical, known, d, answers);
        if (typeof v !== "number") return null;
        items.push(v);
      }
      return items;
    }
    case "Name":
    case "Attribute": {
      const name = canonical(e);
      if (name === "typing.TYPE_CHECKING" || name === "TYPE_CHECKING" || name === "typing_extensions.TYPE_CHECKING") return false;
      if (name === "sys.platform") return t.platform;
      if (name === "os.name") return t.platform === "win32" ? "nt" : "posix";
      if (name === "sys.builtin_module_names") return BUILTIN_MODULE_NAMES;
      if (name === "sys.hexversion") return HEXVERSION;
      if (name === "sys.version_info") return [...version, 0];
      if (name === "sys.version_info.major") return version[0] ?? null;
      if (name === "sys.version_info.minor") return version[1] ?? null;
      if (e.kind === "Name" && known.has(e.id)) return known.get(e.id)!;
      return null;
    }
    case "Subscript": {
      const base = value(e.value, t, canonical, known, d, answers);
      if (!Array.isArray(base)) return null;
      if (e.slice.kind === "Slice") {
        const lo = e.slice.lower ? value(e.slice.lower, t, canonical, known, d, answers) : 0;
        const hi = e.slice.upper ? value(e.slice.upper, t, canonical, known, d, answers) : base.length;
        if (typeof lo !== "number" || typeof hi !== "number" || e.slice.step) return null;
        return base.slice(lo, hi);
      }
      const i = value(e.slice, t, canonical, known, d, answers);
      return typeof i === "number" ? (base[i] ?? null) : null;
    }
    case "UnaryOp":
      if (e.op === "not") {
        const v = value(e.operand, t, canonical, known, d, answers);
        return v === null ? null : !truth(v);
      }
      return null;
    case "BinOp": {
      if (e.op === "and" || e.op === "or") {
        const l = value(e.left, t, canonical, known, d, answers);
        if (l !== null && truth(l) === (e.op === "or")) return l;
        const r = value(e.right, t, canonical, known, d, answers);
        if (l === null) return r !== null && truth(r) === (e.op === "or") ? r : null;
        return r;
      }
      const l = value(e.left, t, canonical, known, d, answers);
      const r = value(e.right, t, canonical, known, d, answers);
      if (l === null || r === null) return null;
      if (l === HEXVERSION || r === HEXVERSION) return compareHexversion(e.op, l, r, t);
      return compare(e.op, l, r, t);
    }
    case "Call": {
      if (e.func.kind === "Attribute" && (e.func.attr === "startswith" || e.func.attr === "endswith") && e.args.length === 1) {
        const s = value(e.func.value, t, canonical, known, d, answers);
        const arg = e.args[0]!.value;
        const prefixes = arg.kind === "Tuple" ? arg.elts.map((x) => value(x, t, canonical, known, d, answers)) : [value(arg, t, canonical, known, d, answers)];
        if (typeof s !== "string" || prefixes.some((p) => typeof p !== "string")) return null;
        return prefixes.some((p) => (e.func.kind === "Attribute" && e.func.attr === "startswith" ? s.startsWith(p as string) : s.endsWith(p as string)));
      }
      return null;
    }
    default:
      return null;
  }
}

/** A comparison with `sys.hexversion` ({@link HEXVERSION}) on one side and an int on the other, when every micro version agrees. */
function compareHexversion(op: string, l: Exclude<Known, null>, r: Exclude<Known, null>, t: Target): boolean | null {
  const [major, minor] = t.python.split(".").map((x) => parseInt(x, 10));
  if (major === undefined || minor === undefined) return null;
  const low = major * 0x1000000 + minor * 0x10000;
  const ends = [low, low + 0xffff];
  const other = l === HEXVERSION ? r : l;
  if (typeof other !== "number" || (l === HEXVERSION && r === HEXVERSION)) return null;
  const answers = ends.map((h) => compare(op, l === HEXVERSION ? h : l, r === HEXVERSION ? h : r, t));
  const [a, b] = answers;
  return a !== null && a !== undefined && a === b ? a : null;
}

function compare(op: string, l: Exclude<Known, null>, r: Exclude<Known, null>, t: Target): boolean | null {
  if (l === BUILTIN_MODULE_NAMES) return null;
  if (r === BUILTIN_MODULE_NAMES) {
    if (op !== "in" && op !== "not in") return null;
    const has = l === "posix" ? t.platform !== "win32" : l === "nt" ? t.platform === "win32" : null;
    return has === null ? null : op === "in" ? has : !has;
  }
  if (op === "in" || op === "not in") {
    if (!Array.isArray(r) && typeof r !== "string") return null;
    const has = typeof r === "string" ? typeof l === "string" && r.includes(l) : (r as readonly unknown[]).includes(l);
    return op === "in" ? has : !has;
  }
  const c = cmp(l, r);
  if (c === null) return op === "==" ? false : op === "!=" ? true : null;
  switch (op) {
    case "==": return c === 0;
    case "!=": return c !== 0;
    case "<": return c < 0;
    case "<=": return c <= 0;
    case ">": return c > 0;
    case ">=": return c >= 0;
    default: return null;
  }
}

function cmp(l: Exclude<Known, null>, r: Exclude<Known, null>): number | null {
  if (typeof l === "number" && typeof r === "number") return Math.sign(l - r);
  if (typeof l === "string" && typeof r === "string") return l < r ? -1 : l > r ? 1 : 0;
  if (Array.isArray(l) && Array.isArray(r)) {
    for (let i = 0; i < Math.min(l.length, r.length); i++) if (l[i] !== r[i]) return Math.sign(l[i]! - r[i]!);
    return Math.sign(l.length - r.length);
  }
  return null;
}
