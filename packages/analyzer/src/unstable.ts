/**
 * `@static-inspect/analyzer/unstable`: the passes' building blocks (bind, condition evaluation, C3,
 * signature text, reprs, inspect's source-block rules, the builtins data). Use at your own risk: these
 * change with the analyzer's internals, without a major version.
 *
 * @packageDocumentation
 */
import "./node/data.ts"; // the data files are read from disk
export { bind, type BindInput } from "./bind/binder.ts";
export { evaluateCondition } from "./bind/conditions.ts";
export { cleandoc, getblockLength, getcomments } from "./bind/sourcelines.ts";
export { loadBuiltins } from "./data/builtins.ts";
export type { LinkContext, ModuleLoader } from "./link/context.ts";
export { c3Merge, type C3Result } from "./link/mro.ts";
export { specialize } from "./link/guards.ts";
export { unparse } from "./query/formatannotation.ts";
export { bytesRepr, evaluate, floatRepr, literalRepr, strRepr, type Value } from "./query/repr.ts";
export { makeSignature, parseTextSignature } from "./query/signature.ts";
export { plugins } from "./plugins/index.ts";
export { setFaultHook, type FaultHook } from "./faults.ts";
export type { ClassPlugin, NamespaceBuilder } from "./plugins/plugin.ts";
