import { planIoPriorities } from "@dom0kit/ionice-mapper";
import { inspectInventoryIo } from "../commands/io-inspection.js";
import type { AreaInput, AreaPlan, HostArea } from "./area.js";

async function planIo({ inventory, runner, target }: AreaInput): Promise<AreaPlan> {
  const { inspection, notes } = await inspectInventoryIo(inventory, runner, target);
  const problems = inspection.domains.flatMap((domain) =>
    domain.problems.map((problem) => `${domain.name}: ${problem}`),
  );
  return {
    area: "io",
    title: ioArea.title,
    plan: planIoPriorities(inspection),
    notes: [...notes, ...problems],
  };
}

/** Disk I/O priority of each domU's backend processes, ranked by CPU allocation. */
export const ioArea: HostArea = {
  name: "io",
  title: "Disk I/O priority of each domU's backends",
  applied: true,
  plan: planIo,
  files: async () => [],
};
