/**
 * The module lists of `pnpm conformance --list NAME`, each measured against its own thresholds file.
 *
 * - `stdlib` (the default): a spread of the standard library (packages, C-accelerated modules,
 *   heavy metaclass users, dataclasses, typing, …); thresholds in thresholds.json.
 * - `third-party`: every importable submodule of THIRD_PARTY_PACKAGES in this machine's
 *   site-packages, as listed in third-party.txt (written by `pnpm conformance:list-third-party`,
 *   i.e. list_submodules.py, which names on stderr each candidate it dropped and why); thresholds in
 *   thresholds.third-party.json. Its oracle takes about 4 minutes on this machine, too slow for CI.
 * - `third-party-ci`: what `pnpm test` runs: every package's top-level module plus every 8th module
 *   of the sorted third-party list (a fixed rule, not a hand pick); thresholds in
 *   thresholds.third-party-ci.json.
 */
import { readFileSync } from "node:fs";

export const DEFAULT_MODULES: readonly string[] = [
  "inspect",
  "textwrap",
  "dataclasses",
  "enum",
  "functools",
  "collections",
  "argparse",
  "json",
  "pathlib",
  "typing",
  "abc",
  "contextlib",
  "string",
  "shlex",
  "fractions",
  "statistics",
  "logging",
  "email.message",
  "http.client",
  "asyncio.tasks",
  "unittest.case",
  "urllib.parse",
  "configparser",
  "csv",
  "difflib",
  "calendar",
  "dis",
  "ast",
  "tokenize",
  "pprint",
  "copy",
  "random",
  "datetime",
  "subprocess",
  "shutil",
  "tempfile",
  "threading",
  "socketserver",
  "xml.etree.ElementTree",
  "importlib.metadata",
  // more variety: package submodules, C-rebound names, ABCs, descriptors
  "json.decoder",
  "json.encoder",
  "operator",
  "heapq",
  "bisect",
  "numbers",
  "queue",
  "weakref",
  "selectors",
  "gettext",
];

/** The third-party packages of issue 10, all importable here (none dropped). */
export const THIRD_PARTY_PACKAGES: readonly string[] = [
  "urllib3",
  "pygments",
  "idna",
  "markupsafe",
  "itsdangerous",
  "typing_extensions",
  "sortedcontainers",
  "docutils",
  "parso",
  "traitlets",
  "iniconfig",
  "blinker",
  "sniffio",
  "outcome",
  "referencing",
  "annotated_types",
  "pydantic_settings",
  "libcst",
  "hypothesis",
  "asttokens",
  "dotenv",
  "decorator",
  "jmespath",
  "prompt_toolkit",
];

/** The committed list of every importable submodule of THIRD_PARTY_PACKAGES (third-party.txt), sorted. */
export const THIRD_PARTY_MODULES: readonly string[] = readFileSync(new URL("./third-party.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "");

/** The CI sample of THIRD_PARTY_MODULES: the packages' top-level modules and every 8th module. */
export const THIRD_PARTY_CI_MODULES: readonly string[] = THIRD_PARTY_MODULES.filter(
  (m, i) => i % 8 === 0 || THIRD_PARTY_PACKAGES.includes(m),
);

/** A named module list and the thresholds file (in tools/conformance) it is held to. */
export interface ModuleList {
  modules: readonly string[];
  thresholds: string;
  /** Whether the packages' site-packages folder is a search path of the analysis (imports between packages). */
  sitePackages: boolean;
  /** The oracle's per-module timeout in seconds unless `--timeout` is given (libcst.matchers needs over 60 s on a busy machine). */
  timeout: number;
}

/** The lists `--list` accepts, by name. */
export const MODULE_LISTS: Readonly<Record<string, ModuleList>> = {
  stdlib: { modules: DEFAULT_MODULES, thresholds: "thresholds.json", sitePackages: false, timeout: 60 },
  "third-party": { modules: THIRD_PARTY_MODULES, thresholds: "thresholds.third-party.json", sitePackages: true, timeout: 300 },
  "third-party-ci": { modules: THIRD_PARTY_CI_MODULES, thresholds: "thresholds.third-party-ci.json", sitePackages: true, timeout: 300 },
};
