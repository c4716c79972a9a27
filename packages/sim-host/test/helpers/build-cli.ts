import { buildCliFromSource } from "../../src/shims/cli-from-source.js";

/** The `dom0kit-sim` executable, built from source (cached) so a fresh clone needs no `pnpm build`. */
export function buildSimCli(): Promise<string> {
  return buildCliFromSource();
}
