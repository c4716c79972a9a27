import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The demo's inventory: `dist/denmark.yaml` in a built or installed package, or
 * `examples/inventories/denmark.yaml` when running from source.
 */
export function demoInventoryPath(): string {
  const packaged = fileURLToPath(new URL("denmark.yaml", import.meta.url));
  if (existsSync(packaged)) return packaged;
  return fileURLToPath(new URL("../../inventories/denmark.yaml", import.meta.url));
}
