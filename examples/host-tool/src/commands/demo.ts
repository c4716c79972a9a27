import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { demoInventoryPath } from "../demo-inventory.js";
import { runDemo } from "../demo/run-demo.js";

interface DemoCommandOptions {
  readonly inventoryFile?: string;
  readonly keep?: string;
  readonly consoleProgram?: string;
}

/** `dom0kit demo`: the README's main job, on the example inventory and a fresh simulated dom0. */
export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command("demo")
    .description(
      "on a fresh simulated dom0 built from the example host (examples/inventories/denmark.yaml): apply everything, apply again, show status, back up a domain then verify and restore it, serve customers' console requests",
    )
    .option("--inventory-file <file>", "use another inventory instead of the bundled example")
    .option("--keep <dir>", "keep the simulated dom0 in DIR (replaced if it exists) to look at afterwards")
    .option(
      "--console-program <file>",
      "the dom0kit-console menu program to install (default: the bundled one)",
    )
    .addHelpText(
      "after",
      "\nNothing outside a temporary directory is touched: the simulated dom0 (sim-host) answers\n" +
        "xl, lvm, tc, nft, ionice and the account tools as a real dom0 would.\n\n" +
        "Examples:\n  dom0kit demo\n  dom0kit demo --keep /tmp/denmark && dom0kit --host sim:/tmp/denmark status -i examples/inventories/denmark.yaml",
    )
    .action(async (options: DemoCommandOptions, command: Command) => {
      const file =
        options.inventoryFile === undefined
          ? demoInventoryPath()
          : context.resolvePath(options.inventoryFile);
      const inventory = await context.loadInventoryFile(file);
      const out = context.output(command);
      const json = context.options(command).json;
      if (!json) out.line(`dom0kit demo: ${file}\n`);
      const report = await runDemo(inventory, out, {
        inventoryFile: file,
        quiet: json,
        ...(options.keep === undefined ? {} : { keepDir: context.resolvePath(options.keep) }),
        ...(options.consoleProgram === undefined
          ? {}
          : { consoleProgram: context.resolvePath(options.consoleProgram) }),
      });
      if (json) out.json({ file, ...report });
    });
}
