import { ExecaRunner, type CommandRunner } from "@dom0kit/runner";
import { SimHost, defaultSimDir } from "@dom0kit/sim-host";
import { CliError } from "./cli-error.js";
import type { HostTarget } from "./host-target.js";

/** The state directory of a `sim` target: `sim:DIR`, else `$DOM0KIT_SIM_DIR` or the per-user default. */
export function simDirOf(
  target: Extract<HostTarget, { kind: "sim" }>,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return target.dir ?? defaultSimDir(env);
}

/**
 * The runner for a host target: `local` runs here with execa; `sim` is a
 * simulated dom0 in a state directory (created, empty, on first use). SSH
 * targets are added when their package lands.
 */
export function runnerForTarget(
  target: HostTarget,
  env: Readonly<Record<string, string | undefined>> = process.env,
): CommandRunner {
  switch (target.kind) {
    case "local":
      return new ExecaRunner();
    case "sim":
      return SimHost.at(simDirOf(target, env), { createIfMissing: {} });
    case "ssh":
      throw new CliError(
        `--host ssh://${target.destination}: SSH targets are not available in this version`,
        "use --host local or --host sim",
      );
  }
}
