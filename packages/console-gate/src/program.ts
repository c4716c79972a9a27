import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { ConsoleProgram } from "./install-plan.js";

/**
 * Where the built menu program (`dist/dom0kit-console.js`, bundled with its
 * dependencies) lies in the installed package. Only meaningful in the built
 * package: from TypeScript sources there is no such file — build first, or
 * pass a path to {@link readConsoleProgram}.
 *
 * @example
 * ```ts
 * consoleProgramPath(); // "/usr/lib/node_modules/@dom0kit/console-gate/dist/dom0kit-console.js"
 * ```
 */
export function consoleProgramPath(): string {
  return fileURLToPath(new URL("./dom0kit-console.js", import.meta.url));
}

/**
 * Reads the menu program that the install plan copies to the host.
 *
 * @param path the bundled program @default {@link consoleProgramPath}()
 *
 * @example
 * ```ts
 * const install = planConsoleInstall(model, state, await readConsoleProgram());
 * ```
 */
export async function readConsoleProgram(path: string = consoleProgramPath()): Promise<ConsoleProgram> {
  return { content: await readFile(path, "utf8") };
}
