/**
 * `@static-inspect/analyzer`: binds Python modules and links the program, answering what CPython's
 * `inspect` would, without importing or running anything. The analysis API: {@link analyze} (or
 * {@link summarizeFile} then {@link link}) gives a {@link Program}, whose methods are inspect's queries.
 * The passes' own building blocks are in `@static-inspect/analyzer/unstable`.
 *
 * @packageDocumentation
 */
import "./node/data.ts"; // the data files are read from disk
export { analyze, ANALYZE_DEFAULTS, link, summarizeFile, type AnalyzeOptions, type AnalyzeProgress, type LinkOptions } from "./analyze.ts";
export { findModule, folderListings, importRoot, listedDisk, type FolderEntry, type FolderListings, type ListingObserver } from "./files/finder.ts";
export type { FinderTree } from "./files/find.ts";
export { directorySummaryCache, memorySummaryCache, summaryKey, type CacheStats, type DirectorySummaryCache, type SummaryCache } from "./cache/summary-cache.ts";
export { codeFingerprint } from "./cache/fingerprint.ts";
export { DEFAULTS } from "./defaults.ts";
export { discover, DISCOVER_DEFAULTS, discoverFiles, moduleNameOf, packageNameOf, type DiscoverOptions, type SourceFile } from "./discover.ts";
export type { Alternative, AttributeDoc, AttributeInfo, ClassInfo, ConditionFact, DefinedObject, FunctionInfo, LineRange, ObjectKind } from "./model/objects.ts";
export { summaryFromJSON, summaryToJSON, type ModuleSummary, type NameBinding } from "./model/summary.ts";
export type { SummaryArgument, SummaryExpression, SummaryParameter, Unlocated } from "./model/expressions.ts";
export { Program } from "./program.ts";
export type { AnnotationView, InspectParameter, InspectSignature } from "./query/signature.ts";
export type { Target } from "./bind/conditions.ts";
export { BUILTINS_VERSIONS, type BuiltinObject, type BuiltinsData } from "./data/builtins.ts";
export type { Member, StaticAttribute } from "./link/members.ts";
export type { MemberHow, ModuleMember } from "./link/module-members.ts";
export type { Predicates } from "./query/predicates.ts";
export type { DependencyState, DependencyStates } from "./query/dependencies.ts";
export type { Ref } from "./link/resolve.ts";
export type { InspectView } from "./query/views.ts";
export type { Diagnostic } from "@static-inspect/parser";
export { bindArguments, BoundArguments, callArguments, type BindableSignature, type BindOptions, type BindResult, type BoundArgument, type BoundArgumentsData, type BoundArgumentValue, type BoundValue, type CallArguments, type KeywordArgument, type ParameterDefault, type PositionalArgument } from "./query/bind.ts";
export { getfullargspec, type ArgSpecDefault, type FullArgSpec, type FullArgSpecOptions } from "./query/fullargspec.ts";
export type { ClosureVar, ClosureVars } from "./query/closurevars.ts";
export { getclasstree, type ClassTree, type ClassTreeEntry } from "./query/classtree.ts";
export * from "./docstrings/index.ts";
