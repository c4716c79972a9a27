import { loadInventory } from "@dom0kit/inventory";
import { formatCommand } from "@dom0kit/runner";
import { initFromInventory } from "@dom0kit/sim-host";
import { testTempDir } from "@dom0kit/test-support";
import { describe, expect, it } from "vitest";
import { configArea } from "../src/areas/config-area.js";

const DENMARK = new URL("../../inventories/denmark.yaml", import.meta.url).pathname;

describe("the config area", () => {
  it("plans every config and every start on a host with disks only", async () => {
    const inventory = await loadInventory(DENMARK);
    const sim = await initFromInventory(await testTempDir(), inventory, { domains: false });
    const planned = await configArea.plan({ inventory, runner: sim, target: { kind: "sim" } });
    const commands = planned.plan.steps.map((each) => formatCommand(each.command));
    expect(commands).toContain("mkdir -p -- /etc/xen");
    for (const domain of inventory.domains) {
      expect(commands).toContain(`xl create /etc/xen/${domain.name}.cfg`);
      expect(commands).toContain(
        `mv -f -- /etc/xen/${domain.name}.cfg.dom0kit-new /etc/xen/${domain.name}.cfg`,
      );
    }
    expect(commands.filter((each) => each.startsWith("lvcreate"))).toEqual([]);
  });
});
