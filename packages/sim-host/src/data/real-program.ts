import { accessSync, constants } from "node:fs";
import { join } from "node:path";
import { SYSTEM_PATH } from "./data-programs.js";

const found = new Map<string, string | undefined>();

/** The real program's absolute path in the system directories, or undefined. */
export function realProgram(name: string): string | undefined {
  if (found.has(name)) return found.get(name);
  let path: string | undefined;
  for (const dir of SYSTEM_PATH.split(":")) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      path = join(dir, name);
      break;
    } catch {
      // keep looking
    }
  }
  found.set(name, path);
  return path;
}
