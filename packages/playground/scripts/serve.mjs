// `pnpm playground`: builds the page and serves it on 127.0.0.1 (PORT, default 8714), printing the URL.
import path from "node:path";
import { buildPlayground } from "./build.mjs";
import { serveStatic } from "./server.mjs";

const out = await buildPlayground();
const { url } = await serveStatic(path.resolve(out), Number(process.env["PORT"] ?? 8714));
console.log(`static-inspect playground: ${url}  (Ctrl-C stops it)`);
