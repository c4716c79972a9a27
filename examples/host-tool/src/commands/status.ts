import type { Command } from "commander";
import { SshRunner } from "@dom0kit/runner";
import type { CliContext } from "../context.js";
import { checkFleetUsage, withFleetOptions, type FleetCommandOptions } from "../fleet/fleet-options.js";
import { statusFleetCommand } from "../fleet/fleet-status.js";
import { readHostStatus } from "../status/host-status.js";
import { printHostStatus } from "../status/print-status.js";

/** `dom0kit status`: one table per host, read live. */
export function registerStatusCommand(program: Command, context: CliContext): void {
  withFleetOptions(program.command("status"), { failFast: false })
    .description(
      "one table for the host: each domain's state, RAM, weight and guaranteed CPU, vcpus, rates, I/O priority",
    )
    .addHelpText(
      "after",
      "\nEverything is read from the host (xl, tc, ps/ionice); the inventory names the domains.\n" +
        "GUARANTEED CPU is what the live weights give when every domain is busy, in % of one pCPU.\n" +
        "A source that cannot be read is noted under the table; the rest is still shown.\n\n" +
        "With --fleet FILE, reads every host of the fleet file, --parallel at once: each host's table,\n" +
        "then a summary; a host that cannot be reached is reported failed (exit 1).\n" +
        "A single --host that cannot be reached is an error (exit 1).\n\n" +
        "Examples:\n  dom0kit status -i dom0kit.yaml\n  dom0kit --json status --host ssh://root@dom0.example.net\n" +
        "  dom0kit status --fleet fleet.yaml",
    )
    .action(async (options: FleetCommandOptions, command: Command) => {
      if (checkFleetUsage(command, options)) return statusFleetCommand(context, command, options);
      const inventory = await context.inventory(command);
      const runner = context.hostRunner(command);
      // A host that cannot be reached at all is one error, not a table of unknowns.
      if (runner instanceof SshRunner) await runner.connect();
      const status = await readHostStatus(inventory, runner, context.hostTarget(command), context.io.env);
      const out = context.output(command);
      if (context.options(command).json) out.json(status);
      else printHostStatus(out, status);
    });
}
