/**
 * The plugins the linker consults, in the order their namespace hooks run (a class decorator's
 * additions come before the metaclass's, as at run time).
 */
import { attrsPlugin } from "./attrs.ts";
import { dataclassesPlugin } from "./dataclasses.ts";
import { enumPlugin } from "./enum.ts";
import { libcstPlugin } from "./libcst.ts";
import type { ClassPlugin } from "./plugin.ts";
import { pydanticPlugin } from "./pydantic.ts";
import { typingPlugin } from "./typing.ts";

let list: readonly ClassPlugin[] | null = null;

/**
 * Every plugin, in hook order; their names are listed in the bundle's `generator.plugins`. (A
 * function, not a constant: the plugins and the linker import each other, so the list is built on
 * first use, after every module has been evaluated.)
 */
export function plugins(): readonly ClassPlugin[] {
  return (list ??= [dataclassesPlugin, attrsPlugin, typingPlugin, enumPlugin, pydanticPlugin, libcstPlugin]);
}

/** The first answer (not `undefined`) a plugin hook gives, or `undefined`. */
export function firstAnswer<T>(ask: (plugin: ClassPlugin) => T | undefined): T | undefined {
  for (const plugin of plugins()) {
    const answer = ask(plugin);
    if (answer !== undefined) return answer;
  }
  return undefined;
}
