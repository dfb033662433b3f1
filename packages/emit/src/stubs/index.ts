/** `.pyi` stubs rendered from a bundle. */
export { isSimpleLiteral, renderStubs, type StubFile } from "./render.ts";
