import type { DataclassInfo } from "../model.ts";
import type { ClassPlugin, NamespaceBuilder } from "./plugin.ts";

/**
 * What attrs adds to a class namespace (approximately: the methods it generates and its metadata);
 * enough for `__init__` to be found where attrs put it.
 */
function attrsNamespace(dc: DataclassInfo, ns: NamespaceBuilder): void {
  const add = ns.add;
  add("__attrs_attrs__");
  if (dc.init) add("__init__");
  if (dc.repr) add("__repr__");
  if (dc.eq) for (const n of ["__eq__", "__ne__", "__hash__"]) add(n);
  if (dc.order) for (const n of ["__lt__", "__le__", "__gt__", "__ge__"]) add(n);
  if (dc.frozen) for (const n of ["__setattr__", "__delattr__"]) add(n);
  if (dc.match_args) add("__match_args__");
  if (dc.slots) for (const n of ["__slots__", "__getstate__", "__setstate__"]) add(n);
}

/** `attrs` (`@attr.s`, `@attrs.define`, …): the generated namespace; its `__init__` is the dataclass plugin's. */
export const attrsPlugin: ClassPlugin = {
  name: "attrs",
  namespace(_cx, cls, _mro, ns) {
    const dc = cls.class?.dataclass;
    if (dc?.flavor === "attrs") attrsNamespace(dc, ns);
  },
};
