/**
 * The page's state and its place in the URL: `#s=` then the state's JSON, compressed with
 * `deflate-raw` (the browser's own `CompressionStream`) and written in base64url, so a link
 * reproduces the files, the active file, the target and the selected object.
 */

/** Everything a link reproduces. */
export interface PlaygroundState {
  /** File paths and texts, in tab order. */
  readonly files: readonly (readonly [path: string, text: string])[];
  readonly active: string;
  readonly python: string;
  readonly platform: string;
  readonly selected: string | null;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const plain = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(plain, (c) => c.charCodeAt(0));
}

/** The URL fragment (`#s=…`) of `state`. */
export async function encodeState(state: PlaygroundState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return `#s=${toBase64Url(await pipe(json, new CompressionStream("deflate-raw")))}`;
}

/** The state in a URL fragment, or `null` when it has none or it cannot be read (a truncated link). */
export async function decodeState(hash: string): Promise<PlaygroundState | null> {
  const m = /^#s=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!m) return null;
  try {
    const json = new TextDecoder().decode(await pipe(fromBase64Url(m[1]!), new DecompressionStream("deflate-raw")));
    const s = JSON.parse(json) as PlaygroundState;
    const valid =
      Array.isArray(s.files) &&
      s.files.length > 0 &&
      s.files.every((f) => Array.isArray(f) && typeof f[0] === "string" && typeof f[1] === "string") &&
      typeof s.active === "string" &&
      typeof s.python === "string" &&
      typeof s.platform === "string";
    return valid ? { ...s, active: s.files.some((f) => f[0] === s.active) ? s.active : s.files[0]![0], selected: typeof s.selected === "string" ? s.selected : null } : null;
  } catch {
    return null;
  }
}
