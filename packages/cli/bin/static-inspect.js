#!/usr/bin/env node
// The installed command: runs the compiled CLI, bundled into one file (dist/static-inspect.mjs, made by
// scripts/bundle.mjs) so that Node loads one module at start. In a checkout, `pnpm install` builds it
// (the root's `prepare` script) and `pnpm static-inspect` runs this file.
try {
  await import("../dist/static-inspect.mjs");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
  process.stderr.write(`static-inspect: error: the compiled CLI is missing (${error.message.split("\n")[0]}); in a checkout run \`pnpm build\`\n`);
  process.exitCode = 2;
}
