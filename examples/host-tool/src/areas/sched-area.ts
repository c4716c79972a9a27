import { parseXlList, planSchedulerOnHost } from "@dom0kit/credit-scheduler";
import type { AreaInput, AreaPlan, HostArea } from "./area.js";
import { inventorySchedulerPolicy } from "./config-area.js";

async function planSched({ inventory, runner }: AreaInput): Promise<AreaPlan> {
  const policy = inventorySchedulerPolicy(inventory);
  const listed = await runner.run({ file: inventory.host.toolstack, args: ["list"] });
  const running = new Set(parseXlList(listed.stdout).map((domain) => domain.name));
  const absent = policy.domains.filter((domain) => !running.has(domain.name)).map((domain) => domain.name);
  const { plan } = await planSchedulerOnHost(runner, {
    ...policy,
    domains: policy.domains.filter((domain) => running.has(domain.name)),
  });
  const notes = [
    ...policy.warnings,
    ...(absent.length === 0
      ? []
      : [`not running yet: ${absent.join(", ")} — their configs set weight, cap and vcpus when they start`]),
  ];
  return { area: "sched", title: schedArea.title, plan, notes };
}

/** CPU weights, caps, vcpus and pinning (credit / credit2), applied live. */
export const schedArea: HostArea = {
  name: "sched",
  title: "CPU scheduling: weights, caps, vcpus",
  applied: true,
  plan: planSched,
  files: async () => [],
};
