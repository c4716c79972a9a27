import { ExecaRunner, type CommandRunner } from "@dom0kit/runner";
import { CliError } from "./cli-error.js";
import type { HostTarget } from "./host-target.js";

/**
 * The runner for a host target: `local` runs here with execa. Other targets are
 * added as their packages land (sim: @dom0kit/sim-host; ssh: the SSH runner).
 */
export function runnerForTarget(target: HostTarget): CommandRunner {
  switch (target.kind) {
    case "local":
      return new ExecaRunner();
    case "sim":
      throw new CliError(
        "--host sim: the simulated dom0 is not available in this version",
        "use --host local",
      );
    case "ssh":
      throw new CliError(
        `--host ssh://${target.destination}: SSH targets are not available in this version`,
        "use --host local",
      );
  }
}
