import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The state directory used when none is given: `$DOM0KIT_SIM_DIR`, else
 * `$XDG_STATE_HOME/dom0kit/sim`, else `~/.local/state/dom0kit/sim`.
 *
 * @example
 * ```ts
 * const sim = await SimHost.openOrCreate(defaultSimDir());
 * ```
 */
export function defaultSimDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOM0KIT_SIM_DIR !== undefined && env.DOM0KIT_SIM_DIR !== "") return env.DOM0KIT_SIM_DIR;
  const base =
    env.XDG_STATE_HOME !== undefined && env.XDG_STATE_HOME !== ""
      ? env.XDG_STATE_HOME
      : join(homedir(), ".local", "state");
  return join(base, "dom0kit", "sim");
}
