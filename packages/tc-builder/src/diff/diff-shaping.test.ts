import { describe, expect, it } from "vitest";
import type { ResolvedShaping } from "../desired-state.js";
import { ShapingConflictError } from "../errors.js";
import type { LiveQdisc, LiveState } from "../live/live-state.js";
import type { ShapingInput } from "../model.js";
import { countOperations } from "../operations.js";
import { renderBatchFiles } from "../render/render-plan.js";
import { resolveShaping } from "../resolve.js";
import { printedTbfLatency } from "./compare.js";
import { diffShaping, freshLiveState } from "./diff-shaping.js";

const INPUT: ShapingInput = {
  uplink: { interface: "peth0", rate: "100mbit" },
  domains: [
    {
      name: "vm1",
      vif: "vif1.0",
      classId: "10",
      ips: ["10.0.0.1", "fd00::1"],
      in: { rate: "4mbit" },
      out: { rate: "4mbit" },
    },
    {
      name: "vm2",
      vif: "vif2.0",
      classId: "11",
      ips: ["10.0.0.2"],
      in: { rate: "8mbit" },
      out: { rate: "2mbit", ceil: "8mbit" },
    },
    { name: "vm3", vif: "vif3.0", ips: ["10.0.0.3"] },
  ],
};

const exact = (value: number) => ({ value, slack: 0 });

/** The state a host is in right after applying `desired` with the nft strategy (as tc would print it back). */
function liveAfterApply(desired: ResolvedShaping): LiveState {
  const tbfs: LiveQdisc[] = desired.domains.flatMap((domain) =>
    domain.in === undefined
      ? []
      : [
          {
            dev: domain.vif,
            kind: "tbf",
            major: desired.handle,
            root: true,
            tbf: {
              rate: domain.in.rate,
              burst: { value: domain.in.burst - 1, slack: 2 },
              latency: { value: Math.trunc(printedTbfLatency(domain.in)), slack: 10 },
            },
          },
        ],
  );
  return {
    devices: ["lo", desired.uplink.interface, ...desired.domains.map((domain) => domain.vif)],
    qdiscs: [
      {
        dev: desired.uplink.interface,
        kind: "htb",
        major: desired.handle,
        root: true,
        htb: { defaultMinor: 0xffff, directPackets: 0 },
      },
      ...tbfs,
      { dev: "vif3.0", kind: "noqueue", major: 0, root: true },
    ],
    classes: desired.classes.map((each) => ({
      kind: "htb",
      major: desired.handle,
      minor: each.minor,
      parent: each.parent,
      rate: exact(each.rate),
      ceil: exact(each.ceil),
      burst: { value: each.burst - 10, slack: 16 },
      cburst: { value: each.cburst + 5, slack: 16 },
      ...(each.parent === "root" ? {} : { quantum: each.quantum, prio: each.prio }),
    })),
    filters: [],
    nft: {
      complete: true,
      elements: new Map(
        desired.domains.flatMap((domain) =>
          domain.minor === undefined ? [] : [[domain.vif, { major: desired.handle, minor: domain.minor }]],
        ),
      ),
    },
    iptables: { v4: { exists: false, jump: false, rules: [], unrecognised: [] } },
    bridgeNetfilter: { iptables: true, ip6tables: true },
  };
}

describe("diffShaping", () => {
  const desired = resolveShaping(INPUT);

  it("plans everything on a fresh host: one tc batch and one nft transaction", () => {
    const changes = diffShaping(desired, freshLiveState(desired), "nft");
    const files = renderBatchFiles(changes);
    expect(files.tc).toMatchInlineSnapshot(`
      "qdisc add dev peth0 root handle d0: htb default ffff direct_qlen 0
      qdisc add dev vif1.0 root handle d0: tbf rate 4mbit burst 2000 latency 50ms
      qdisc add dev vif2.0 root handle d0: tbf rate 8mbit burst 4000 latency 50ms
      class add dev peth0 parent d0: classid d0:1 htb rate 100mbit ceil 100mbit burst 51kb cburst 51kb quantum 200000 prio 0
      class add dev peth0 parent d0:1 classid d0:ffff htb rate 1mbit ceil 100mbit burst 2kb cburst 51kb quantum 12500 prio 0
      class add dev peth0 parent d0:1 classid d0:10 htb rate 4mbit ceil 4mbit burst 4kb cburst 4kb quantum 50000 prio 0
      class add dev peth0 parent d0:1 classid d0:11 htb rate 2mbit ceil 8mbit burst 3kb cburst 6kb quantum 25000 prio 0
      "
    `);
    expect(files.nft).toMatchInlineSnapshot(`
      "table bridge dom0kit {
      	map vif_class {
      		type ifname : classid
      	}
      	chain forward {
      		type filter hook forward priority 0; policy accept;
      		meta priority set iifname map @vif_class
      	}
      }
      add element bridge dom0kit vif_class { "vif1.0" : d0:10, "vif2.0" : d0:11 }
      "
    `);
    expect(files.iptables).toBeUndefined();
    expect(changes.sysctl).toEqual([]);
  });

  it("plans nothing when the host already matches (within tc's rounding)", () => {
    const changes = diffShaping(desired, liveAfterApply(desired), "nft");
    expect(countOperations(changes)).toBe(0);
    expect(changes.foreign).toEqual([]);
  });

  it("changes only the class whose rate changed", () => {
    const live = liveAfterApply(desired);
    const changed = resolveShaping({
      ...INPUT,
      domains: INPUT.domains.map((domain) =>
        domain.name === "vm2" ? { ...domain, out: { rate: "3mbit", ceil: "8mbit" } } : domain,
      ),
    });
    const changes = diffShaping(changed, live, "nft");
    expect(changes.tc).toEqual([
      expect.objectContaining({ op: "class-change", minor: 0x11, why: "vm2: rate, quantum changed" }),
    ]);
    expect(renderBatchFiles(changes).tc).toBe(
      "class change dev peth0 parent d0:1 classid d0:11 htb rate 3mbit ceil 8mbit burst 3kb cburst 6kb quantum 37500 prio 0\n",
    );
    expect(changes.nft).toEqual([]);
  });

  it("changes only the TBF whose rate changed", () => {
    const changed = resolveShaping({
      ...INPUT,
      domains: INPUT.domains.map((domain) =>
        domain.name === "vm1" ? { ...domain, in: { rate: "5mbit" } } : domain,
      ),
    });
    const changes = diffShaping(changed, liveAfterApply(desired), "nft");
    expect(renderBatchFiles(changes).tc).toBe(
      "qdisc change dev vif1.0 root handle d0: tbf rate 5mbit burst 2500 latency 50ms\n",
    );
  });

  it("removes a domU: its class, its TBF and its map element", () => {
    const fewer = resolveShaping({
      ...INPUT,
      domains: INPUT.domains.filter((domain) => domain.name !== "vm2"),
    });
    const changes = diffShaping(fewer, liveAfterApply(desired), "nft");
    expect(renderBatchFiles(changes)).toEqual({
      tc: "class del dev peth0 classid d0:11\nqdisc del dev vif2.0 root handle d0:\n",
      nft: 'delete element bridge dom0kit vif_class { "vif2.0" }\n',
    });
  });

  it("reports a qdisc someone else put on a vif and leaves it alone", () => {
    const live = liveAfterApply(desired);
    const foreign: LiveState = {
      ...live,
      qdiscs: live.qdiscs.map((q) =>
        q.dev === "vif1.0" ? { dev: "vif1.0", kind: "sfq", major: 5, root: true } : q,
      ),
    };
    const changes = diffShaping(desired, foreign, "nft");
    expect(changes.tc).toEqual([]);
    expect(changes.foreign).toEqual([
      {
        kind: "qdisc",
        dev: "vif1.0",
        description: "sfq 5: at root",
        effect: expect.stringContaining("vm1 is not shaped toward it") as string,
      },
    ]);
  });

  it("reports a foreign root qdisc on the uplink and plans no HTB change there", () => {
    const live = freshLiveState(desired);
    const foreign: LiveState = {
      ...live,
      qdiscs: live.qdiscs.map((q) =>
        q.dev === "peth0"
          ? { dev: "peth0", kind: "htb", major: 1, root: true, htb: { defaultMinor: 12, directPackets: 0 } }
          : q,
      ),
    };
    const changes = diffShaping(desired, foreign, "u32");
    expect(changes.tc.every((op) => op.dev !== "peth0")).toBe(true);
    expect(changes.foreign[0]).toMatchObject({ dev: "peth0", description: "htb 1: at root" });
  });

  it("reports filters it did not create and never deletes them", () => {
    const live: LiveState = {
      ...liveAfterApply(desired),
      filters: [
        { kind: "u32", protocol: "ip", prio: 5 },
        {
          kind: "u32",
          protocol: "ip",
          prio: 5,
          handle: "802::800",
          flowid: { major: 0xd0, minor: 0xffff },
          matches: [{ value: 1, mask: 0xffffffff, offset: 16 }],
        },
      ],
    };
    const changes = diffShaping(desired, live, "nft");
    expect(changes.tc).toEqual([]);
    expect(changes.foreign).toEqual([
      expect.objectContaining({ kind: "filter", description: "u32 filter, protocol ip, prio 5 on d0:" }),
    ]);
  });

  it("adds u32 filters for each address and removes dom0kit's nft table when switching strategy", () => {
    const changes = diffShaping(desired, liveAfterApply(desired), "u32");
    expect(renderBatchFiles(changes)).toEqual({
      tc:
        "filter add dev peth0 parent d0: protocol ip prio 20 u32 match ip src 10.0.0.1/32 flowid d0:10\n" +
        "filter add dev peth0 parent d0: protocol ip prio 20 u32 match ip src 10.0.0.2/32 flowid d0:11\n" +
        "filter add dev peth0 parent d0: protocol ipv6 prio 21 u32 match ip6 src fd00::1/128 flowid d0:10\n",
      nft: "delete table bridge dom0kit\n",
    });
  });

  it("deletes exactly the u32 entry whose address went away, by its handle", () => {
    const live: LiveState = {
      ...liveAfterApply(desired),
      nft: undefined as never,
      filters: [
        { kind: "u32", protocol: "ip", prio: 20 },
        {
          kind: "u32",
          protocol: "ip",
          prio: 20,
          handle: "800::800",
          flowid: { major: 0xd0, minor: 0x10 },
          matches: [{ value: 0x0a000001, mask: 0xffffffff, offset: 12 }],
        },
        {
          kind: "u32",
          protocol: "ip",
          prio: 20,
          handle: "800::801",
          flowid: { major: 0xd0, minor: 0x11 },
          matches: [{ value: 0x0a000002, mask: 0xffffffff, offset: 12 }],
        },
        {
          kind: "u32",
          protocol: "ip",
          prio: 20,
          handle: "800::802",
          flowid: { major: 0xd0, minor: 0x11 },
          matches: [{ value: 0x0a000009, mask: 0xffffffff, offset: 12 }],
        },
        { kind: "u32", protocol: "ipv6", prio: 21 },
        {
          kind: "u32",
          protocol: "ipv6",
          prio: 21,
          handle: "801::800",
          flowid: { major: 0xd0, minor: 0x10 },
          matches: [
            { value: 0xfd000000, mask: 0xffffffff, offset: 8 },
            { value: 0, mask: 0xffffffff, offset: 12 },
            { value: 0, mask: 0xffffffff, offset: 16 },
            { value: 1, mask: 0xffffffff, offset: 20 },
          ],
        },
      ],
    };
    delete (live as { nft?: unknown }).nft;
    const changes = diffShaping(desired, live, "u32");
    expect(renderBatchFiles(changes)).toEqual({
      tc: "filter del dev peth0 parent d0: protocol ip prio 20 handle 800::802 u32\n",
    });
  });

  it("writes the iptables chain atomically and turns bridge-netfilter on for classify", () => {
    const live = { ...freshLiveState(desired) };
    const changes = diffShaping(desired, live, "classify");
    expect(changes.sysctl).toEqual([
      expect.objectContaining({ op: "bridge-netfilter-on", loadModule: false }),
    ]);
    expect(renderBatchFiles(changes).iptables).toMatchInlineSnapshot(`
      "*mangle
      :DOM0KIT-SHAPE - [0:0]
      -A DOM0KIT-SHAPE -m physdev --physdev-in vif1.0 -j CLASSIFY --set-class d0:10
      -A DOM0KIT-SHAPE -m physdev --physdev-in vif2.0 -j CLASSIFY --set-class d0:11
      -I FORWARD 1 -j DOM0KIT-SHAPE
      COMMIT
      "
    `);
    expect(renderBatchFiles(changes).ip6tables).toBe(renderBatchFiles(changes).iptables);
  });

  it("marks and adds one fw filter per domU for the field method", () => {
    const changes = diffShaping(desired, freshLiveState(desired), "fw");
    const files = renderBatchFiles(changes);
    expect(files.tc).toContain(
      "filter add dev peth0 parent d0: protocol all prio 10 handle 0x10/0xffff fw classid d0:10\n",
    );
    expect(files.iptables).toContain(
      "-A DOM0KIT-SHAPE -m physdev --physdev-in vif2.0 -j MARK --set-xmark 0x11/0xffff\n",
    );
  });

  it("skips a vif that does not exist yet, with a note", () => {
    const live = freshLiveState(desired);
    const changes = diffShaping(
      desired,
      { ...live, devices: live.devices?.filter((dev) => dev !== "vif2.0") ?? [] },
      "nft",
    );
    expect(changes.tc.some((op) => op.dev === "vif2.0")).toBe(false);
    expect(changes.notes).toEqual([expect.stringContaining("vif2.0 (vm2) does not exist")]);
  });

  it("rebuilds dom0kit's HTB qdisc whose default class is wrong", () => {
    const live = liveAfterApply(desired);
    const broken: LiveState = {
      ...live,
      qdiscs: live.qdiscs.map((q) =>
        q.dev === "peth0" ? { ...q, htb: { defaultMinor: 0, directPackets: 3 } } : q,
      ),
    };
    const tc = renderBatchFiles(diffShaping(desired, broken, "nft")).tc ?? "";
    expect(tc.split("\n").slice(0, 2)).toEqual([
      "qdisc del dev peth0 root handle d0:",
      "qdisc add dev peth0 root handle d0: htb default ffff direct_qlen 0",
    ]);
    expect(tc.match(/^class add/gmu)).toHaveLength(4);
  });

  it("refuses a host without the uplink", () => {
    const live = freshLiveState(desired);
    expect(() => diffShaping(desired, { ...live, devices: ["lo"] }, "nft")).toThrow(ShapingConflictError);
    expect(() => diffShaping(desired, { ...live, devices: ["lo"] }, "nft")).toThrow(
      "the uplink interface peth0 does not exist on this host",
    );
  });
});
