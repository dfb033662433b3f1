/**
 * Each package's entry point exports exactly these runtime names (types are checked by tsc). Adding or
 * removing an export is an API change: update this list and the README together.
 */
import { describe, expect, it } from "vitest";
import * as analyzer from "@static-inspect/analyzer";
import * as analyzerCore from "@static-inspect/analyzer/core";
import * as unstable from "@static-inspect/analyzer/unstable";
import * as cli from "@static-inspect/cli";
import * as emit from "@static-inspect/emit";
import * as emitCore from "@static-inspect/emit/core";
import * as parser from "@static-inspect/parser";

const API: Record<string, [Record<string, unknown>, string[]]> = {
  "@static-inspect/parser": [parser, ["LineIndex", "PARSE_DEFAULTS", "decodeSource", "evaluateStringLiteral", "findCodingCookie", "parse", "parseBytes"]],
  "@static-inspect/analyzer": [
    analyzer,
    ["ANALYZE_DEFAULTS", "BUILTINS_VERSIONS", "BoundArguments", "DEFAULTS", "DISCOVER_DEFAULTS", "discoverFiles", "DOCSTRING_STYLES", "detectDocstringStyle", "parseDocstring", "Program", "analyze", "bindArguments", "callArguments", "codeFingerprint", "directorySummaryCache", "discover", "findModule", "folderListings", "importRoot", "listedDisk", "memorySummaryCache", "getclasstree", "getfullargspec", "link", "moduleNameOf", "packageNameOf", "summarizeFile", "summaryFromJSON", "summaryKey", "summaryToJSON"],
  ],
  "@static-inspect/analyzer/core": [
    analyzerCore,
    ["BUILTINS_VERSIONS", "DEFAULTS", "DOCSTRING_STYLES", "Program", "analyzeFiles", "bindSource", "detectDocstringStyle", "findModuleIn", "linkProgram", "memoryHost", "parseDocstring", "setDataReader", "summarizeWithHost", "summaryFromJSON", "summaryToJSON"],
  ],
  "@static-inspect/analyzer/unstable": [
    unstable,
    ["bind", "bytesRepr", "c3Merge", "cleandoc", "evaluate", "evaluateCondition", "floatRepr", "getblockLength", "getcomments", "literalRepr", "loadBuiltins", "makeSignature", "parseTextSignature", "plugins", "setFaultHook", "specialize", "strRepr", "unparse"],
  ],
  "@static-inspect/emit": [
    emit,
    ["BREAKAGE_KINDS", "BundleSchema", "DIFF_FORMATS", "DIFF_SCHEMA_ID", "DIFF_SCHEMA_VERSION", "DOCSTRING_CHECKS", "DiffReportSchema", "diffBundles", "diffJsonSchema", "formatReport", "isPrivateName", "isSimpleLiteral", "publicApi", "renderStubs", "resolveAlias", "validateDiffReport", "DiagnosticSchema", "DocstringSchema", "GENERATOR", "Layout", "ObjectSchema", "PREDICATE_NAMES", "SCHEMA_ID", "SCHEMA_VERSION", "anchorOf", "buildBundle", "buildCliSpecs", "bundlePaths", "defaultRoot", "SEARCH_PATH_PREFIX", "buildToolSchemas", "bundleJsonSchema", "checkDocstrings", "checkStrictRules", "commonDirectory", "createPartCache", "decodeInventory", "docResolver", "docstringView", "encodeBundle", "encodeBundleChunks", "encodeInventory", "encodeProgramChunks", "encodeProgramPieces", "inventoryEntries", "inventoryRole", "isBundle", "isDocumented", "objectView", "parameterId", "renderMarkdown", "strictSchema", "validateBundle"],
  ],
  "@static-inspect/emit/core": [emitCore, ["GENERATOR", "buildBundle", "encodeBundle", "objectView"]],
  "@static-inspect/cli": [cli, Object.keys(cli).sort()],
};

describe("public API", () => {
  it.each(Object.keys(API))("%s exports exactly the documented names", (name) => {
    const [mod, names] = API[name]!;
    expect(Object.keys(mod).sort()).toEqual([...names].sort());
  });

  it("the CLI package exports main and its defaults only", () => {
    expect(Object.keys(cli).sort()).toEqual(["CLI_DEFAULTS", "main"]);
  });
});
