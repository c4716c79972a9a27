import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { readHostStatus } from "../status/host-status.js";
import { printHostStatus } from "../status/print-status.js";

/** `dom0kit status`: one table per host, read live. */
export function registerStatusCommand(program: Command, context: CliContext): void {
  program
    .command("status")
    .description(
      "one table for the host: each domain's state, RAM, weight and guaranteed CPU, vcpus, rates, I/O priority",
    )
    .addHelpText(
      "after",
      "\nEverything is read from the host (xl, tc, ps/ionice); the inventory names the domains.\n" +
        "GUARANTEED CPU is what the live weights give when every domain is busy, in % of one pCPU.\n" +
        "A source that cannot be read is noted under the table; the rest is still shown.\n\n" +
        "Examples:\n  dom0kit status -i dom0kit.yaml\n  dom0kit --json status --host ssh://root@dom0.example.net",
    )
    .action(async (_options: object, command: Command) => {
      const inventory = await context.inventory(command);
      const status = await readHostStatus(
        inventory,
        context.hostRunner(command),
        context.hostTarget(command),
      );
      const out = context.output(command);
      if (context.options(command).json) out.json(status);
      else printHostStatus(out, status);
    });
}
