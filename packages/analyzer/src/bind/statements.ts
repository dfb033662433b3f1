/**
 * What the simple statements of a scope bind: imports (`import m`, `from m import n`, star imports),
 * assignments (names, tuple targets, annotated names; `__all__`, `__slots__`, `__name__` and
 * `sys.modules[__name__]` at module level; conditions the target decides), `del`, and `type` aliases.
 * Compound statements go to `definitions.ts` (`def`, `class`) and `guards.ts` (`if`, `try`).
 */
import type { Expression, Span, Statement } from "@static-inspect/parser";
import type { NameBinding } from "../model/summary.ts";
import { bindConvertCall } from "../plugins/enum-convert.ts";
import { namedtupleCall } from "../plugins/namedtuple.ts";
import type { Binder, ScopeFrame } from "./binder.ts";
import { conditionValue } from "./conditions.ts";
import { classDef, functionDef, lambdaDef } from "./definitions.ts";
import { allExtend, allFromAssign, allFromCall, slotsFromAssign } from "./dunders.ts";
import { bindIf, bindTry, branchKey } from "./guards.ts";

type StatementOf<K extends Statement["kind"]> = Extract<Statement, { kind: K }>;

/** Binds one statement of `frame`'s body, as the compiler would run it there. Throws only on an internal fault (the caller isolates it to the statement). */
export function statement(b: Binder, s: Statement, frame: ScopeFrame): void {
  if (frame.kind === "module" && !b.dynamicNamespace) {
    const written = s.kind === "Expr" ? [s.value] : s.kind === "Assign" ? s.targets : s.kind === "AugAssign" ? [s.target] : [];
    if (written.some((e) => /\b(globals|vars)\(\s*\)/.test(e.text))) b.dynamicNamespace = true;
  }
  switch (s.kind) {
    case "FunctionDef":
      functionDef(b, s, frame);
      return;
    case "ClassDef":
      classDef(b, s, frame);
      return;
    case "If":
      bindIf(b, s, frame);
      return;
    case "Try":
      bindTry(b, s, frame);
      return;
    case "For":
    case "While":
    case "With":
    case "Match":
      for (const t of s.targets) bindTarget(b, t, null, null, frame, s.span);
      b.body(s.body, frame);
      b.body(s.orelse, frame);
      return;
    case "Import":
      if (frame.kind !== "function") importStatement(b, s, frame);
      return;
    case "ImportFrom":
      if (frame.kind !== "function") importFrom(b, s, frame);
      return;
    case "Assign":
      assignStatement(b, s, frame);
      return;
    case "AnnAssign":
      if (frame.kind === "class" && s.target.kind === "Name") frame.annotations.push({ name: s.target.id, annotation: s.annotation });
      if (frame.kind === "class" && !frame.namespace.includes("__annotations__")) frame.namespace.push("__annotations__");
      if (frame.kind === "module" && s.target.kind === "Name") frame.annotations.push({ name: s.target.id, annotation: s.annotation });
      if (s.value) bindTarget(b, s.target, s.value, s.annotation, frame, s.span);
      else if (s.target.kind === "Name" && frame.kind !== "function") attribute(b, s.target.id, null, s.annotation, frame, s.span, false);
      if (frame.kind === "module" && s.value) allFromAssign(b, [s.target], s.value);
      // `__slots__: ClassVar[Sequence[str]] = ()` sets the layout as the plain assignment does
      if (frame.kind === "class" && s.value) slotsFromAssign(b, [s.target], s.value, frame);
      return;
    case "AugAssign":
      if (frame.kind === "module" && s.target.kind === "Name" && s.target.id === "__all__") allExtend(b, s.value);
      return;
    case "Expr":
      if (frame.kind === "module") {
        allFromCall(b, s.value);
        const v = s.value;
        if (v.kind === "Call" && bindConvertCall(b, v, frame, s.span)) return;
        if (v.kind === "Call" && v.func.kind === "Attribute" && v.func.attr === "__init_subclass__" && v.func.value.kind === "Name") {
          const binding = frame.bindings[v.func.value.id];
          const cls = binding?.kind === "definition" ? b.objects.get(binding.target) : undefined;
          if (cls?.class) (cls.class as { initSubclassCalled?: boolean }).initSubclassCalled = true;
        }
      }
      return;
    case "Delete":
      if (frame.kind === "function") return;
      for (const t of s.targets) {
        if (t.kind === "Name") {
          delete frame.bindings[t.id];
          if (frame.kind === "class") {
            const i = frame.namespace.indexOf(t.id);
            if (i >= 0) frame.namespace.splice(i, 1);
          }
          const id = b.id(frame.prefix + t.id);
          const obj = b.objects.get(id);
          if (obj && obj.parent === frame.owner) {
            b.objects.delete(id);
            for (let i = b.superseded.length - 1; i >= 0; i--) if (b.superseded[i]!.id === id) b.superseded.splice(i, 1);
          }
        }
      }
      return;
    case "TypeAlias":
      if (frame.kind !== "function") bindTarget(b, { kind: "Name", id: s.name, text: s.name, span: s.span }, s.value, null, frame, s.span);
      return;
    default:
      return;
  }
}

/** `import a.b` binds `a`, `import a.b as c` binds `c` (outside function bodies). */
function importStatement(b: Binder, s: StatementOf<"Import">, frame: ScopeFrame): void {
  for (const a of s.names) {
    const extra = { imported: a.name, span: a.span, guarded: b.guarded > 0 };
    if (a.asname) b.setBinding(frame, a.asname, { kind: "import", target: a.name, line: a.span.line, ...extra });
    else {
      const top = a.name.split(".")[0]!;
      b.setBinding(frame, top, { kind: "import", target: top, line: a.span.line, ...extra });
    }
  }
}

/** `from m import n [as k]` and `from m import *`, `m` made absolute (`importlib`'s rule for relative imports). */
function importFrom(b: Binder, s: StatementOf<"ImportFrom">, frame: ScopeFrame): void {
  const module = b.absoluteModule(s.module, s.level);
  if (s.module === "__future__" && s.names !== "*" && s.names.some((n) => n.name === "annotations")) b.futureAnnotations = true;
  if (module === null) {
    b.diagnostics.push({
      code: "relative-import-beyond-top",
      severity: "error",
      message: "attempted relative import beyond top-level package",
      path: b.path,
      span: s.span,
    });
    return;
  }
  if (s.names === "*") {
    const star: NameBinding = { kind: "starImport", target: module, line: s.span.line, imported: module, span: s.span, guarded: b.guarded > 0 };
    frame.starImports?.push(b.when.length ? { ...star, when: [...b.when] } : star);
    return;
  }
  for (const a of s.names) {
    b.setBinding(frame, a.asname ?? a.name, { kind: "importFrom", target: module, name: a.name, line: a.span.line, imported: module, span: a.span, guarded: b.guarded > 0 });
  }
}

/** `a = b = value`: the names bound, and what module level learns from them. */
function assignStatement(b: Binder, s: StatementOf<"Assign">, frame: ScopeFrame): void {
  if (frame.kind === "module" && s.targets.length === 1 && s.targets[0]!.kind === "Name") {
    // Inside a branch the target does not decide, the value after the branch is unknown.
    const name = s.targets[0]!.id;
    // Directly in one branch of an import guard, the value is known for that branch.
    const inGuardBranch = b.when.length === 1 && b.undecided === 1 && b.guardBranchValues.has(branchKey(b.when[0]!));
    const known = b.undecided > 0 && !inGuardBranch ? null : conditionValue(s.value, b.target, (e) => b.canonical(e), b.knownConditions);
    if (inGuardBranch) b.guardBranchValues.get(branchKey(b.when[0]!))!.set(name, known);
    b.guardedConditions.delete(name);
    if (known !== null && !inGuardBranch) b.knownConditions.set(name, known);
    else b.knownConditions.delete(name);
  }
  if (frame.kind === "module" && s.value.kind === "Constant" && s.value.type === "str" && s.value.value && s.targets.some((t) => t.kind === "Name" && t.id === "__name__")) {
    b.runtimeModule = s.value.value;
  }
  if (frame.kind === "module" && b.undecided === 0) moduleReplacement(b, s.targets, s.value, frame);
  if (frame.kind !== "function" && s.targets.length === 1 && s.targets[0]!.kind === "Name" && namedtupleCall(b, s.targets[0]!.id, s.value, frame, s.span)) return;
  for (const t of s.targets) bindTarget(b, t, s.value, null, frame, s.span);
  if (frame.kind === "module") for (const t of s.targets) classAttributeFromOutside(b, t, frame);
  if (frame.kind === "module") allFromAssign(b, s.targets, s.value);
  if (frame.kind === "class") slotsFromAssign(b, s.targets, s.value, frame);
}

/** `sys.modules[__name__] = m` at module level, `m` an imported module: records `replacedBy`. */
function moduleReplacement(b: Binder, targets: readonly Expression[], value: Expression, frame: ScopeFrame): void {
  const t = targets.length === 1 ? targets[0]! : null;
  if (t?.kind !== "Subscript" || t.slice.kind !== "Name" || t.slice.id !== "__name__" || b.canonical(t.value) !== "sys.modules") return;
  const binding = value.kind === "Name" ? frame.bindings[value.id] : undefined;
  b.replacedBy = binding?.kind === "import" ? binding.target : null;
}

/** `Logger.manager = Manager(...)` at module level adds `manager` to the class's namespace. */
function classAttributeFromOutside(b: Binder, target: Expression, frame: ScopeFrame): void {
  if (target.kind !== "Attribute" || target.value.kind !== "Name") return;
  const binding = frame.bindings[target.value.id];
  const cls = binding?.kind === "definition" ? b.objects.get(binding.target) : undefined;
  const ns = cls?.class?.namespace as string[] | undefined;
  // `C.__name__ = …` and the like set type slots (getset descriptors of `type`), not the namespace.
  if (["__name__", "__qualname__", "__bases__", "__class__", "__mro__"].includes(target.attr)) return;
  if (ns && !ns.includes(target.attr)) ns.push(target.attr);
}

/** Binds assignment targets; simple names at module/class level become attribute objects. */
export function bindTarget(b: Binder, target: Expression, value: Expression | null, annotation: Expression | null, frame: ScopeFrame, span: Span): void {
  if (frame.kind === "function") return;
  if (target.kind === "Name") {
    attribute(b, target.id, value, annotation, frame, span, true);
    return;
  }
  if (target.kind === "Tuple" || target.kind === "List") {
    // `Long, CLong = Integer, CInt`: element i of a same-length display without stars is bound to element i
    const values = value && (value.kind === "Tuple" || value.kind === "List") && value.elts.length === target.elts.length && ![...target.elts, ...value.elts].some((e) => e.kind === "Starred") ? value.elts : null;
    target.elts.forEach((e, i) => bindTarget(b, e, values ? values[i]! : null, null, frame, span));
  } else if (target.kind === "Starred") {
    bindTarget(b, target.value, null, null, frame, span);
  }
}

/**
 * A name bound at module or class level (`bound`: by a value; else annotated only): its binding, and
 * its object of kind `attribute` unless a `def`/`class` of the scope already has the id (a lambda
 * value becomes a function).
 */
function attribute(b: Binder, name: string, value: Expression | null, annotation: Expression | null, frame: ScopeFrame, span: Span, bound: boolean): void {
  const line = span.line;
  const qualname = frame.prefix + name;
  const id = b.id(qualname);
  if (bound) {
    const isAlias = value !== null && (value.kind === "Name" || value.kind === "Attribute");
    b.setBinding(frame, name, { kind: isAlias ? "alias" : "value", target: id, line, expression: value ?? undefined });
  }
  const existing = b.objects.get(id);
  if (existing && existing.kind !== "attribute" && existing.parent === frame.owner) {
    // A class or function rebound by assignment still exists under its own __qualname__ (other
    // classes may inherit from it, decorators may wrap it): the binding above moved, the object stays.
    return;
  }
  if (bound && value?.kind === "Lambda" && !annotation) {
    lambdaDef(b, name, value, frame, span);
    return;
  }
  b.define(b.attributeObject(b.located(id, qualname, name, frame.owner, { line, endLine: span.endLine }, span), { annotation, value }));
}
