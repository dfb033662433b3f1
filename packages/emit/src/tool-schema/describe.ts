/**
 * Parameter descriptions for tool schemas, from the bundle's parsed docstrings (the `docstring`
 * field): the text a `parameters` or `other_parameters` section gives a name.
 */
import type { Bundle } from "../schema.ts";
import type { ParameterDescriber } from "./arguments.ts";

/**
 * A describer reading the docstring sections of the bundle: for a callable, its own docstring's
 * documented parameters; for a class with none, its `__init__`'s (where Google- and NumPy-style
 * docstrings document a constructor). Empty descriptions are no description.
 */
export function docstringDescriber(bundle: Bundle): ParameterDescriber {
  const byId = new Map<string, Map<string, string>>();
  for (const o of bundle.objects) {
    const sections = o.docstring?.sections ?? [];
    const texts = new Map<string, string>();
    for (const s of sections) {
      if (s.kind !== "parameters" && s.kind !== "other_parameters") continue;
      for (const item of s.items) if (item.description.trim() && !texts.has(item.name)) texts.set(item.name, item.description.trim());
    }
    if (texts.size) byId.set(o.id, texts);
  }
  return (callableId, parameter) => byId.get(callableId)?.get(parameter) ?? byId.get(`${callableId}.__init__`)?.get(parameter);
}
