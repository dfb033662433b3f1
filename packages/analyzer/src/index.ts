/**
 * `@static-inspect/analyzer`: binds Python modules and links the program, answering what CPython's
 * `inspect` would, without importing or running anything.
 *
 * @packageDocumentation
 */
export { analyze, ANALYZE_DEFAULTS, findModule, summarizeFile, type AnalyzeOptions } from "./analyze.ts";
export { bind, type BindInput } from "./bind/binder.ts";
export { BUILTINS_VERSIONS, loadBuiltins, type BuiltinObject, type BuiltinsData } from "./builtins.ts";
export { discover, DISCOVER_DEFAULTS, moduleNameOf, type DiscoverOptions, type SourceFile } from "./discover.ts";
export type { ClassInfo, DefinedObject, FunctionInfo, LineRange, ModuleSummary, NameBinding, ObjectKind } from "./model.ts";
export { evaluateCondition, type Target } from "./bind/conditions.ts";
export { c3Merge, type C3Result } from "./link/mro.ts";
export { Program } from "./program.ts";
export { makeSignature, parseTextSignature, type AnnotationView, type InspectParameter, type InspectSignature } from "./query/signature.ts";
export type { Member, StaticAttribute } from "./link/members.ts";
export type { ModuleLoader } from "./link/context.ts";
export type { Predicates } from "./query/predicates.ts";
export type { Ref } from "./link/resolve.ts";
export type { InspectView } from "./query/views.ts";
export { bytesRepr, floatRepr, literalRepr, strRepr } from "./query/repr.ts";
export { unparse } from "./query/formatannotation.ts";
export { cleandoc, getblockLength, getcomments } from "./bind/sourcelines.ts";
export type { Diagnostic } from "@static-inspect/parser";
