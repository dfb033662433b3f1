/**
 * `@static-inspect/cli`: the `static-inspect` command line, callable in-process.
 *
 * @packageDocumentation
 */
export { CLI_DEFAULTS, main, type CliIO } from "./main.ts";
