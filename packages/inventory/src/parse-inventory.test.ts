import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { InventoryError } from "./errors.js";
import { loadInventory, parseInventory, safeParseInventory } from "./parse-inventory.js";

const DENMARK = new URL("../../../examples/inventories/denmark.yaml", import.meta.url).pathname;

describe("the example inventory", () => {
  it("validates, with defaults filled in", async () => {
    const inventory = await loadInventory(DENMARK);
    expect(inventory.host).toMatchObject({
      name: "denmark",
      cpus: 4,
      scheduler: "credit",
      dom0: { weight: 6000 },
    });
    expect(inventory.domains.map((domain) => domain.name)).toEqual([
      "horatio",
      "osric",
      "baldr",
      "lsc",
      "claudius",
    ]);
    expect(inventory.domains[1]?.disks[0]).toEqual({
      source: "/dev/denmark/osric_boot",
      vdev: "xvda",
      access: "rw",
      format: "raw",
      size: "128M",
    });
    expect(inventory.domains[2]?.backup).toMatchObject({
      enabled: true,
      mode: "consistent",
      compression: "zstd",
    });
    expect(inventory.users.find((user) => user.name === "alice")?.actions).toEqual([
      "status",
      "console",
      "start",
      "shutdown",
      "destroy",
      "reboot",
    ]);
  });
});

describe("loadInventory", () => {
  it("says when the file does not exist", async () => {
    await expect(loadInventory("/no/such/dom0kit.yaml")).rejects.toMatchObject({
      code: "INVENTORY_UNREADABLE",
      message: "/no/such/dom0kit.yaml: cannot read the inventory: no such file",
    });
  });
});

/** Applies a text edit to the example and returns the problems reported, one per line. */
async function reportedIssues(edit: (text: string) => string): Promise<string[]> {
  const text = edit(await readFile(DENMARK, "utf8"));
  const result = safeParseInventory(text, { file: "denmark.yaml" });
  if (result.ok) throw new Error("the broken inventory was accepted");
  expect(result.error).toBeInstanceOf(InventoryError);
  return result.error.message.split("\n");
}

const replace = (from: string | RegExp, to: string) => (text: string) => {
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit did not apply: ${String(from)}`);
  return next;
};

describe("broken inventories", () => {
  it.each<[string, (text: string) => string, string | RegExp]>([
    ["a YAML syntax error", replace("  cpus: 4", "  cpus: [4"), /^denmark\.yaml:\d+:\d+: /],
    [
      "a duplicate key",
      replace("  cpus: 4\n", "  cpus: 4\n  cpus: 8\n"),
      /^denmark\.yaml:8:3: Map keys must be unique/,
    ],
    [
      "a misspelt key",
      replace("    memory: 128\n", "    memroy: 128\n"),
      /^denmark\.yaml:42:5: domains\[1\]\.memroy: unknown key "memroy" — did you mean "memory"\?/,
    ],
    [
      "a missing required key",
      replace("    memory: 128\n", ""),
      /^denmark\.yaml:\d+:\d+: domains\[1\]\.memory: is required/,
    ],
    [
      "memory as text",
      replace("    memory: 128\n", "    memory: lots\n"),
      "denmark.yaml:42:13: domains[1].memory: expected memory in MiB: a whole number from 16 to 16777216",
    ],
    [
      "a bad toolstack",
      replace("toolstack: xl", "toolstack: xend"),
      "denmark.yaml:9:14: host.toolstack: expected xl (Xen 4.5 and later) or xm (legacy hosts)",
    ],
    [
      "an all-digit domain name (xl reads it as a domain id)",
      replace("name: baldr", 'name: "1234"'),
      /domains\[2\]\.name: expected a domain name.*not all digits/,
    ],
    [
      "a user name starting with an underscore",
      replace("name: alice", "name: _alice"),
      /users\[0\]\.name: expected a Unix user name/,
    ],
    [
      "a domain name with a slash",
      replace("name: baldr", "name: ../baldr"),
      /^denmark\.yaml:55:11: domains\[2\]\.name: expected a domain name/,
    ],
    [
      "a rate without a unit",
      replace("uplink: 100mbit", "uplink: 100"),
      /^denmark\.yaml:17:13: host\.network\.uplink: expected text: a tc rate such as 10mbit: a number and one of bit, kbit/,
    ],
    [
      "a rate in an unknown unit",
      replace("in: 10mbit, out: 5mbit", "in: 10Mb/s, out: 5mbit"),
      /^denmark\.yaml:36:21: domains\[0\]\.network\[0\]\.rate\.in: expected a tc rate/,
    ],
    [
      "an interface name over 15 bytes",
      replace("vifname: osric", "vifname: osric-with-a-long-name"),
      /^denmark\.yaml:\d+:\d+: domains\[1\]\.network\[0\]\.vifname: expected an interface name: 1-15/,
    ],
    [
      "a multicast MAC",
      replace("00:16:3e:5a:01:03", "01:16:3e:5a:01:03"),
      /domains\[2\]\.network\[0\]\.mac: expected a unicast MAC address/,
    ],
    [
      "a bad IP",
      replace("192.0.2.13", "192.0.2.300"),
      /domains\[2\]\.network\[0\]\.ips\[0\]: expected an IPv4 or IPv6 address/,
    ],
    [
      "a duplicate domain name",
      replace("name: baldr", "name: osric"),
      /domains\[2\]\.name: domain "osric" is already defined at domains\[1\]/,
    ],
    [
      "a duplicate vif name",
      replace("vifname: baldr", "vifname: osric"),
      /domains\[2\]\.network\[0\]\.vifname: vif name osric is already used by osric/,
    ],
    [
      "a duplicate MAC",
      replace("00:16:3e:5a:01:03", "00:16:3e:5a:01:02"),
      /MAC 00:16:3e:5a:01:02 is already used by osric/,
    ],
    [
      "a disk attached read-write twice",
      replace("source: /dev/denmark/baldr,", "source: /dev/denmark/osric,"),
      /^denmark\.yaml:58:19: domains\[2\]\.disks\[0\]\.source: \/dev\/denmark\/osric is already attached read-write to osric$/,
    ],
    [
      "too much memory",
      replace("memory: 2048", "memory: 6000"),
      "denmark.yaml:28:3: domains: the domains need 8944 MiB with dom0's 1024 MiB, but host.memory is 8192 MiB",
    ],
    [
      "a user of an unknown domain",
      replace("domains: [claudius]", "domains: [claudio]"),
      /users\[3\]\.domains\[0\]: no domain named "claudio" in domains/,
    ],
    [
      "a key with options in front",
      replace(
        "- ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC2",
        '- command="sh" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC2',
      ),
      /users\[0\]\.keys\[0\]: expected an SSH public key line without options/,
    ],
    [
      "a pv-grub arch that does not exist",
      replace("arch: x86_32", "arch: i386"),
      /domains\[2\]\.boot\.arch: expected x86_64 or x86_32/,
    ],
    [
      "a rescue disk nobody set",
      replace(
        "    rescueDisk: /dev/denmark/rescue # read-only, attached to every domU that boots a menu\n",
        "",
      ),
      /domains\[0\]\.boot\.rescue: rescue is true but host\.boot\.rescueDisk is not set/,
    ],
    [
      "a ceil without an out rate",
      replace("rate: { in: 5mbit, out: 2mbit, ceil: 10mbit }", "rate: { in: 5mbit, ceil: 10mbit }"),
      /domains\[2\]\.network\[0\]\.rate\.ceil: ceil needs an out rate/,
    ],
    [
      "a relative disk path",
      replace("source: /dev/denmark/baldr", "source: denmark/baldr"),
      /domains\[2\]\.disks\[0\]\.source: expected an absolute path/,
    ],
    [
      "a pin to a CPU that does not exist",
      replace("    vcpus: 2\n", "    vcpus: 2\n    cpus: [0, 9]\n"),
      /domains\[3\]\.cpus\[1\]: physical CPU 9 does not exist: host\.cpus is 4/,
    ],
    [
      "the whole file not a map",
      () => "- just\n- a list\n",
      /^denmark\.yaml:1:1: expected object, received array|^denmark\.yaml:1:1: .*object/i,
    ],
  ])("reports %s with its path and line", async (_what, edit, expected) => {
    const messages = await reportedIssues(edit);
    const matching = messages.filter((message) =>
      typeof expected === "string" ? message === expected : expected.test(message),
    );
    expect(matching, `none of the reported problems matches:\n${messages.join("\n")}`).not.toEqual([]);
  });

  it("reports every problem, not just the first", async () => {
    const text = (await readFile(DENMARK, "utf8"))
      .replace("memory: 128", "memory: -1")
      .replace("arch: x86_32", "arch: arm");
    const result = safeParseInventory(text);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.issues.map((issue) => issue.path)).toEqual([
        "domains[1].memory",
        "domains[2].boot.arch",
      ]);
  });

  it("throws the same error from parseInventory", () => {
    expect(() => parseInventory("host: {}", { file: "x.yaml" })).toThrow(InventoryError);
  });
});
