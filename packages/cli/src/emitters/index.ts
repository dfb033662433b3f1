/**
 * The formats of `static-inspect emit FORMAT BUNDLE …`: one file per format in this folder, each
 * exporting an {@link Emitter}, listed once in {@link EMITTERS}.
 */
import type { Command } from "commander";
import type { CliIO } from "../main.ts";
import { markdownEmitter } from "./markdown.ts";
import { objectsInvEmitter } from "./objects-inv.ts";
import { cliSpecEmitter } from "./cli-spec.ts";
import { toolSchemaEmitter } from "./tool-schema.ts";
import { stubsEmitter } from "./stubs.ts";

/**
 * One output format of `static-inspect emit`. `configure` adds the format's own arguments and
 * options to its subcommand (`emit <name>`); `run` receives the parsed arguments and options as
 * commander gives them and returns the exit code (0 ok, 1 when the format reports findings, 2 is
 * thrown as a `UsageError`).
 */
export interface Emitter {
  /** The subcommand name, e.g. `markdown`, `objects.inv`, `tool-schema`. */
  readonly name: string;
  /** One line for `--help`. */
  readonly description: string;
  configure(cmd: Command): Command;
  run(args: readonly unknown[], io: CliIO, cwd: string): Promise<number> | number;
}

/** Every format `emit` knows, in the order `--help` lists them. */
export const EMITTERS: readonly Emitter[] = [markdownEmitter, objectsInvEmitter, toolSchemaEmitter, cliSpecEmitter, stubsEmitter];
