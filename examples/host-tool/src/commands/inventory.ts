import type { Command } from "commander";
import type { Inventory, InventoryDomain } from "@dom0kit/inventory";
import type { CliContext } from "../context.js";
import type { Output } from "../output.js";

function rates(domain: InventoryDomain): string {
  const rate = domain.network[0]?.rate;
  if (rate === undefined) return "unshaped";
  return [rate.in ?? "-", rate.out ?? "-", rate.ceil ?? rate.out ?? "-"].join("/");
}

function retention(domain: InventoryDomain): string {
  if (!domain.backup.enabled) return "off";
  const keep = Object.entries(domain.backup.keep)
    .filter(([, count]) => count > 0)
    .map(([period, count]) => `${String(count)} ${period}`)
    .join(", ");
  return `${domain.backup.mode} ${domain.backup.compression}, keep ${keep}`;
}

/** Prints what an inventory describes: the host, a table of domains, the console users. */
export function printInventorySummary(out: Output, file: string, inventory: Inventory): void {
  const { host } = inventory;
  out.line(
    `${file} is valid: host ${host.name} — ${String(host.cpus)} CPUs, ${String(host.memory)} MiB, ` +
      `${host.toolstack} + ${host.scheduler}, uplink ${host.network.uplink} on ${host.network.interface}`,
  );
  out.line();
  out.table(
    [
      { heading: "DOMAIN" },
      { heading: "MEMORY", align: "right" },
      { heading: "VCPUS", align: "right" },
      { heading: "DISKS", align: "right" },
      { heading: "BOOT" },
      { heading: "IN/OUT/CEIL" },
      { heading: "BACKUP" },
    ],
    inventory.domains.map((domain) => [
      domain.name,
      `${String(domain.memory)} MiB`,
      domain.vcpus === undefined ? "auto" : String(domain.vcpus),
      String(domain.disks.length),
      domain.boot.loader === "kernel" ? "kernel" : `${domain.boot.loader} ${domain.boot.arch}`,
      rates(domain),
      retention(domain),
    ]),
  );
  if (inventory.users.length > 0) {
    out.line();
    out.line(
      `console users: ${inventory.users.map((user) => `${user.name} (${user.domains.join(", ")})`).join(", ")}`,
    );
  }
}

/** `dom0kit inventory check`: validate the inventory and summarise it. */
export function registerInventoryCommands(program: Command, context: CliContext): void {
  const inventory = program.command("inventory").description("work with the inventory file (dom0kit.yaml)");
  inventory
    .command("check")
    .description("validate the inventory and summarise the host and its domains")
    .addHelpText(
      "after",
      "\nEvery problem is reported as FILE:LINE:COLUMN: YAML.PATH: what is wrong and what is accepted.\n" +
        "Exit status: 0 valid, 1 invalid or unreadable.\n\nExample:\n  dom0kit inventory check -i examples/inventories/denmark.yaml",
    )
    .action(async (_options: unknown, command: Command) => {
      const file = context.options(command).inventory;
      const loaded = await context.inventory(command);
      if (context.options(command).json)
        context.output(command).json({ file, valid: true, inventory: loaded });
      else printInventorySummary(context.output(command), file, loaded);
    });
}
