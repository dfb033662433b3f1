/**
 * Classes and functions implemented in C, described by a data file generated from a real interpreter
 * by `tools/builtins/gen_builtins.py` (one file per Python version under `data/builtins/`).
 */
import { readData } from "./source.ts";

/** One C class or routine as the data file records it. */
export interface BuiltinObject {
  readonly kind: string;
  readonly name?: string;
  readonly qualname?: string;
  readonly module?: string;
  readonly owner?: string | null;
  readonly bases?: readonly string[];
  readonly mro?: readonly string[];
  readonly metaclass?: string;
  /** The class's own `__dict__` keys, in dict order. */
  readonly dict?: readonly string[];
  /** `inspect.getdoc` of the object (classes: `raw_doc` is `__doc__`). */
  readonly doc?: string | null;
  readonly raw_doc?: string | null;
  readonly text_signature?: string | null;
  /** `str(inspect.signature(obj))`, `null` when it raises. */
  readonly signature?: string | null;
  readonly isabstract?: boolean;
  readonly layout?: { readonly itemsize: number; readonly dictoffset: boolean; readonly weaklistoffset: boolean };
  readonly isdatadescriptor?: boolean;
  readonly ismethoddescriptor?: boolean;
}

/** A module name's entry: an object id, or a plain value with its type id. */
export type BuiltinName = string | { readonly type: string; readonly value: string | null; readonly ref?: string; readonly module?: string };

/** The data file: C modules' names and the objects they hold, keyed by `module:qualname`. */
export interface BuiltinsData {
  readonly python: string;
  readonly modules: Readonly<Record<string, { readonly names: Readonly<Record<string, BuiltinName>> }>>;
  readonly objects: Readonly<Record<string, BuiltinObject>>;
}

const cache = new Map<string, BuiltinsData>();

/**
 * Python versions that have a builtins data file (`data/builtins/<version>.json`, each about 2.2–2.5 MB,
 * written by `tools/builtins/gen_builtins.py` under that version's interpreter): the supported targets.
 * Only the target's file is read, on first use.
 */
export const BUILTINS_VERSIONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"] as const;

/**
 * Loads the builtins data for `python` (`"3.11"`), once per process, through the installed data
 * reader (see `setDataReader`). Its entries are parsed lazily, each when first looked up (see
 * {@link parseBuiltins}).
 *
 * @throws RangeError when no data file exists for that version (see {@link BUILTINS_VERSIONS}).
 */
export function loadBuiltins(python: string): BuiltinsData {
  let data = cache.get(python);
  if (!data) {
    if (!(BUILTINS_VERSIONS as readonly string[]).includes(python)) {
      throw new RangeError(`no builtins data for Python ${python}; available: ${BUILTINS_VERSIONS.join(", ")}`);
    }
    const file = readData("builtins", python);
    if (file === null) throw new RangeError(`no builtins data for Python ${python}: the data file is missing`);
    data = parseBuiltins(file);
    cache.set(python, data);
  }
  return data;
}

const NEWLINE = 10;
const QUOTE = 34;
const COMMA = 44;
const decoder = new TextDecoder();

/**
 * A data file (its JSON text, or its UTF-8 bytes) as {@link BuiltinsData}. The generator writes one
 * module or object per line under `"modules"` and `"objects"`, sorted by key (`"module:qualname":{…},`,
 * see `render` in `tools/builtins/gen_builtins.py`): those two records are not parsed at load but
 * searched in the bytes, by a binary search over their lines, and each entry is decoded and parsed
 * when its key is first read (decoding and parsing the whole 2.4 MB file was a quarter of a one-line
 * module's run; a run reads a few hundred of its ~6,500 objects). The few other fields are parsed at
 * once; a file without that layout is parsed whole. The two records behave as read-only records
 * (`objects[id]`, `id in objects`, `Object.keys`). Every record looked up by arbitrary keys has no
 * prototype, so names such as `constructor` do not find Object.prototype's.
 *
 * The search compares keys as UTF-8 bytes, which order as the generator's sort (code points) does;
 * it assumes keys written without JSON escapes (qualified names have no quote, backslash or control
 * character).
 *
 * @throws SyntaxError when the file is not the JSON of a data file (a malformed entry: when read).
 */
export function parseBuiltins(file: string | Uint8Array): BuiltinsData {
  const bytes = typeof file === "string" ? new TextEncoder().encode(file) : file;
  const modules = region(bytes, "modules", 0);
  const objects = modules && region(bytes, "objects", modules.to);
  if (!modules || !objects) {
    const data = JSON.parse(typeof file === "string" ? file : decoder.decode(bytes)) as BuiltinsData;
    Object.setPrototypeOf(data.modules, null);
    Object.setPrototypeOf(data.objects, null);
    for (const m of Object.values(data.modules)) Object.setPrototypeOf(m.names, null);
    return data;
  }
  // The rest of the file, with the two records' lines cut out (each `{` … `}` becomes `{}`).
  const text = (from: number, to: number) => decoder.decode(bytes.subarray(from, to));
  const rest = JSON.parse(text(0, modules.from) + text(modules.to, objects.from) + text(objects.to, bytes.length)) as BuiltinsData;
  return {
    ...rest,
    modules: lazyRecord<BuiltinsData["modules"][string]>(bytes, modules, (m) => {
      Object.setPrototypeOf(m.names, null);
      return m;
    }),
    objects: lazyRecord<BuiltinObject>(bytes, objects, (o) => o),
  };
}

/** The offset of the first `pattern` in `bytes` at or after `from`, or -1. */
function indexOfBytes(bytes: Uint8Array, pattern: Uint8Array, from: number): number {
  for (let at = bytes.indexOf(pattern[0]!, from); at !== -1; at = bytes.indexOf(pattern[0]!, at + 1)) {
    let i = 1;
    while (i < pattern.length && bytes[at + i] === pattern[i]) i++;
    if (i === pattern.length) return at;
  }
  return -1;
}

/**
 * The lines of record `name` (`\n"name":{\n` … `\n}`), searched from `after`: `from` is the byte
 * offset of its first line, `to` that of the `}` that closes it. `null` when absent.
 */
function region(bytes: Uint8Array, name: string, after: number): { from: number; to: number } | null {
  const open = new TextEncoder().encode(`\n"${name}":{\n`);
  const at = indexOfBytes(bytes, open, after);
  if (at === -1) return null;
  const from = at + open.length;
  // Every entry line starts with its key's quote: the first line that starts with `}` closes it.
  const to = indexOfBytes(bytes, new Uint8Array([NEWLINE, 125 /* } */]), from - 1);
  return to === -1 ? null : { from, to: to + 1 };
}

/** -1, 0 or 1 as the key of the entry line at `start` (its bytes up to the closing quote) orders before, as or after `key`. */
function compareKey(bytes: Uint8Array, start: number, key: Uint8Array): number {
  for (let i = 0; ; i++) {
    const b = bytes[start + 1 + i]!;
    if (i === key.length) return b === QUOTE ? 0 : 1;
    if (b === QUOTE) return -1;
    if (b !== key[i]) return b < key[i]! ? -1 : 1;
  }
}

/**
 * The start of the first entry line of `lines` whose key orders at or after `key` (`lines.to` when
 * none does): a binary search over the lines, each probe at the line holding the middle offset.
 */
function lowerBound(bytes: Uint8Array, lines: { from: number; to: number }, key: Uint8Array): number {
  let lo = lines.from;
  let hi = lines.to;
  while (lo < hi) {
    // The line holding the middle offset: it starts at or after lo (a line start) and before hi.
    const start = bytes.lastIndexOf(NEWLINE, ((lo + hi) >>> 1) - 1) + 1;
    if (compareKey(bytes, start, key) < 0) lo = bytes.indexOf(NEWLINE, start) + 1;
    else hi = start;
  }
  return lo;
}

/**
 * A read-only record over the sorted entry lines `lines` of `bytes`: a key is found by a binary
 * search, its value decoded, parsed and passed through `prepare` once, and remembered, as is a key
 * that is not there.
 */
function lazyRecord<T>(bytes: Uint8Array, lines: { from: number; to: number }, prepare: (value: T) => T): Readonly<Record<string, T>> {
  const encoder = new TextEncoder();
  const memo = new Map<string, T | undefined>();
  // Most ids looked up are the analysed code's own (`pkg.mod:Class`), whose module has no entry at
  // all: one search per module (`pkg.mod:`) answers them, without a search or a memo entry each.
  const modules = new Map<string, boolean>();
  const hasModule = (prefix: string): boolean => {
    let known = modules.get(prefix);
    if (known === undefined) {
      const key = encoder.encode(prefix);
      const at = lowerBound(bytes, lines, key);
      known = at < lines.to && key.every((b, i) => bytes[at + 1 + i] === b);
      modules.set(prefix, known);
    }
    return known;
  };
  const find = (name: string): T | undefined => {
    const memoised = memo.get(name);
    if (memoised !== undefined || memo.has(name)) return memoised;
    const colon = name.indexOf(":");
    if (colon !== -1 && !hasModule(name.slice(0, colon + 1))) return undefined;
    const key = encoder.encode(name);
    const start = lowerBound(bytes, lines, key);
    let found: T | undefined;
    if (start < lines.to && compareKey(bytes, start, key) === 0) {
      const eol = bytes.indexOf(NEWLINE, start);
      const value = start + key.length + 3; // after `"key":`
      found = prepare(JSON.parse(decoder.decode(bytes.subarray(value, bytes[eol - 1] === COMMA ? eol - 1 : eol))) as T);
    }
    memo.set(name, found);
    return found;
  };
  let keys: string[] | null = null;
  const allKeys = () => {
    if (!keys) {
      keys = [];
      for (let at = lines.from; at < lines.to; at = bytes.indexOf(NEWLINE, at) + 1) keys.push(decoder.decode(bytes.subarray(at + 1, bytes.indexOf(QUOTE, at + 1))));
    }
    return keys;
  };
  return new Proxy(Object.create(null) as Record<string, T>, {
    get: (_t, key) => (typeof key === "string" ? find(key) : undefined),
    has: (_t, key) => typeof key === "string" && find(key) !== undefined,
    ownKeys: () => allKeys(),
    getOwnPropertyDescriptor: (_t, key) => {
      const value = typeof key === "string" ? find(key) : undefined;
      return value === undefined ? undefined : { value, writable: false, enumerable: true, configurable: true };
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
