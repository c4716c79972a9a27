import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { demoInventoryPath } from "../demo-inventory.js";
import { printInventorySummary } from "./inventory.js";

/** `dom0kit demo`: the README's main job, on the example inventory. */
export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command("demo")
    .description("validate and summarise the example host (examples/inventories/denmark.yaml)")
    .option("--inventory-file <file>", "use another inventory instead of the bundled example")
    .addHelpText("after", "\nExample:\n  dom0kit demo")
    .action(async (options: { inventoryFile?: string }, command: Command) => {
      const file =
        options.inventoryFile === undefined
          ? demoInventoryPath()
          : context.resolvePath(options.inventoryFile);
      const inventory = await context.loadInventoryFile(file);
      if (context.options(command).json) {
        context.output(command).json({ file, valid: true, inventory });
        return;
      }
      printInventorySummary(context.output(command), file, inventory);
    });
}
