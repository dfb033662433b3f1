/**
 * The names CPython 3.11's compiler writes into each function's code object: `co_names` (global
 * names, attribute names and import names the bytecode uses, in the order first used) and
 * `co_freevars` (names taken from enclosing function scopes, sorted), computed from the syntax tree
 * by the rules of CPython's symbol table (`Python/symtable.c`) and compiler (`Python/compile.c`).
 *
 * What the rules are, in short:
 * - a name bound in a function (parameter, assignment, `del`, import, `def`/`class`, `for`/`with`/
 *   `except … as` target, match capture, `:=` — which binds in the nearest function, also from inside
 *   a comprehension) is local, unless declared `global` (global) or `nonlocal` (free);
 * - any other name is free when an enclosing function scope binds it (class scopes are skipped,
 *   except that a class binds `__class__` for the functions in it; loading `super` uses `__class__`),
 *   else global;
 * - `co_names` gets each global name the function's own code loads, stores or deletes, each attribute
 *   name (`a.b`, `a.b = …`, `del a.b`), each module an `import` names (`import a.b` → `a.b`; `as`
 *   adds `b`; `from . import x` → `""`, `x`), but nothing from nested scopes (functions, lambdas,
 *   classes' bodies, comprehensions after their first iterable): those are code objects of their own;
 * - private names (`__x` in a class `C`) are mangled to `_C__x`;
 * - annotations of nested `def`s are evaluated where the `def` runs unless `from __future__ import
 *   annotations`; those of `x: T` statements in a function are never evaluated (but their names still
 *   count as uses for the symbol table).
 * The compiler compiles unreachable code too (`if 0:` bodies, code after `return`), so it counts.
 */
import type { SyntaxNode, Tree } from "@lezer/common";
import type { CodeNames } from "./syntax.ts";
import { importOps, isGlobal, makeScope, mangle, NESTING_LIMIT, outerNames, scopeOf, type Mode, type Scope } from "./symtable.ts";

export { mangle };

const kids = (node: SyntaxNode): SyntaxNode[] => {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
};

/**
 * `co_names` and `co_freevars` of every `def` in a module, keyed by the `FunctionDefinition` node's
 * start offset (a function whose body has a syntax error, or is nested too deeply to walk, is left
 * out), and the calls whose callee is looked up in the module's globals. `futureAnnotations`: `from
 * __future__ import annotations` is in effect. Never throws.
 */
export function codeNamesOf(tree: Tree, text: string, futureAnnotations: boolean): CodeNamesResult {
  const functions: { from: number; scope: Scope }[] = [];
  const calls: { node: SyntaxNode; scope: Scope; script: boolean }[] = [];
  // Inside `if __name__ == "__main__":` (code that runs only when the module is a script).
  let scriptDepth = 0;
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  let depth = 0;

  const breakAll = (s: Scope) => {
    for (let p: Scope | null = s; p; p = p.parent) p.broken = true;
  };

  const ref = (s: Scope, raw: string, mode: Mode) => {
    if (raw === "__debug__") return;
    const name = mangle(s.privateName, raw);
    if (mode === "store") s.bound.add(name);
    else s.uses.add(name);
    if (mode !== "ann") s.ops.push({ name, attribute: false });
    if (mode === "load" && raw === "super" && s.kind === "function") s.uses.add("__class__");
  };
  const attr = (s: Scope, raw: string, mode: Mode) => {
    if (mode !== "ann") s.ops.push({ name: mangle(s.privateName, raw), attribute: true });
  };
  const walrus = (s: Scope, raw: string) => {
    let t = s;
    while (t.comprehension && t.parent) {
      t.uses.add(mangle(t.privateName, raw));
      t = t.parent;
    }
    t.bound.add(mangle(t.privateName, raw));
  };

  const finish = (child: Scope, parent: Scope) => {
    for (const n of outerNames(child)) parent.childOuter.add(n);
    if (child.broken) parent.broken = true;
  };

  // ---------------------------------------------------------------- expressions

  const expr = (node: SyntaxNode, s: Scope, mode: Mode): void => {
    if (node.type.isError) return breakAll(s);
    if (++depth > NESTING_LIMIT) {
      depth--;
      return breakAll(s);
    }
    try {
      exprInner(node, s, mode);
    } finally {
      depth--;
    }
  };

  const exprs = (nodes: readonly SyntaxNode[], s: Scope, mode: Mode) => {
    for (const n of nodes) expr(n, s, mode);
  };

  const exprInner = (node: SyntaxNode, s: Scope, mode: Mode): void => {
    switch (node.name) {
      case "VariableName":
        return ref(s, src(node), mode);
      case "MemberExpression": {
        const k = kids(node);
        const prop = k.find((c) => c.name === "PropertyName");
        if (prop) {
          expr(k[0]!, s, mode === "ann" ? "ann" : "load");
          return attr(s, src(prop), mode);
        }
        return exprs(k, s, mode === "ann" ? "ann" : "load");
      }
      case "CallExpression": {
        const k = kids(node);
        if (mode !== "ann") calls.push({ node, scope: s, script: scriptDepth > 0 });
        for (const c of k) {
          if (c.name === "ArgList") argList(c, s, mode);
          else expr(c, s, mode === "ann" ? "ann" : "load");
        }
        return;
      }
      case "LambdaExpression":
        return lambda(node, s, mode);
      case "ArrayComprehensionExpression":
      case "SetComprehensionExpression":
      case "DictionaryComprehensionExpression":
      case "ComprehensionExpression":
        return comprehension(kids(node), s, mode);
      case "NamedExpression": {
        const k = kids(node);
        const target = k[0];
        exprs(k.slice(2), s, mode);
        if (target?.name === "VariableName") {
          walrus(s, src(target));
          if (mode !== "ann") s.ops.push({ name: mangle(s.privateName, src(target)), attribute: false });
        }
        return;
      }
      case "ConditionalExpression": {
        // `body if test else orelse` runs the test first.
        const k = kids(node);
        const ifAt = k.findIndex((c) => c.name === "if");
        const elseAt = k.findIndex((c) => c.name === "else");
        if (ifAt < 0 || elseAt < ifAt) return exprs(k, s, mode);
        exprs(k.slice(ifAt + 1, elseAt), s, mode);
        exprs(k.slice(0, ifAt), s, mode);
        return exprs(k.slice(elseAt + 1), s, mode);
      }
      case "FormatConversion":
        return;
      default:
        for (let c = node.firstChild; c; c = c.nextSibling) expr(c, s, mode);
    }
  };

  /** Arguments of a call or class statement: `name=` keywords are not names; a lone generator expression is a comprehension. */
  const argList = (node: SyntaxNode, s: Scope, mode: Mode) => {
    const k = kids(node).filter((c) => c.name !== "(" && c.name !== ")");
    if (k.some((c) => c.name === "for")) return comprehension(k, s, mode);
    for (let i = 0; i < k.length; i++) {
      const c = k[i]!;
      if (c.name === "VariableName" && k[i + 1]?.name === "AssignOp") {
        // `f(n := 1)` comes flat in the argument list.
        if (src(k[i + 1]!) === ":=" && k[i + 2]) {
          expr(k[i + 2]!, s, mode === "ann" ? "ann" : "load");
          walrus(s, src(c));
          if (mode !== "ann") s.ops.push({ name: mangle(s.privateName, src(c)), attribute: false });
          i += 2;
        }
        continue;
      }
      expr(c, s, mode === "ann" ? "ann" : "load");
    }
  };

  /** `[elt for t in it if c for …]`: the first iterable runs where the comprehension is; the rest is its own scope. */
  const comprehension = (nodes: readonly SyntaxNode[], s: Scope, mode: Mode) => {
    const k = nodes.filter((c) => !["[", "]", "{", "}", "(", ")"].includes(c.name));
    const firstFor = k.findIndex((c) => c.name === "for");
    if (firstFor < 0) return exprs(k, s, mode);
    const c = makeScope("function", s, s.privateName, true);
    const elements = k.slice(0, firstFor);
    let i = firstFor;
    let first = true;
    while (i < k.length) {
      const tok = k[i]!;
      if (tok.name === "for" || tok.name === "async") {
        if (tok.name === "async") i++;
        i++;
        const targets: SyntaxNode[] = [];
        while (i < k.length && k[i]!.name !== "in") targets.push(k[i++]!);
        i++; // `in`
        const iter: SyntaxNode[] = [];
        while (i < k.length && !["for", "if", "async"].includes(k[i]!.name)) iter.push(k[i++]!);
        exprs(iter, first ? s : c, mode === "ann" ? "ann" : "load");
        first = false;
        exprs(targets, c, "store");
      } else if (tok.name === "if") {
        i++;
        const cond: SyntaxNode[] = [];
        while (i < k.length && !["for", "if", "async"].includes(k[i]!.name)) cond.push(k[i++]!);
        exprs(cond, c, "load");
      } else i++;
    }
    exprs(elements, c, "load");
    finish(c, s);
  };

  /** Parameters of a `def` or `lambda`: defaults and annotations run in `s`; names are bound in `f`. */
  const parameters = (node: SyntaxNode, s: Scope, f: Scope, annotations: boolean, returns: SyntaxNode | null = null) => {
    let afterAssign = false;
    // Defaults run first, in order; then the annotations: CPython visits those of `args`, then
    // `posonlyargs`, `*args`, `kwonlyargs`, `**kwargs`, `return`.
    const buckets: Record<"args" | "posonly" | "vararg" | "kwonly" | "kwarg", SyntaxNode[]> = { args: [], posonly: [], vararg: [], kwonly: [], kwarg: [] };
    let bucket: keyof typeof buckets = "args";
    let star: "" | "*" | "**" = "";
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === ",") {
        afterAssign = false;
        if (bucket === "vararg" || star === "*") bucket = "kwonly";
        star = "";
      } else if (c.name === "AssignOp") afterAssign = true;
      else if (c.name === "SlashMarker" || c.name === "/") {
        buckets.posonly.push(...buckets.args);
        buckets.args = [];
      } else if (c.name === "*" || c.name === "**") star = c.name;
      else if (c.name === "TypeDef") buckets[bucket].push(...kids(c).filter((x) => x.name !== ":"));
      else if (c.name === "VariableName" && !afterAssign) {
        f.bound.add(mangle(f.privateName, src(c)));
        if (star === "*") bucket = "vararg";
        else if (star === "**") bucket = "kwarg";
      } else if (afterAssign) expr(c, s, "load");
      else if (c.type.isError) breakAll(s);
    }
    if (!annotations) return;
    for (const key of ["args", "posonly", "vararg", "kwonly", "kwarg"] as const) exprs(buckets[key], s, "load");
    if (returns) exprs(kids(returns).filter((x) => x.name !== "->"), s, "load");
  };

  const lambda = (node: SyntaxNode, s: Scope, mode: Mode) => {
    const f = makeScope("function", s, s.privateName);
    const k = kids(node);
    const params = k.find((c) => c.name === "ParamList");
    if (params) parameters(params, s, f, false);
    const colon = k.findIndex((c) => c.name === ":");
    exprs(k.slice(colon + 1), f, mode === "ann" ? "ann" : "load");
    finish(f, s);
    // A lambda is compiled to a code object of its own, as a def's body `return <expression>` would be.
    if (mode !== "ann") functions.push({ from: node.from, scope: f });
  };

  // ---------------------------------------------------------------- statements

  const body = (node: SyntaxNode, s: Scope) => {
    for (let c = node.firstChild; c; c = c.nextSibling) statement(c, s);
  };

  const loopBody = (node: SyntaxNode, s: Scope) => {
    s.unwind.push("loop");
    try {
      body(node, s);
    } finally {
      s.unwind.pop();
    }
  };

  const decorator = (node: SyntaxNode, s: Scope) => {
    const k = kids(node).filter((c) => c.name !== "At");
    if (k.length === 1) return expr(k[0]!, s, "load");
    // `@a.b(args)` comes flat: VariableName ("." VariableName)* ArgList?
    let first = true;
    for (const c of k) {
      if (c.name === "VariableName") {
        if (first) ref(s, src(c), "load");
        else attr(s, src(c), "load");
        first = false;
      } else if (c.name === "ArgList") argList(c, s, "load");
      else if (c.name !== ".") expr(c, s, "load");
    }
  };

  const definition = (node: SyntaxNode, decorators: readonly SyntaxNode[], s: Scope) => {
    for (const d of decorators) decorator(d, s);
    const k = kids(node);
    const nameNode = k.find((c) => c.name === "VariableName");
    const bodyNode = k.find((c) => c.name === "Body");
    if (node.name === "ClassDefinition") {
      const args = k.find((c) => c.name === "ArgList");
      if (args) argList(args, s, "load");
      const cls = makeScope("class", s, nameNode ? src(nameNode) : null);
      if (bodyNode) body(bodyNode, cls);
      finish(cls, s);
    } else {
      const f = makeScope("function", s, s.privateName);
      const params = k.find((c) => c.name === "ParamList");
      const returns = k.find((c) => c.name === "TypeDef") ?? null;
      if (params) parameters(params, s, f, !futureAnnotations, returns);
      else if (returns && !futureAnnotations) exprs(kids(returns).filter((x) => x.name !== "->"), s, "load");
      if (bodyNode) body(bodyNode, f);
      else breakAll(f);
      finish(f, s);
      functions.push({ from: node.from, scope: f });
    }
    if (nameNode) ref(s, src(nameNode), "store");
  };

  const importStatement = (node: SyntaxNode, s: Scope) => {
    for (const op of importOps(node, text)) {
      if (op.op === "broken") breakAll(s);
      else if (op.op === "attr") attr(s, op.name, "load");
      else ref(s, op.name, "store");
    }
  };

  /** `targets = value`, `target: annotation [= value]`: the value runs first, then the stores. */
  const assignment = (node: SyntaxNode, s: Scope) => {
    const k = kids(node);
    const ann = k.findIndex((c) => c.name === "TypeDef");
    let lastAssign = -1;
    k.forEach((c, i) => {
      if (c.name === "AssignOp") lastAssign = i;
    });
    if (ann >= 0) {
      // target: annotation [= value]
      const target = k[0]!;
      const value = lastAssign >= 0 ? k.slice(lastAssign + 1) : [];
      exprs(value, s, "load");
      if (target.name === "VariableName") {
        if (value.length) ref(s, src(target), "store");
        else s.bound.add(mangle(s.privateName, src(target)));
      } else if (value.length) expr(target, s, "store");
      else if (target.name === "MemberExpression") expr(target.firstChild!, s, "load");
      else expr(target, s, "load");
      const annotation = kids(k[ann]!).filter((x) => x.name !== ":");
      if (!futureAnnotations) exprs(annotation, s, s.kind === "function" ? "ann" : "load");
      return;
    }
    exprs(k.slice(lastAssign + 1), s, "load");
    for (const c of k.slice(0, Math.max(lastAssign, 0))) if (c.name !== "AssignOp") expr(c, s, "store");
  };

  const statement = (node: SyntaxNode, s: Scope): void => {
    if (node.type.isError) return breakAll(s);
    if (++depth > NESTING_LIMIT) {
      depth--;
      return breakAll(s);
    }
    try {
      statementInner(node, s);
    } finally {
      depth--;
    }
  };

  const statementInner = (node: SyntaxNode, s: Scope): void => {
    switch (node.name) {
      case "FunctionDefinition":
      case "ClassDefinition":
        return definition(node, [], s);
      case "DecoratedStatement": {
        const k = kids(node);
        const def = k.find((c) => c.name === "FunctionDefinition" || c.name === "ClassDefinition");
        const decorators = k.filter((c) => c.name === "Decorator");
        if (def) definition(def, decorators, s);
        else breakAll(s);
        return;
      }
      case "AssignStatement":
        return assignment(node, s);
      case "UpdateStatement": {
        const k = kids(node);
        const op = k.findIndex((c) => c.name === "UpdateOp");
        const target = k[0];
        if (target?.name === "VariableName") ref(s, src(target), "store");
        else if (target) expr(target, s, "store");
        exprs(k.slice(op + 1), s, "load");
        return;
      }
      case "ImportStatement":
        return importStatement(node, s);
      case "ScopeStatement": {
        const k = kids(node);
        const set = k[0]?.name === "nonlocal" ? s.nonlocals : s.globals;
        for (const c of k) if (c.name === "VariableName") set.add(mangle(s.privateName, src(c)));
        return;
      }
      case "DeleteStatement":
        for (const c of kids(node).slice(1)) expr(c, s, "store");
        return;
      case "ForStatement": {
        const k = kids(node);
        const inAt = k.findIndex((c) => c.name === "in");
        const bodyAt = k.findIndex((c) => c.name === "Body");
        exprs(k.slice(inAt + 1, bodyAt), s, "load");
        for (const c of k.slice(0, inAt)) expr(c, s, "store");
        k.slice(bodyAt).filter((c) => c.name === "Body").forEach((c, i) => (i === 0 ? loopBody(c, s) : body(c, s)));
        return;
      }
      case "WhileStatement": {
        const k = kids(node);
        const bodyAt = k.findIndex((c) => c.name === "Body");
        exprs(k.slice(0, bodyAt), s, "load");
        k.slice(bodyAt).filter((c) => c.name === "Body").forEach((c, i) => (i === 0 ? loopBody(c, s) : body(c, s)));
        return;
      }
      case "IfStatement": {
        const k = kids(node);
        const test = k[1];
        const script = test !== undefined && /^__name__\s*==\s*(['"])__main__\1$/.test(src(test).trim());
        if (script) scriptDepth++;
        try {
          for (const c of k) {
            if (c.name === "Body") body(c, s);
            else if (c.type.isError) breakAll(s);
            else if (c.firstChild || c.name === "VariableName") expr(c, s, "load");
          }
        } finally {
          if (script) scriptDepth--;
        }
        return;
      }
      case "ReturnStatement":
      case "BreakStatement":
      case "ContinueStatement": {
        for (let c = node.firstChild; c; c = c.nextSibling) if (c.firstChild || c.name === "VariableName") expr(c, s, "load");
        // The `finally` blocks left on the way out run here (innermost first), each outside itself.
        const saved = [...s.unwind];
        try {
          while (s.unwind.length) {
            const top = s.unwind.pop()!;
            if (top === "loop") {
              if (node.name !== "ReturnStatement") break;
              continue;
            }
            body(top, s);
          }
        } finally {
          s.unwind.splice(0, s.unwind.length, ...saved);
        }
        return;
      }
      case "WithStatement": {
        const k = kids(node);
        for (let i = 0; i < k.length; i++) {
          const c = k[i]!;
          if (c.name === "Body") body(c, s);
          else if (c.name === "as") expr(k[++i]!, s, "store");
          else expr(c, s, "load");
        }
        return;
      }
      case "TryStatement": {
        // The compiler emits the body, the `else` block, the handlers, then `finally`.
        const k = kids(node);
        const parts: { kind: string; nodes: SyntaxNode[] }[] = [{ kind: "try", nodes: [] }];
        for (const c of k) {
          if (c.name === "except" || c.name === "else" || c.name === "finally") parts.push({ kind: c.name, nodes: [] });
          else parts[parts.length - 1]!.nodes.push(c);
        }
        const order = ["try", "else", "except", "finally"];
        parts.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
        const finalBody = parts.find((p) => p.kind === "finally")?.nodes.find((c) => c.name === "Body");
        if (finalBody) s.unwind.push(finalBody);
        for (const part of parts) {
          if (part.kind === "finally" && finalBody) s.unwind.pop();
          const p = part.nodes;
          for (let i = 0; i < p.length; i++) {
            const c = p[i]!;
            if (c.name === "Body") body(c, s);
            else if (c.name === "as" && p[i + 1]?.name === "VariableName") ref(s, src(p[++i]!), "store");
            else expr(c, s, "load");
          }
        }
        return;
      }
      case "MatchStatement":
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if (c.name === "MatchBody") {
            for (const clause of kids(c)) if (clause.name === "MatchClause") matchClause(clause, s);
          } else expr(c, s, "load");
        }
        return;
      default:
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if (c.name === "Body") body(c, s);
          else if (c.type.isError) breakAll(s);
          else if (c.firstChild || c.name === "VariableName") statementOrExpr(c, s);
        }
    }
  };

  const statementOrExpr = (node: SyntaxNode, s: Scope) => {
    if (/Statement$|^StatementGroup$/.test(node.name)) statement(node, s);
    else expr(node, s, "load");
  };

  const matchClause = (node: SyntaxNode, s: Scope) => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === "Body") body(c, s);
      else if (c.name === "Guard") expr(c, s, "load");
      else if (c.name !== "case") pattern(c, s);
    }
  };

  const pattern = (node: SyntaxNode, s: Scope): void => {
    if (node.type.isError) return breakAll(s);
    switch (node.name) {
      case "CapturePattern": {
        const v = kids(node).find((c) => c.name === "VariableName");
        if (v && src(v) !== "_") ref(s, src(v), "store");
        return;
      }
      case "AsPattern": {
        const k = kids(node);
        for (let i = 0; i < k.length; i++) {
          if (k[i]!.name === "as" && k[i + 1]?.name === "VariableName") ref(s, src(k[++i]!), "store");
          else pattern(k[i]!, s);
        }
        return;
      }
      case "KeywordPattern":
        for (const c of kids(node).slice(1)) pattern(c, s);
        return;
      case "ClassPattern":
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if (c.name === "VariableName" || c.name === "MemberExpression") expr(c, s, "load");
          else pattern(c, s);
        }
        return;
      case "AttributePattern":
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if (c.name === "PropertyName") attr(s, src(c), "load");
          else if (c.name !== ".") pattern(c, s);
        }
        return;
      case "LiteralPattern":
        return expr(node, s, "load");
      case "VariableName":
        return ref(s, src(node), "load");
      default:
        for (let c = node.firstChild; c; c = c.nextSibling) pattern(c, s);
    }
  };

  const module = makeScope("module", null, null);
  body(tree.topNode, module);

  const codes = new Map<number, CodeNames>();
  for (const { from, scope } of functions) {
    if (scope.broken) continue;
    const names: string[] = [];
    const seen = new Set<string>();
    for (const op of scope.ops) {
      if (seen.has(op.name)) continue;
      if (!op.attribute && scopeOf(scope, op.name) !== "global") continue;
      seen.add(op.name);
      names.push(op.name);
    }
    const freevars = [...outerNames(scope)].filter((n) => scopeOf(scope, n) === "free").sort();
    codes.set(from, { names, freevars });
  }
  const globalCalls: GlobalCall[] = [];
  const seenCalls = new Set<number>();
  for (const { node, scope, script } of calls) {
    // A `finally` block is walked again where a `return` leaves it.
    if (scope.broken || seenCalls.has(node.from)) continue;
    seenCalls.add(node.from);
    // The callee: a name, or attributes of one (`a.b.c(...)`).
    let head: SyntaxNode | null = node.firstChild;
    while (head?.name === "MemberExpression" && kids(head).some((c) => c.name === "PropertyName")) head = head.firstChild;
    if (head?.name !== "VariableName") continue;
    const name = mangle(scope.privateName, src(head));
    if (!isGlobal(scope, name)) continue;
    let deferred = false;
    for (let p: Scope | null = scope; p; p = p.parent) if (p.kind === "function" && !p.comprehension) deferred = true;
    globalCalls.push({ node, deferred, script });
  }
  return { codes, calls: globalCalls, callCount: seenCalls.size };
}

/** A call whose callee is a global name or attributes of one, and whether it runs later (inside a function) or when its module runs. */
export interface GlobalCall {
  readonly node: SyntaxNode;
  readonly deferred: boolean;
  /** Inside `if __name__ == "__main__":`. */
  readonly script: boolean;
}

/** What {@link codeNamesOf} finds in a module. */
export interface CodeNamesResult {
  /** Code names per `def`, by the `FunctionDefinition` node's start offset. */
  readonly codes: Map<number, CodeNames>;
  /** The calls whose callee is a module global (or attributes of one), in source order. */
  readonly calls: readonly GlobalCall[];
  /** Every call expression walked (in functions with syntax errors too). */
  readonly callCount: number;
}
