// The one place that chooses the Lezer parser the facade reads. Everything Lezer stays inside this package.
export { parser as pythonParser } from "@lezer/python";
