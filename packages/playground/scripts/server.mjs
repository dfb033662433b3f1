// A static file server for the built page, on 127.0.0.1 only: GET and HEAD of files under one
// folder, nothing else (no directory listings, no paths outside it).
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json", ".map": "application/json", ".png": "image/png" };

/**
 * Serves `root` on 127.0.0.1:`port` (0: any free port). Resolves to `{ url, close }` once listening.
 */
export function serveStatic(root, port = 0) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root + path.sep) && file !== root) return void res.writeHead(403).end();
    if (url.pathname.endsWith("/")) file = path.join(file, "index.html");
    let size;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error("not a file");
      size = st.size;
    } catch {
      return void res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    }
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405).end();
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "content-length": size, "cache-control": "no-cache" });
    if (req.method === "HEAD") return void res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address();
      resolve({ url: `http://127.0.0.1:${actual}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
