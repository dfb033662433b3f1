/**
 * What parts of the standard library write into classes and modules (typing's aliases, the names
 * `namedtuple`, `EnumType` and `ABCMeta` add, a module's import-time attributes), as recorded from a
 * real interpreter by `tools/builtins/gen_stdlib.py` (one file per Python version under `data/stdlib/`).
 */
import { readDataText } from "./source.ts";

/** The data file of one Python version. */
export interface StdlibFacts {
  readonly python: string;
  /** typing's deprecated aliases of concrete classes, by name: `List` → `builtins:list`. */
  readonly typingAliases: Readonly<Record<string, string>>;
  /**
   * The `__dict__` keys `collections.namedtuple` makes `before` and `after` the field names, and what
   * `typing.NamedTuple` leaves after them when called (`typedCallAfter`) or subclassed (`typedClassAfter`).
   */
  readonly namedtuple: {
    readonly before: readonly string[];
    readonly after: readonly string[];
    readonly typedCallAfter: readonly string[];
    readonly typedClassAfter: readonly string[];
  };
  /** `dir()` of an Enum class without members: the names `EnumType.__dir__` always lists. */
  readonly enumDir: readonly string[];
  /** The keys `ABCMeta.__new__` adds to a class `__dict__`, and those of the body it consumes. */
  readonly abcMeta: { readonly adds: readonly string[]; readonly consumes: readonly string[] };
  /** The dunder attributes every imported module has (`__name__`, `__file__`, `__spec__`, …). */
  readonly moduleAttributes: readonly string[];
  /**
   * `importlib.machinery`'s `SOURCE_SUFFIXES`, `BYTECODE_SUFFIXES` and `EXTENSION_SUFFIXES` (the
   * last are those of the platform the data was recorded on: `.cpython-311-x86_64-linux-gnu.so`, …).
   */
  readonly importSuffixes: { readonly source: readonly string[]; readonly bytecode: readonly string[]; readonly extension: readonly string[] };
}

const cache = new Map<string, StdlibFacts>();

/**
 * The facts of Python `python` (`"3.11"`), read once per process through the installed data reader
 * (see `setDataReader`).
 *
 * @throws RangeError when no data file exists for that version.
 */
export function stdlibFacts(python: string): StdlibFacts {
  let data = cache.get(python);
  if (!data) {
    const text = readDataText("stdlib", python);
    if (text === null) throw new RangeError(`no standard-library data for Python ${python}`);
    data = JSON.parse(text) as StdlibFacts;
    cache.set(python, data);
  }
  return data;
}
