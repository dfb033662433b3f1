/**
 * `static-inspect check-calls`: binds every call of the analysed code whose callee is statically
 * known (a function or class of the program, or a builtin function with a text signature) with the
 * static `Signature.bind`, and reports each call CPython's `Signature.bind` would reject, with its
 * exact `TypeError` message. Calls it cannot decide are skipped and counted, never guessed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { bindArguments, callArguments, type InspectSignature, type Program } from "@static-inspect/analyzer";
import { parseTextSignature } from "@static-inspect/analyzer/unstable";
import { parseBytes, type Call, type Expression } from "@static-inspect/parser";

/** The output formats of `check-calls --output-format`. */
export const CHECK_CALLS_FORMATS = ["text", "json", "github"] as const;
export type CheckCallsFormat = (typeof CHECK_CALLS_FORMATS)[number];

/**
 * One call CPython's `Signature.bind` rejects. `line` is 1-based; `column` and `endColumn` are
 * 1-based UTF-16 code units (as linters print them); `endLine`/`endColumn` end the call expression.
 */
export interface CallDiagnostic {
  readonly file: string;
  readonly module: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The callee as written (`os.path.join`). */
  readonly callee: string;
  /** The id it resolves to (`posixpath:join`, `builtins:len`). */
  readonly target: string;
  /** The call's arguments as `bind` sees them: how many positional ones, and the keywords' names in order. */
  readonly call: { readonly positional: number; readonly keywords: readonly string[] };
  /** CPython 3.11's `TypeError` message from `Signature.bind` (`missing a required argument: 'x'`). */
  readonly message: string;
}

/**
 * Why calls were not bound, counted:
 * - `dynamic`: the callee is not a module global (a local, `self.m`, a call result) or does not resolve;
 * - `script`: the call is under `if __name__ == "__main__":` (names there are bound as a script runs);
 * - `ambiguous`: what the callee is depends on a branch the analyzer cannot decide (a definition
 *   under an `if`, a module attribute bound in several places: `os.path`), or on a module that
 *   renames itself (`__name__ = …`, whose ids may be another module's);
 * - `notCallable`: it resolves to something that is not a function or class (a value, a property);
 * - `unpacking`: `*args`/`**kwargs` of unknown shape in the call;
 * - `decorated`: a decorator of unknown runtime effect replaces the callee;
 * - `noSignature`: no statically known signature (inspect would raise, or a C callable without text signature);
 * - `unparsed`: the module could not be read or the call repeats a keyword.
 */
export interface CheckCallsCounts {
  readonly calls: number;
  readonly bound: number;
  readonly rejected: number;
  readonly skipped: { dynamic: number; script: number; ambiguous: number; notCallable: number; unpacking: number; decorated: number; noSignature: number; unparsed: number };
}

/** What `check-calls` found. */
export interface CheckCallsReport {
  readonly diagnostics: readonly CallDiagnostic[];
  readonly counts: CheckCallsCounts;
}

const ROUTINES = new Set(["function", "method", "staticmethod", "classmethod", "class"]);

/** The signature a call binds to, or why there is none. */
function calleeSignature(program: Program, id: string, builtin: boolean): InspectSignature | "notCallable" | "decorated" | "noSignature" {
  if (builtin) {
    const b = program.builtins.objects[id];
    if (!b) return "noSignature";
    if (b.kind !== "builtin_function") return b.kind === "class" ? "noSignature" : "notCallable";
    // Only where inspect.signature works (the data records its text; `<unrepresentable>` defaults make it raise).
    return (b.signature && b.text_signature && parseTextSignature(b.text_signature, true)) || "noSignature";
  }
  const o = program.object(id);
  if (!o || !ROUTINES.has(o.kind)) return "notCallable";
  if (o.function && o.function.unknownDecorators.length && !program.wrapsWrapper(id)) return "decorated";
  // A class decorator may return anything; the dataclass/attrs plugins know theirs.
  if (o.class && o.decorators.length && !o.class.dataclass) return "decorated";
  // The class's signature comes from an `__init__`/`__new__` an unknown decorator may have replaced.
  if (o.class) {
    for (const n of ["__init__", "__new__"]) {
      const hit = program.getattr_static(id, n)?.id;
      const fn = hit ? program.object(hit)?.function : null;
      if (fn && fn.unknownDecorators.length && !program.wrapsWrapper(hit!)) return "decorated";
    }
  }
  return program.signature(id) ?? "noSignature";
}

/**
 * Whether the callee is `C.attr` with `attr` found on `C`'s metaclass rather than along `C`'s MRO
 * (`ABC.register(x)`): then `C.attr` is a method bound to `C`.
 */
function viaMetaclass(program: Program, module: string, call: Call, deferred: boolean): boolean {
  if (call.func.kind !== "Attribute") return false;
  const base = program.resolveExpression(module, call.func.value, deferred ? undefined : call.span.line);
  if (base.kind !== "object" || program.object(base.id)?.kind !== "class") return false;
  const found = program.getattr_static(base.id, call.func.attr);
  const mro = program.getmro(base.id);
  return !!found && !!mro && !mro.includes(found.owner);
}

/** Whether a step `module.attr` of a dotted callee reads a module attribute bound more than once (in branches the analyzer may have decided wrongly). */
function ambiguous(program: Program, module: string, e: Expression, atLine: number | undefined): boolean {
  if (e.kind !== "Attribute") return false;
  if (ambiguous(program, module, e.value, atLine)) return true;
  const base = program.resolveExpression(module, e.value, atLine);
  if (base.kind !== "module") return false;
  const history = program.module(base.name)?.history[e.attr] ?? [];
  return new Set(history.map((b) => `${b.kind}\0${b.target}\0${b.name ?? ""}`)).size > 1;
}

/** A definition under a condition, or in a module that renames itself; for a class, also the `__init__`/`__new__` its signature comes from. */
function ambiguousObject(program: Program, id: string): boolean {
  const conditional = (x: string) => {
    for (let o = program.object(x); o; o = o.parent ? program.object(o.parent) : null) {
      if (o.conditions.length || o.module !== o.scope) return true;
    }
    return false;
  };
  if (conditional(id)) return true;
  if (program.object(id)?.kind !== "class") return false;
  return ["__init__", "__new__"].some((n) => {
    const hit = program.getattr_static(id, n)?.id;
    return !!hit && !!program.object(hit) && conditional(hit);
  });
}

/** The signature of a function bound to an object: without its first positional parameter. */
function boundMethod(sig: InspectSignature): InspectSignature {
  const first = sig.parameters[0];
  if (!first || (first.kind !== "POSITIONAL_ONLY" && first.kind !== "POSITIONAL_OR_KEYWORD")) return sig;
  return { ...sig, parameters: sig.parameters.slice(1) };
}

/**
 * Binds the calls of every module of `program.emitted` (re-reading each file to find the calls in
 * function bodies too). A call in a function body resolves its callee in the module's final
 * namespace; a call at module or class level, as of its line. Never throws: an unreadable file
 * counts its calls as `unparsed`.
 */
export function checkCalls(program: Program, target?: string): CheckCallsReport {
  const diagnostics: CallDiagnostic[] = [];
  const skipped = { dynamic: 0, script: 0, ambiguous: 0, notCallable: 0, unpacking: 0, decorated: 0, noSignature: 0, unparsed: 0 };
  let calls = 0;
  let bound = 0;
  for (const m of program.emitted) {
    let parsed;
    try {
      parsed = parseBytes(readFileSync(m.path), { path: m.path, calls: true, ...(target ? { target } : {}) });
    } catch {
      skipped.unparsed++;
      continue;
    }
    const found = parsed.syntax.calls;
    if (!found) continue;
    calls += found.total;
    skipped.dynamic += found.total - found.sites.length;
    for (const site of found.sites) {
      const call: Call = site.call;
      if (site.script) {
        skipped.script++;
        continue;
      }
      if (call.args.some((a) => a.star !== "")) {
        skipped.unpacking++;
        continue;
      }
      const args = callArguments(call);
      if (!args) {
        skipped.unparsed++;
        continue;
      }
      const ref = program.resolveExpression(m.name, call.func, site.deferred ? undefined : call.span.line);
      if (ref.kind !== "object" && ref.kind !== "builtin") {
        if (ref.kind === "value" || ref.kind === "constant" || ref.kind === "module") skipped.notCallable++;
        else skipped.dynamic++;
        continue;
      }
      if (ambiguous(program, m.name, call.func, site.deferred ? undefined : call.span.line) || (ref.kind === "object" && ambiguousObject(program, ref.id))) {
        skipped.ambiguous++;
        continue;
      }
      let sig = calleeSignature(program, ref.id, ref.kind === "builtin");
      if (typeof sig === "string") {
        skipped[sig]++;
        continue;
      }
      if (ref.kind === "object" && program.object(ref.id)?.kind === "method" && viaMetaclass(program, m.name, call, site.deferred)) sig = boundMethod(sig);
      const r = bindArguments(sig, args);
      if (r.kind === "bound") bound++;
      else if (r.kind === "unknown") skipped.unpacking++;
      else {
        diagnostics.push({
          file: m.path,
          module: m.name,
          line: call.span.line,
          column: call.span.column + 1,
          endLine: call.span.endLine,
          endColumn: call.span.endColumn + 1,
          callee: call.func.text,
          target: ref.id,
          call: { positional: args.positional.length, keywords: args.keywords.flatMap((k) => (k.kind === "value" ? [k.name] : [])) },
          message: r.message,
        });
      }
    }
  }
  diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { diagnostics, counts: { calls, bound, rejected: diagnostics.length, skipped } };
}

/** The counts as one line: `N calls: B bound, R rejected; skipped: …`. */
export function formatCounts(c: CheckCallsCounts): string {
  const s = c.skipped;
  return (
    `${c.calls} calls: ${c.bound} bound, ${c.rejected} rejected; skipped: ${s.dynamic} dynamic callee, ${s.script} under if __name__ == "__main__", ${s.ambiguous} ambiguous callee, ${s.notCallable} not a function or class, ` +
    `${s.unpacking} *args/**kwargs unpacking, ${s.decorated} unknown decorator, ${s.noSignature} no signature, ${s.unparsed} unreadable`
  );
}

/**
 * The report in `format`: `text` (`file:line:col: message [callee → target]` lines), `json` (the
 * {@link CheckCallsReport}, paths relative to `cwd`), `github` (workflow `::error` commands).
 */
export function formatCheckCalls(report: CheckCallsReport, format: CheckCallsFormat, cwd: string): string {
  const rel = (f: string) => {
    const r = path.relative(cwd, f);
    return r.startsWith("..") || path.isAbsolute(r) ? f : r;
  };
  if (format === "json") {
    return JSON.stringify({ diagnostics: report.diagnostics.map((d) => ({ ...d, file: rel(d.file) })), counts: report.counts }, null, 2) + "\n";
  }
  if (format === "github") {
    // Workflow commands: `%`, CR and LF escaped in the message, also `,` and `:` in properties.
    const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    const prop = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
    return report.diagnostics
      .map((d) => `::error file=${prop(rel(d.file))},line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=${prop("check-calls")}::${data(`${d.callee}(): ${d.message}`)}\n`)
      .join("");
  }
  return report.diagnostics.map((d) => `${rel(d.file)}:${d.line}:${d.column}: ${d.callee}(): ${d.message} [${d.target}]\n`).join("");
}
