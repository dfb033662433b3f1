import { analyze } from "@static-inspect/analyzer";
import { LinkContext } from "./packages/analyzer/src/link/context.ts";
const orig = (LinkContext.prototype as any).rawModule;
(LinkContext.prototype as any).rawModule = function (name: string) {
  if (!this.raw.has(name)) { const st = new Error().stack!.split("\n").slice(3, 9).map(l => l.trim().split(" ")[1]).join(" < "); console.log("LOAD", name.padEnd(28), st); }
  return orig.call(this, name);
};
await analyze({ paths: [process.argv[2]!], searchPaths: ["/root/.pyenv/versions/3.11.7/lib/python3.11", "/root/.pyenv/versions/3.11.7/lib/python3.11/lib-dynload", "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages"] });
