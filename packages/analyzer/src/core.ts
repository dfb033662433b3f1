/**
 * `@static-inspect/analyzer/core`: the analysis without a file system, for browsers and Web Workers
 * (it imports nothing from Node). Files come from an {@link AnalyzerHost} — {@link memoryHost} for
 * files held in memory — and the generated data files (builtins, standard-library facts) through the
 * host's data reader, which a page fills by fetching `data/<kind>/<version>.json` first. The answers
 * are the same {@link Program} the Node entry point's `analyze` gives for the same files.
 *
 * @packageDocumentation
 */
import type { Target } from "./bind/conditions.ts";
import { loadBuiltins } from "./data/builtins.ts";
import { DEFAULTS } from "./defaults.ts";
import { summarizeWithHost, useHostData } from "./host.ts";
import { linkProgram } from "./link-program.ts";
import { memoryHost, type MemoryHostOptions } from "./memory-host.ts";
import type { Program } from "./program.ts";

export { BUILTINS_VERSIONS, type BuiltinObject, type BuiltinsData } from "./data/builtins.ts";
export { setDataReader, type DataKind, type DataReader } from "./data/source.ts";
export { DEFAULTS };
export type { SourceFile } from "./discover.ts";
export { findModuleIn, type FinderTree } from "./files/find.ts";
export { summarizeWithHost, type AnalyzerHost } from "./host.ts";
export { linkProgram, type LinkProgramOptions } from "./link-program.ts";
export { memoryHost, type MemoryHost, type MemoryHostOptions } from "./memory-host.ts";
export { summaryFromJSON, summaryToJSON, type ModuleSummary, type NameBinding } from "./model/summary.ts";
export type { SummaryArgument, SummaryExpression, SummaryParameter, Unlocated } from "./model/expressions.ts";
export { Program } from "./program.ts";
export { bindSource } from "./source-summary.ts";
export type { ClassInfo, DefinedObject, FunctionInfo, LineRange, ObjectKind } from "./model/objects.ts";
export type { AnnotationView, InspectParameter, InspectSignature } from "./query/signature.ts";
export type { Target } from "./bind/conditions.ts";
export type { Member, StaticAttribute } from "./link/members.ts";
export type { MemberHow, ModuleMember } from "./link/module-members.ts";
export type { Predicates } from "./query/predicates.ts";
export type { DependencyState, DependencyStates } from "./query/dependencies.ts";
export type { InspectView } from "./query/views.ts";
export type { Diagnostic } from "@static-inspect/parser";
export * from "./docstrings/index.ts";

/** Options of {@link analyzeFiles}. */
export interface AnalyzeFilesOptions extends MemoryHostOptions {
  /** The Python whose `inspect` is mirrored; default `DEFAULTS.target` (3.11, `linux`). */
  readonly target?: Partial<Target>;
}

/**
 * Analyses in-memory files (see {@link memoryHost} for the paths and how modules are named): every
 * `.py`/`.pyi` file is a given module, bound and then linked with the others into a {@link Program}.
 * Imports of modules not among the files are unresolved unless the builtins data describes them (C
 * modules such as `sys` or `builtins`).
 *
 * Never throws for problems in the Python (they are diagnostics); `RangeError` for a bad path or a
 * target version without builtins data.
 */
export function analyzeFiles(files: Readonly<Record<string, string | Uint8Array>>, options: AnalyzeFilesOptions): Program {
  const host = memoryHost(files, options);
  useHostData(host);
  const target: Target = { ...DEFAULTS.target, ...options.target };
  loadBuiltins(target.python); // the RangeError for an unsupported version, before any work
  const summaries = host.sourceFiles.map((f) => summarizeWithHost(host, f, target));
  return linkProgram(summaries, { host, target });
}
