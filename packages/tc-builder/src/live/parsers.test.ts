import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LiveStateError } from "../errors.js";
import { parseClasses } from "./parse-classes.js";
import { parseFilters } from "./parse-filters.js";
import { parseIptablesSave } from "./parse-iptables.js";
import { parseNftTable } from "./parse-nft.js";
import { parseQdiscs } from "./parse-qdiscs.js";
import { qdiscKey, tbfPeakratesFromText, withPeakrate } from "./tbf-peakrates.js";
import { parseLinks, parseProcNetDev } from "./read-live-state.js";
import { splitShowBatch } from "./split-show-batch.js";
import { sameLive } from "./slack.js";

/** Real output of iproute2 6.1 / nftables 1.0.6 / iptables 1.8.9, recorded by test/fixtures/capture-fixtures.sh. */
function fixture(name: string): string {
  return readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), "utf8");
}

describe("parseQdiscs", () => {
  const qdiscs = parseQdiscs(fixture("tc-qdisc-show.json"));

  it("reads every qdisc with its device, kind and handle", () => {
    expect(qdiscs.map((q) => [q.dev, q.kind, q.major, q.root])).toEqual([
      ["vif1.0", "tbf", 0xd0, true],
      ["vif2.0", "tbf", 0xd0, true],
      ["vif3.0", "pfifo", 5, true],
      ["peth0", "htb", 0xd0, true],
    ]);
  });

  it("reads TBF parameters in kernel units", () => {
    const tbf = qdiscs[1]?.tbf;
    expect(tbf?.rate).toBe(1_000_000);
    expect(tbf?.peakrate).toBe("unprinted"); // iproute2 6.1's JSON omits it; readLiveState reads it from text
    expect(sameLive(tbf!.burst, 32_768)).toBe(true);
    expect(tbf?.minburst?.value).toBe(1540);
    expect(tbf?.latency?.value).toBe(50_000);
  });

  it("reads the peak rate from text and fills it in", () => {
    const text =
      "qdisc tbf d0: dev vif1.0 root refcnt 3 rate 8Mbit burst 32Kb peakrate 10Mbit minburst 1540b lat 50ms \n";
    expect(tbfPeakratesFromText(text).get(qdiscKey("vif1.0", 0xd0))).toBe(1_250_000);
    expect(withPeakrate(qdiscs[1]!, 1_250_000).tbf?.peakrate).toBe(1_250_000);
  });

  it("reads each TBF's peak rate by device and handle, root or not", () => {
    // What tc 6.1 prints for a TBF under an HTB class next to a root TBF (captured in a namespace).
    const text = [
      "qdisc tbf d0: dev vb root refcnt 3 rate 2Mbit burst 5000b peakrate 20Mbit minburst 1540b lat 50ms ",
      "qdisc htb 1: dev va root refcnt 3 r2q 10 default 0 direct_packets_stat 0 direct_qlen 1000",
      "qdisc tbf 10: dev va parent 1:1 rate 1Mbit burst 5000b peakrate 10Mbit minburst 1540b lat 50ms ",
      "qdisc tbf 20: dev va parent 1:2 rate 1Mbit burst 5000b lat 50ms ",
      "qdisc ingress ffff: dev va parent ffff:fff1 ----------------",
      "",
    ].join("\n");
    const peaks = tbfPeakratesFromText(text);
    expect([...peaks]).toEqual([
      [qdiscKey("vb", 0xd0), 2_500_000],
      [qdiscKey("va", 0x10), 1_250_000],
      [qdiscKey("va", 0x20), undefined],
    ]);
  });

  it("reads the HTB default class and the counters", () => {
    expect(qdiscs[3]?.htb).toEqual({ defaultMinor: 0xffff, directPackets: 0 });
    expect(qdiscs[0]?.counters).toEqual({ bytes: 0, packets: 0, drops: 0, overlimits: 0 });
  });

  it("reads `tc -j qdisc show dev X`, which omits dev", () => {
    const [only] = parseQdiscs(
      '[{"kind":"noqueue","handle":"0:","root":true,"refcnt":2,"options":{}}]',
      "eth0",
    );
    expect(only).toMatchObject({ dev: "eth0", kind: "noqueue", major: 0, root: true });
  });

  it("reads the -d form, where sizes are text", () => {
    const [only] = parseQdiscs(
      '[{"kind":"tbf","handle":"d0:","root":true,"refcnt":3,"options":{"rate":625000,"burst":"32Kb/1","mpu":0,"mtu":"1540b/1","mpu":0,"lat":50000,"linklayer":"ethernet"}}]',
      "vif1.0",
    );
    expect(sameLive(only!.tbf!.burst, 32_768)).toBe(true);
  });

  it("rejects output that is not tc's JSON", () => {
    expect(() => parseQdiscs("qdisc noqueue 0: dev lo root refcnt 2")).toThrow(LiveStateError);
    expect(() => parseQdiscs('[{"kind":"tbf"}]')).toThrow(/lacks kind, handle or dev/u);
  });
});

describe("parseClasses", () => {
  it("reads a class line the same whatever the spacing between its words", () => {
    const line = "class htb d0:2a parent d0:1 prio 0 rate 5Mbit ceil 20Mbit burst 4Kb cburst 15Kb \n";
    const spaced = "class  htb   d0:2a  parent d0:1 prio 0 rate 5Mbit ceil 20Mbit burst 4Kb cburst 15Kb \n";
    const [one] = parseClasses(line, "peth0");
    expect(one).toMatchObject({ kind: "htb", major: 0xd0, minor: 0x2a, parent: 1, prio: 0 });
    expect(parseClasses(spaced, "peth0")).toEqual([one]);
  });

  it("reads iproute2 6.1's text output (it ignores -j for classes)", () => {
    const classes = parseClasses(fixture("tc-class-show-6.1.txt"), "peth0");
    expect(classes.map((c) => [c.minor.toString(16), c.parent, c.prio, c.quantum])).toEqual([
      ["ffff", 1, 0, 12_500],
      ["1", "root", undefined, undefined],
      ["8700", 1, 3, 50_000],
    ]);
    const leaf = classes[2]!;
    expect(sameLive(leaf.rate, 154_320)).toBe(true); // set as 1234567bit, printed 1234Kbit
    expect(sameLive(leaf.rate, 154_500)).toBe(false);
    expect(sameLive(leaf.ceil, 1_000_000)).toBe(true);
    expect(sameLive(leaf.burst, 4100)).toBe(true); // printed 4Kb
    expect(sameLive(leaf.cburst, 6144)).toBe(true);
    expect(sameLive(classes[1]!.burst, 52_224)).toBe(true); // 51kb printed as 52200b
    expect(leaf.counters).toEqual({ bytes: 0, packets: 0, drops: 0, overlimits: 0 });
  });

  it("reads the JSON of later iproute2 versions", () => {
    const json = JSON.stringify([
      {
        class: "htb",
        handle: "d0:2a",
        parent: "d0:1",
        leaf: "8001:",
        prio: 0,
        quantum: 1514,
        rate: 625_000,
        ceil: 2_500_000,
        linklayer: "ethernet",
        burst: 4096,
        burst_cell: 1,
        mpu_rate: 0,
        cburst: 11_264,
        cburst_cell: 1,
        mpu_ceil: 0,
        level: 0,
        stats: {
          bytes: 1500,
          packets: 1,
          drops: 2,
          overlimits: 3,
          requeues: 0,
          backlog: 0,
          qlen: 0,
          lended: 0,
          borrowed: 0,
          giants: 0,
          tokens: 1,
          ctokens: 1,
        },
      },
      {
        class: "htb",
        handle: "d0:1",
        root: true,
        rate: 12_500_000,
        ceil: 12_500_000,
        burst: 52_224,
        cburst: 52_224,
      },
    ]);
    const [leaf, top] = parseClasses(json, "peth0");
    expect(leaf).toMatchObject({
      minor: 0x2a,
      parent: 1,
      quantum: 1514,
      prio: 0,
      rate: { value: 625_000, slack: 0 },
    });
    expect(leaf?.counters).toEqual({ bytes: 1500, packets: 1, drops: 2, overlimits: 3 });
    expect(top?.parent).toBe("root");
  });

  it("keeps each class's own handle and counters when classes share the same parameters", () => {
    const tail =
      "parent d0:1 prio 0 quantum 87500 rate 7Mbit ceil 14Mbit burst 5Kb/1 mpu 0b cburst 9Kb/1 mpu 0b level 0 ";
    const text =
      `class htb d0:2 ${tail}\n Sent 100 bytes 2 pkt (dropped 1, overlimits 3 requeues 0) \n` +
      `class htb d0:3 ${tail}\n Sent 500 bytes 7 pkt (dropped 0, overlimits 0 requeues 0) \n` +
      `class htb d0:4 ${tail.replace("7Mbit", "8Mbit")}\n`;
    const [a, b, c] = parseClasses(text, "peth0");
    expect([a?.minor, b?.minor, c?.minor]).toEqual([2, 3, 4]);
    expect(a?.counters).toEqual({ bytes: 100, packets: 2, drops: 1, overlimits: 3 });
    expect(b?.counters).toEqual({ bytes: 500, packets: 7, drops: 0, overlimits: 0 });
    expect(c?.counters).toBeUndefined();
    expect([a?.rate.value, b?.rate.value, c?.rate.value]).toEqual([875_000, 875_000, 1_000_000]);
    expect(a?.parent).toBe(1);
  });

  it("reads nothing from empty output", () => {
    expect(parseClasses("", "peth0")).toEqual([]);
  });

  it("rejects lines it does not understand", () => {
    expect(() => parseClasses("klass htb d0:1 root rate 1Mbit", "peth0")).toThrow(LiveStateError);
    expect(() => parseClasses("class htb d0:1 root rate 1Mbit\n", "peth0")).toThrow(/lacks rate, ceil/u);
  });
});

describe("parseFilters", () => {
  const filters = parseFilters(fixture("tc-filter-show.json"), "peth0");

  it("keeps every match word of an IPv6 key, which repeats the JSON key", () => {
    const v6 = filters.filter((f) => f.prio === 21 && f.matches !== undefined);
    expect(v6[0]?.matches).toEqual([
      { value: 0xfd770000, mask: 0xffffffff, offset: 8 },
      { value: 0, mask: 0xffffffff, offset: 12 },
      { value: 0, mask: 0xffffffff, offset: 16 },
      { value: 1, mask: 0xffffffff, offset: 20 },
    ]);
    expect(v6[1]?.matches).toEqual([
      { value: 0x20010db8, mask: 0xffffffff, offset: 8 },
      { value: 0x10000, mask: 0xffff0000, offset: 12 },
    ]);
  });

  it("lists classifier instances and nodes, skipping hash tables", () => {
    expect(
      filters.map((f) => [f.protocol, f.prio, f.handle ?? "-", f.flowid?.minor.toString(16) ?? "-"]),
    ).toEqual([
      ["ip", 5, "-", "-"],
      ["ip", 5, "802::800", "ffff"],
      ["ip", 20, "-", "-"],
      ["ip", 20, "800::800", "8700"],
      ["ip", 20, "800::801", "8700"],
      ["ipv6", 21, "-", "-"],
      ["ipv6", 21, "801::800", "8700"],
      ["ipv6", 21, "801::801", "8700"],
    ]);
  });

  it("reads fw marks in both JSON shapes iproute2 has used", () => {
    const shapes = [
      '{"fw":{"mark":"0x2a","mask":"0xffff"},"classid":"d0:2a"}',
      '{"handle":{"mark":"2a","mask":"ffff"},"classid":"d0:2a"}',
    ];
    for (const options of shapes) {
      const [filter] = parseFilters(
        `[{"protocol":"all","pref":10,"kind":"fw","chain":0,"options":${options}}]`,
        "peth0",
      );
      expect(filter).toMatchObject({
        kind: "fw",
        fw: { mark: 0x2a, mask: 0xffff },
        flowid: { major: 0xd0, minor: 0x2a },
      });
    }
  });
});

describe("parseNftTable", () => {
  it("reads the vif → class map of a complete table", () => {
    const table = parseNftTable(fixture("nft-list-table.json"));
    expect(table.complete).toBe(true);
    expect([...table.elements]).toEqual([
      ["vif1.0", { major: 0xd0, minor: 0x8700 }],
      ["vif2.0", { major: 0xd0, minor: 0xffff }],
    ]);
  });

  it("notices a table whose rule was removed", () => {
    const json = JSON.parse(fixture("nft-list-table.json")) as { nftables: Record<string, unknown>[] };
    json.nftables = json.nftables.filter((item) => !("rule" in item));
    expect(parseNftTable(JSON.stringify(json)).complete).toBe(false);
  });
});

describe("parseIptablesSave", () => {
  it("reads dom0kit's chain, its jump and its rules, and flags what it does not know", () => {
    const chain = parseIptablesSave(fixture("iptables-save.txt"));
    expect(chain).toEqual({
      exists: true,
      jump: true,
      rules: [
        { vif: "vif1.0", target: { kind: "classify", major: 0xd0, minor: 0x8700 } },
        { vif: "vif2.0", target: { kind: "mark", mark: 0x8701, mask: 0xffff } },
      ],
      unrecognised: [],
    });
  });

  it("finds nothing in a mangle table without the chain", () => {
    expect(parseIptablesSave("*mangle\n:FORWARD ACCEPT [0:0]\nCOMMIT\n")).toEqual({
      exists: false,
      jump: false,
      rules: [],
      unrecognised: [],
    });
  });
});

describe("parseLinks", () => {
  it("reads interface names", () => {
    expect(
      parseLinks('[{"ifname":"lo","operstate":"UNKNOWN"},{"ifname":"vif1.0","operstate":"UP"}]'),
    ).toEqual(["lo", "vif1.0"]);
  });
});

describe("parseProcNetDev", () => {
  it("lists every interface of the namespace, up or down", () => {
    expect(parseProcNetDev(fixture("proc-net-dev.txt")).sort()).toEqual(
      [
        "lo",
        "p-peth0",
        "p-vif1.0",
        "p-vif2.0",
        "p-vif3.0",
        "peth0",
        "vif1.0",
        "vif2.0",
        "vif3.0",
        "xenbr0",
      ].sort(),
    );
  });
});

describe("splitShowBatch", () => {
  it("splits one tc -batch of three shows (iproute2 6.1: JSON, text, JSON)", () => {
    const parts = splitShowBatch(fixture("tc-show-batch.txt"));
    expect(parseQdiscs(parts.qdiscs).map((q) => q.dev)).toEqual(["vif1.0", "vif2.0", "vif3.0", "peth0"]);
    expect(parseClasses(parts.classes, "peth0").map((c) => c.minor)).toEqual([0xffff, 1, 0x8700]);
    expect(parseFilters(parts.filters, "peth0")).toHaveLength(8);
  });

  it("copes with the class and filter shows failing (no such uplink)", () => {
    const parts = splitShowBatch(fixture("tc-show-batch-no-uplink.txt"));
    expect(parseQdiscs(parts.qdiscs)).toHaveLength(4);
    expect(parts.classes).toBe("");
    expect(parts.filters).toBe("");
  });

  it("tells a later iproute2's class JSON from the filter JSON", () => {
    expect(splitShowBatch('[]\n[{"class":"htb","handle":"d0:1"}]\n[]\n')).toEqual({
      qdiscs: "[]",
      classes: '[{"class":"htb","handle":"d0:1"}]',
      filters: "[]",
    });
    expect(splitShowBatch('[]\n[{"class":"htb","handle":"d0:1"}]\n').classes).toBe(
      '[{"class":"htb","handle":"d0:1"}]',
    );
    expect(splitShowBatch("[]\n[]\n")).toEqual({ qdiscs: "[]", classes: "", filters: "[]" });
  });

  it("rejects output of another shape", () => {
    expect(() => splitShowBatch("qdisc noqueue 0: dev lo root")).toThrow(SyntaxError);
    expect(() => splitShowBatch("[]\n[]\n[]\n[]\n")).toThrow(SyntaxError);
  });
});
