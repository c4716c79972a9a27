import type { Inventory } from "@dom0kit/inventory";
import {
  planFreshShaping,
  planShaping,
  readKernelHz,
  renderBatchFiles,
  resolveShaping,
  ShapingInputError,
} from "@dom0kit/tc-builder";
import { shapingFromInventory, toInventoryPaths, type InventoryShaping } from "../net/shaping-input.js";
import type { AreaInput, AreaPlan, HostArea, InstalledFile } from "./area.js";

/** The inventory as shaping input, checked, with problems pointing into the inventory. */
function checkedShaping(inventory: Inventory, hz?: number): InventoryShaping {
  const shaping = shapingFromInventory(inventory, hz);
  try {
    resolveShaping(shaping.input);
  } catch (error) {
    if (error instanceof ShapingInputError) throw toInventoryPaths(error, shaping.sources);
    throw error;
  }
  return shaping;
}

async function planNet({ inventory, runner }: AreaInput): Promise<AreaPlan> {
  const shaping = checkedShaping(inventory, (await readKernelHz(runner)).hz);
  const planned = await planShaping(runner, shaping.input, { form: "batch" });
  const foreign = planned.changes.foreign.map(
    (each) => `left alone (not dom0kit's): ${JSON.stringify(each)}`,
  );
  return {
    area: "net",
    title: netArea.title,
    plan: planned.plan,
    notes: [
      `classification: ${planned.strategy}`,
      ...planned.desired.warnings.map((warning) =>
        typeof warning === "string" ? warning : JSON.stringify(warning),
      ),
      ...shaping.notes,
      ...planned.changes.notes,
      ...foreign,
    ],
  };
}

const NET_FILES = {
  tc: { path: "/etc/dom0kit/shaping.tc", description: "tc -batch file: TBF per vif, HTB on the uplink" },
  nft: { path: "/etc/dom0kit/shaping.nft", description: "nft -f file: the bridge map classifying each vif" },
  iptables: { path: "/etc/dom0kit/shaping.iptables", description: "iptables-restore --noflush file" },
  ip6tables: { path: "/etc/dom0kit/shaping.ip6tables", description: "ip6tables-restore --noflush file" },
} as const;

/** Per-domU bandwidth: TBF toward each domU, HTB away from it, classification by nftables. */
export const netArea: HostArea = {
  name: "net",
  title: "Bandwidth: TBF toward each domU, HTB away from it",
  applied: true,
  plan: planNet,
  async files(inventory: Inventory): Promise<readonly InstalledFile[]> {
    const shaping = checkedShaping(inventory);
    const files = renderBatchFiles(planFreshShaping(shaping.input, { form: "batch" }).changes);
    return Object.entries(NET_FILES).flatMap(([kind, where]) => {
      const text = files[kind as keyof typeof files];
      return text === undefined
        ? []
        : [{ path: where.path, text, mode: 0o644, description: where.description }];
    });
  },
};
