import { applyPlan, isEmptyPlan, renderScript, ScriptedRunner, type Plan } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { fixture } from "../test/fixture.js";
import { SchedulerInputError, SchedulerMismatchError, UnknownDomainError, VcpuRaiseError } from "./errors.js";
import { assembleSchedulerState, readSchedulerState, type HostSchedulerState } from "./host-state.js";
import type { SchedulerInput } from "./input-schema.js";
import { planScheduler } from "./plan-scheduler.js";
import { computeSchedulerPolicy } from "./policy.js";

const LONG = "customer-with-a-rather-long-name.example.com";
const live = (): HostSchedulerState =>
  assembleSchedulerState(
    {
      list: fixture("xl-list-4.17.txt"),
      sched: fixture("xl-sched-credit-4.17.txt"),
      vcpus: fixture("xl-vcpu-list-4.17.txt"),
    },
    { toolstack: "xl", scheduler: "credit", pcpus: 4 },
  );
const input = (
  changes: Partial<SchedulerInput["host"]> = {},
  domains?: SchedulerInput["domains"],
): SchedulerInput => ({
  host: { pcpus: 4, scheduler: "credit", dom0: { vcpus: 2 }, ...changes },
  domains: domains ?? [
    { name: "vm1", memoryMiB: 2048, vcpus: 2 },
    { name: "vm2", memoryMiB: 1024, vcpus: 1, cap: 50 },
    { name: LONG, memoryMiB: 512, vcpus: 1 },
  ],
});
const argvs = (changes: Plan): string[][] =>
  changes.steps.map((each) => [each.command.file, ...each.command.args]);

/** What the commands do to a host, so a plan can be re-planned against its result. */
function applied(state: HostSchedulerState, changes: Plan): HostSchedulerState {
  const domains = state.domains.map((domain) => ({ ...domain, affinity: [...domain.affinity] }));
  const pools = state.pools.map((pool) => ({ ...pool }));
  for (const { command } of changes.steps) {
    const [sub, ...rest] = command.args;
    const target = domains.find(
      (domain) => domain.name === (sub === "vcpu-set" || sub === "vcpu-pin" ? rest[0] : rest[1]),
    );
    if (sub === "vcpu-set" && target) target.onlineVcpus = Number(rest[1]);
    if (sub === "vcpu-pin" && target) {
      target.affinity[Number(rest[1])] = rest[2] === "all" ? [0, 1, 2, 3] : expand(rest[2] ?? "");
    }
    if (sub?.startsWith("sched-credit") && rest[0] === "-d" && target) {
      for (let index = 2; index < rest.length; index += 2) {
        if (rest[index] === "-w") target.weight = Number(rest[index + 1]);
        if (rest[index] === "-c") target.cap = Number(rest[index + 1]);
      }
    }
    if (sub?.startsWith("sched-credit") && rest[0] === "-s") {
      const pool = pools.find((each) => each.name === "Pool-0")!;
      for (let index = 1; index < rest.length; index += 2) {
        if (rest[index] === "-t") pool.tsliceMs = Number(rest[index + 1]);
        if (rest[index] === "-r") pool.ratelimitUs = Number(rest[index + 1]);
      }
    }
  }
  return { domains, pools };
}

function expand(list: string): number[] {
  return list.split(",").flatMap((part) => {
    const [first, last] = part.split("-").map(Number);
    return Array.from({ length: (last ?? first!) - first! + 1 }, (_, offset) => first! + offset);
  });
}

describe("planScheduler", () => {
  it("sets only the weights and caps that differ, with the reason and an undo", () => {
    const changes = planScheduler(computeSchedulerPolicy(input()), live());
    expect(argvs(changes)).toEqual([
      ["xl", "sched-credit", "-d", "Domain-0", "-w", "6000"],
      ["xl", "sched-credit", "-d", "vm1", "-w", "1024"],
      ["xl", "sched-credit", "-d", "vm2", "-w", "1024"],
      ["xl", "sched-credit", "-d", LONG, "-w", "512"],
    ]);
    expect(changes.steps[1]?.description).toBe(
      "vm1: weight 256 → 1024 (= 2048 MB of RAM ÷ 2 vcpus: Xen counts the weight once per busy vcpu, so the domain weighs its RAM)",
    );
    expect(changes.steps[1]?.undo?.command.args).toEqual(["sched-credit", "-d", "vm1", "-w", "256"]);
  });

  it("plans nothing once the plan has been applied", () => {
    const policy = computeSchedulerPolicy(
      input({ dom0: { vcpus: 1, dedicatedPcpus: 1 }, pool: { tsliceMs: 10 } }),
    );
    const first = planScheduler(policy, live());
    expect(first.steps.length).toBeGreaterThan(0);
    expect(isEmptyPlan(planScheduler(policy, applied(live(), first)))).toBe(true);
  });

  it("takes vcpus offline with xl vcpu-set and can put them back", () => {
    const changes = planScheduler(
      computeSchedulerPolicy(input({}, [{ name: "vm1", memoryMiB: 2048, vcpus: 1, weight: 256 }])),
      {
        ...live(),
        domains: live().domains.filter((domain) => domain.name !== LONG && domain.name !== "vm2"),
      },
    );
    const vcpuSet = changes.steps.find((each) => each.command.args[0] === "vcpu-set");
    expect([vcpuSet?.command.file, ...(vcpuSet?.command.args ?? [])]).toEqual(["xl", "vcpu-set", "vm1", "1"]);
    expect(vcpuSet?.undo?.command.args).toEqual(["vcpu-set", "vm1", "2"]);
  });

  it("brings dom0's offline vcpus back, up to the count it booted with", () => {
    const changes = planScheduler(computeSchedulerPolicy(input({ dom0: { vcpus: 4 } })), live());
    expect(argvs(changes)[0]).toEqual(["xl", "vcpu-set", "Domain-0", "4"]);
  });

  it("refuses to raise vcpus above the boot count before anything runs", () => {
    const policy = computeSchedulerPolicy(input({}, [{ name: "vm2", memoryMiB: 1024, vcpus: 2 }]));
    expect(() => planScheduler(policy, live())).toThrow(VcpuRaiseError);
    expect(() => planScheduler(policy, live())).toThrow("vm2: wants 2 vcpus but booted with 1");
  });

  it("refuses a domain that is not running, naming the ones that are", () => {
    const policy = computeSchedulerPolicy(input({}, [{ name: "vm9", memoryMiB: 1024 }]));
    expect(() => planScheduler(policy, live())).toThrow(UnknownDomainError);
    expect(() => planScheduler(policy, live())).toThrow(
      `domains[0].name: no running domain "vm9"; running: Domain-0, vm1, vm2, ${LONG}`,
    );
  });

  it("pins dom0 to its dedicated pCPU and every domU vcpu off it", () => {
    const changes = planScheduler(
      computeSchedulerPolicy(input({ dom0: { vcpus: 2, dedicatedPcpus: 1 } })),
      live(),
    );
    const pins = argvs(changes).filter((argv) => argv[1] === "vcpu-pin");
    expect(pins).toEqual([
      ["xl", "vcpu-pin", "Domain-0", "0", "0"],
      ["xl", "vcpu-pin", "Domain-0", "1", "0"],
      ["xl", "vcpu-pin", "vm1", "0", "1-3"],
      ["xl", "vcpu-pin", "vm1", "1", "1-3"],
      ["xl", "vcpu-pin", "vm2", "0", "1-3"],
      ["xl", "vcpu-pin", LONG, "0", "1-3"],
    ]);
    const vm2 = changes.steps.find((each) => each.command.args.join(" ") === "vcpu-pin vm2 0 1-3");
    expect(vm2?.undo?.command.args).toEqual(["vcpu-pin", "vm2", "0", "2-3"]);
  });

  it("changes the pool's timeslice and rate limit only when they differ", () => {
    const same = planScheduler(
      computeSchedulerPolicy(input({ pool: { tsliceMs: 30, ratelimitUs: 1000 } })),
      live(),
    );
    expect(argvs(same).some((argv) => argv.includes("-s"))).toBe(false);
    const changed = planScheduler(
      computeSchedulerPolicy(input({ pool: { tsliceMs: 5, ratelimitUs: 500 } })),
      live(),
    );
    expect(argvs(changed)[0]).toEqual(["xl", "sched-credit", "-s", "-t", "5", "-r", "500"]);
    expect(changed.steps[0]?.undo?.command.args).toEqual(["sched-credit", "-s", "-t", "30", "-r", "1000"]);
  });

  it("names a pool that is not there", () => {
    const policy = computeSchedulerPolicy(input({ pool: { name: "gold", ratelimitUs: 500 } }));
    expect(() => planScheduler(policy, live())).toThrow(SchedulerInputError);
  });

  it("uses xl sched-credit2 on credit2 hosts", () => {
    const state = assembleSchedulerState(
      {
        list: fixture("xl-list-4.17.txt"),
        sched: fixture("xl-sched-credit2-4.17.txt"),
        vcpus: fixture("xl-vcpu-list-4.17.txt"),
      },
      { toolstack: "xl", scheduler: "credit2", pcpus: 4 },
    );
    const changes = planScheduler(
      computeSchedulerPolicy(input({ scheduler: "credit2", pool: { ratelimitUs: 2000 } })),
      state,
    );
    expect(argvs(changes)[0]).toEqual(["xl", "sched-credit2", "-s", "-r", "2000"]);
    expect(argvs(changes)[1]).toEqual(["xl", "sched-credit2", "-d", "Domain-0", "-w", "6000"]);
  });

  it("uses xm on legacy hosts, with the cap only when it differs", () => {
    const state = assembleSchedulerState(
      {
        list: fixture("xm-list-4.0.txt"),
        sched: fixture("xm-sched-credit-4.0.txt"),
        vcpus: fixture("xm-vcpu-list-4.0.txt"),
      },
      { toolstack: "xm", scheduler: "credit", pcpus: 4 },
    );
    const policy = computeSchedulerPolicy({
      host: { pcpus: 4, toolstack: "xm", scheduler: "credit" },
      domains: [{ name: "horatio", memoryMiB: 512, vcpus: 2, cap: 150 }],
    });
    expect(argvs(planScheduler(policy, state))).toEqual([
      ["xm", "sched-credit", "-d", "horatio", "-w", "256", "-c", "150"],
    ]);
  });

  it("says so when the host runs another scheduler", () => {
    expect(() =>
      assembleSchedulerState(
        { list: fixture("xl-list-4.17.txt"), sched: "", vcpus: fixture("xl-vcpu-list-4.17.txt") },
        { toolstack: "xl", scheduler: "credit", pcpus: 4 },
      ),
    ).toThrow(SchedulerMismatchError);
  });

  it("renders as a shell script a person can read before it runs", () => {
    const script = renderScript(planScheduler(computeSchedulerPolicy(input()), live()));
    expect(script).toContain("xl sched-credit -d vm1 -w 1024");
  });
});

describe("readSchedulerState", () => {
  it("reads xl list, xl sched-credit and xl vcpu-list through the runner, and the plan applies", async () => {
    const runner = new ScriptedRunner()
      .expect(["xl", "list"], { stdout: fixture("xl-list-4.17.txt") })
      .expect(["xl", "sched-credit"], { stdout: fixture("xl-sched-credit-4.17.txt") })
      .expect(["xl", "vcpu-list"], { stdout: fixture("xl-vcpu-list-4.17.txt") })
      .expect(["xl", "sched-credit", "-d", "Domain-0", "-w", "6000"])
      .expect(["xl", "sched-credit", "-d", "vm1", "-w", "1024"])
      .expect(["xl", "sched-credit", "-d", "vm2", "-w", "1024"])
      .expect(["xl", "sched-credit", "-d", LONG, "-w", "512"]);
    const policy = computeSchedulerPolicy(input());
    const state = await readSchedulerState(runner, policy.host);
    expect(state.domains.find((domain) => domain.name === "Domain-0")).toMatchObject({
      onlineVcpus: 2,
      bootVcpus: 4,
      weight: 256,
    });
    const report = await applyPlan(planScheduler(policy, state), runner);
    expect(report.status).toBe("succeeded");
    runner.verify();
  });
});
