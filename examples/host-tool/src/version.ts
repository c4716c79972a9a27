import { createRequire } from "node:module";

/** This CLI's version, from its package.json (one level above src/ and dist/). */
export const VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string })
  .version;
