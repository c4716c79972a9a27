import { Command, Option } from "commander";
import { commandModules } from "./commands/index.js";
import type { CliContext } from "./context.js";
import { VERSION } from "./version.js";

/** Makes every command in the tree throw instead of exiting, and write through the CLI's IO. */
function configureTree(command: Command, context: CliContext): void {
  command.exitOverride();
  command.showSuggestionAfterError(true);
  command.configureOutput({
    writeOut: (text) => context.io.stdout.write(text),
    writeErr: (text) => context.io.stderr.write(text),
    // Usage errors are printed by runCli, with a hint, in the CLI's own format.
    outputError: () => undefined,
  });
  for (const sub of command.commands) configureTree(sub, context);
}

/**
 * Builds the `dom0kit` command tree: global options, then each area's commands.
 *
 * @example
 * ```ts
 * const program = createProgram(context);
 * await program.parseAsync(["inventory", "check"], { from: "user" });
 * ```
 */
export function createProgram(context: CliContext): Command {
  const program = new Command("dom0kit")
    .description(
      "Run a Xen dom0 that rents domUs: CPU weights, bandwidth, disk priority, boot menus, " +
        "console access and backups — planned from one inventory, applied to a host.",
    )
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help for a command")
    .option("--json", "print machine-readable JSON")
    .option("-n, --dry-run", "print the commands that would change the host; change nothing")
    .addOption(
      new Option(
        "--host <target>",
        "where commands run: sim[:DIR] (a simulated dom0), local or ssh://[user@]host[:port]",
      ).default("sim"),
    )
    .addOption(new Option("-i, --inventory <file>", "the inventory file").default("dom0kit.yaml"))
    .option("--no-color", "never colour the output (NO_COLOR is honoured too)")
    .addHelpText(
      "after",
      "\nExamples:\n  dom0kit inventory check -i examples/inventories/denmark.yaml\n  dom0kit --help <command>",
    );
  // Check the global options before any command does work.
  program.hook("preAction", (_program, action) => {
    context.hostTarget(action);
  });
  for (const register of commandModules) register(program, context);
  configureTree(program, context);
  return program;
}
