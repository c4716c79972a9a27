import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { initFromInventory } from "@dom0kit/sim-host";
import type { Inventory } from "@dom0kit/inventory";
import type { CliContext } from "../context.js";
import { demoInventoryPath } from "../demo-inventory.js";
import { printInventorySummary } from "./inventory.js";

/** What the demo's fresh simulated dom0 shows: `xl list` and `lvs`, as text and as data. */
interface SimulatedHostView {
  readonly xlList: string;
  readonly lvs: string;
  readonly domains: readonly { name: string; domid: number; state: string }[];
}

/** Brings the inventory up on a fresh simulated dom0 in a temporary directory, and looks at it. */
async function onFreshSimHost(inventory: Inventory): Promise<SimulatedHostView> {
  const dir = await mkdtemp(join(tmpdir(), "dom0kit-demo-"));
  try {
    const sim = await initFromInventory(join(dir, "sim"), inventory);
    const xlList = (await sim.run({ file: "xl", args: ["list"] })).stdout;
    const lvs = (await sim.run({ file: "lvs", args: ["-o", "vg_name,lv_name,lv_attr,lv_size"] })).stdout;
    const domains = (await sim.state()).domains.map(({ name, domid, state }) => ({ name, domid, state }));
    return { xlList, lvs, domains };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `dom0kit demo`: the README's main job, on the example inventory and a fresh simulated dom0. */
export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command("demo")
    .description(
      "validate and summarise the example host (examples/inventories/denmark.yaml), then bring it up on a fresh simulated dom0",
    )
    .option("--inventory-file <file>", "use another inventory instead of the bundled example")
    .addHelpText("after", "\nExample:\n  dom0kit demo")
    .action(async (options: { inventoryFile?: string }, command: Command) => {
      const file =
        options.inventoryFile === undefined
          ? demoInventoryPath()
          : context.resolvePath(options.inventoryFile);
      const inventory = await context.loadInventoryFile(file);
      const simulated = await onFreshSimHost(inventory);
      const out = context.output(command);
      if (context.options(command).json) {
        out.json({ file, valid: true, inventory, simulatedHost: { domains: simulated.domains } });
        return;
      }
      printInventorySummary(out, file, inventory);
      out.line();
      out.heading("On a fresh simulated dom0 (dom0kit sim init -i FILE keeps one):");
      out.line("$ xl list");
      out.line(simulated.xlList.trimEnd());
      out.line("$ lvs");
      out.line(simulated.lvs.trimEnd());
    });
}
