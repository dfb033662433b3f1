// Entry of the fuzz worker thread: registers tsx's loader in this thread, then loads worker.ts.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
