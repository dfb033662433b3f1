/**
 * `static-inspect emit tool-schema BUNDLE [--select GLOB…] [--strict] [-o FILE]`: the JSON Schema of
 * each selected callable's arguments (see `buildToolSchemas` in `@static-inspect/emit`).
 */
import { buildToolSchemas } from "@static-inspect/emit";
import type { Emitter } from "./index.ts";
import { idSelector, readBundle, summarise, writeJson } from "./bundle-file.ts";

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The `tool-schema` format. */
export const toolSchemaEmitter: Emitter = {
  name: "tool-schema",
  description: "a JSON Schema (2020-12) of each callable's arguments, as pydantic builds it, for function calling and MCP tools",
  configure: (cmd) =>
    cmd
      .argument("<bundle>", "the bundle (JSON) written by `static-inspect analyze`")
      .option("--select <glob>", "only object ids matching GLOB, e.g. 'mypkg.api:*' (repeatable)", collect)
      .option("--strict", "the OpenAI strict-mode variant: every property required, optional ones as anyOf with null; callables without one are left out")
      .option("-o, --output <file>", "write to FILE (atomically) instead of stdout")
      .addHelpText(
        "after",
        `
Output: {"strict", "tools": [{"id", "name", "kind", "description"?, "parameters"}], "diagnostics"}.
What cannot be mapped statically is {} with a diagnostic naming the annotation.`,
      ),
  async run(args, io, cwd) {
    const [file, flags] = args as [string, { select?: string[]; strict?: boolean; output?: string }];
    const bundle = readBundle(file, cwd);
    const doc = buildToolSchemas(bundle, { select: idSelector(flags.select), strict: Boolean(flags.strict) });
    await writeJson(doc, flags.output, io, cwd);
    summarise("tool-schema", doc.tools.length, doc.diagnostics, flags.output, io);
    return 0;
  },
};
