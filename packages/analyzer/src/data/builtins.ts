/**
 * Classes and functions implemented in C, described by a data file generated from a real interpreter
 * by `tools/builtins/gen_builtins.py` (one file per Python version under `data/builtins/`).
 */
import { readDataText } from "./source.ts";

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
 * reader (see `setDataReader`). `objects` is parsed lazily, one record when first looked up (see
 * {@link parseBuiltins}): a run reads a few hundred of the ~6,500.
 *
 * @throws RangeError when no data file exists for that version (see {@link BUILTINS_VERSIONS}).
 */
export function loadBuiltins(python: string): BuiltinsData {
  let data = cache.get(python);
  if (!data) {
    if (!(BUILTINS_VERSIONS as readonly string[]).includes(python)) {
      throw new RangeError(`no builtins data for Python ${python}; available: ${BUILTINS_VERSIONS.join(", ")}`);
    }
    const text = readDataText("builtins", python);
    if (text === null) throw new RangeError(`no builtins data for Python ${python}: the data file is missing`);
    data = parseBuiltins(text);
    cache.set(python, data);
  }
  return data;
}

/**
 * The data file's text as {@link BuiltinsData}. The generator writes one module or object per line
 * under `"modules"` and `"objects"`, sorted by key (`"module:qualname":{…},`, see `render` in
 * `tools/builtins/gen_builtins.py`): those two records are not parsed at load but looked up in the
 * text, by a binary search over their lines, each entry parsed when its key is first read (parsing
 * the whole file was a quarter of a one-line module's run; a run reads a few hundred of its ~6,500
 * objects). The few other fields are parsed at once; a text without that layout is parsed whole.
 * The two records behave as read-only records (`objects[id]`, `id in objects`, `Object.keys`).
 * Every record looked up by arbitrary keys has no prototype, so names such as `constructor` do not
 * find Object.prototype's.
 *
 * @throws SyntaxError when the text is not the JSON of a data file (a malformed entry: when read).
 */
export function parseBuiltins(text: string): BuiltinsData {
  const modules = region(text, "modules");
  const objects = modules && region(text, "objects", modules.to);
  if (!modules || !objects) {
    const data = JSON.parse(text) as BuiltinsData;
    Object.setPrototypeOf(data.modules, null);
    Object.setPrototypeOf(data.objects, null);
    for (const m of Object.values(data.modules)) Object.setPrototypeOf(m.names, null);
    return data;
  }
  // The rest of the file, with the two records cut out (each `{` … `}` becomes `{}`).
  const rest = JSON.parse(text.slice(0, modules.from) + text.slice(modules.to, objects.from) + text.slice(objects.to)) as BuiltinsData;
  return {
    ...rest,
    modules: lazyRecord<BuiltinsData["modules"][string]>(text, modules, (m) => {
      Object.setPrototypeOf(m.names, null);
      return m;
    }),
    objects: lazyRecord<BuiltinObject>(text, objects, (o) => o),
  };
}

/**
 * The lines of record `name` (`\n"name":{\n` … `\n}`), searched from `after`: `from` is the offset
 * of its first line, `to` that of the `}` that closes it (UTF-16 offsets). `null` when absent.
 */
function region(text: string, name: string, after = 0): { from: number; to: number } | null {
  const open = `\n"${name}":{\n`;
  const at = text.indexOf(open, after);
  if (at === -1) return null;
  const from = at + open.length;
  // Every entry line starts with its key's quote: the first line that starts with `}` closes it.
  const to = text.indexOf("\n}", from - 1);
  return to === -1 ? null : { from, to: to + 1 };
}

/** The key and value span of the entry line starting at `start` (`"key":value` with an optional comma). */
function entryAt(text: string, start: number): { key: string; value: number; end: number } {
  const eol = text.indexOf("\n", start);
  // Keys are qualified names: no quote inside; a backslash (an escape) is decoded.
  const quote = text.indexOf('"', start + 1);
  const raw = text.slice(start, quote + 1);
  const key = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  const end = text.charCodeAt(eol - 1) === 44 /* , */ ? eol - 1 : eol;
  return { key, value: quote + 2, end };
}

/**
 * A read-only record over the sorted entry lines of `lines`: a key is found by a binary search (JavaScript's
 * string order is the generator's, code point order, for these keys), its value parsed and passed
 * through `prepare` once, and remembered, as is a key that is not there.
 */
function lazyRecord<T>(text: string, lines: { from: number; to: number }, prepare: (value: T) => T): Readonly<Record<string, T>> {
  const memo = new Map<string, T | undefined>();
  const find = (key: string): T | undefined => {
    if (memo.has(key)) return memo.get(key);
    let found: T | undefined;
    let lo = lines.from;
    let hi = lines.to;
    while (lo < hi) {
      // The line holding the middle offset: it starts at or after lo (a line start) and before hi.
      const start = text.lastIndexOf("\n", ((lo + hi) >>> 1) - 1) + 1;
      const entry = entryAt(text, start);
      if (entry.key === key) {
        found = prepare(JSON.parse(text.slice(entry.value, entry.end)) as T);
        break;
      }
      if (entry.key < key) lo = text.indexOf("\n", start) + 1;
      else hi = start;
    }
    memo.set(key, found);
    return found;
  };
  let keys: string[] | null = null;
  const allKeys = () => {
    if (!keys) {
      keys = [];
      for (let at = lines.from; at < lines.to; at = text.indexOf("\n", at) + 1) keys.push(entryAt(text, at).key);
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
