/**
 * `@static-inspect/analyzer`: binds Python modules and links the program, answering what CPython's
 * `inspect` would, without importing or running anything.
 *
 * @packageDocumentation
 */
export { analyze, ANALYZE_DEFAULTS, findModule, summarizeFile, type AnalyzeOptions } from "./analyze.ts";
export { bind, type BindInput } from "./bind.ts";
export { BUILTINS_VERSIONS, loadBuiltins, type BuiltinObject, type BuiltinsData } from "./builtins.ts";
export { discover, DISCOVER_DEFAULTS, moduleNameOf, type DiscoverOptions, type SourceFile } from "./discover.ts";
export type { ClassInfo, DefinedObject, FunctionInfo, LineRange, ModuleSummary, NameBinding, ObjectKind } from "./model.ts";
export { evaluateCondition, type Target } from "./conditions.ts";
export { c3Merge, type C3Result } from "./mro.ts";
export {
  makeSignature,
  parseTextSignature,
  Program,
  type AnnotationView,
  type InspectParameter,
  type InspectSignature,
  type Member,
  type ModuleLoader,
  type Predicates,
  type Ref,
  type StaticAttribute,
} from "./program.ts";
export { bytesRepr, floatRepr, literalRepr, strRepr } from "./render.ts";
export { unparse } from "./annotations.ts";
export { cleandoc, getblockLength, getcomments } from "./sourcelines.ts";
export type { Diagnostic } from "@static-inspect/parser";
export * from "./docstrings/index.ts";
