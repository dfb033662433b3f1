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
 * reader (see `setDataReader`).
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
    // The records looked up by arbitrary keys have no prototype: names such as `constructor` must not
    // find Object.prototype's. (A reviver doing this for every object made loading 4× slower.)
    data = JSON.parse(text) as BuiltinsData;
    Object.setPrototypeOf(data.modules, null);
    Object.setPrototypeOf(data.objects, null);
    for (const m of Object.values(data.modules)) Object.setPrototypeOf(m.names, null);
    cache.set(python, data);
  }
  return data;
}
