import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FleetFileError } from "./fleet-file-error.js";
import { loadFleetInventories } from "./fleet-inventories.js";
import { loadFleet, parseFleet } from "./parse-fleet.js";

const EXAMPLE = fileURLToPath(new URL("../../../fleets/example.yaml", import.meta.url));
const FILE = "/etc/dom0kit/fleet.yaml";

function issuesOf(text: string): { path: string; line: number; column: number; message: string }[] {
  try {
    parseFleet(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(FleetFileError);
    return [...(error as FleetFileError).issues];
  }
  throw new Error("the fleet was accepted");
}

describe("parseFleet", () => {
  it("reads hosts in order, paths relative to the file, defaults applied", () => {
    const fleet = parseFleet(
      [
        "defaults: { inventory: common.yaml, user: root, port: 2222, parallel: 8 }",
        "hosts:",
        "  - { name: dk1, target: ssh://dk1.example.net }",
        "  - { name: dk2, inventory: inv/dk2.yaml, target: ssh://admin@dk2.example.net:22 }",
        "  - { name: lab, target: sim:lab }",
        "  - { name: here, target: local }",
      ].join("\n"),
      FILE,
    );
    expect(fleet.parallel).toBe(8);
    expect(fleet.hosts.map((host) => [host.name, host.inventory, host.targetText])).toEqual([
      ["dk1", "/etc/dom0kit/common.yaml", "ssh://root@dk1.example.net:2222"],
      ["dk2", "/etc/dom0kit/inv/dk2.yaml", "ssh://admin@dk2.example.net:22"],
      ["lab", "/etc/dom0kit/common.yaml", "sim:/etc/dom0kit/lab"],
      ["here", "/etc/dom0kit/common.yaml", "local"],
    ]);
    expect(fleet.hosts[0]?.target).toEqual({ kind: "ssh", destination: "root@dk1.example.net", port: 2222 });
  });

  it.each([
    ["a file without hosts", "defaults: {}\n", "hosts", 1, /is required/],
    ["an empty host list", "hosts: []\n", "hosts", 1, /needs at least one host/],
    [
      "an unknown key, with the accepted ones",
      "hosts:\n  - { name: a, inventry: i.yaml, target: local }\n",
      "hosts[0].inventry",
      2,
      /unknown key "inventry" \(accepted: name, inventory, target\)/,
    ],
    [
      "an unknown top-level key",
      "host: []\nhosts:\n  - { name: a, inventory: i.yaml, target: local }\n",
      "host",
      1,
      /accepted: defaults, hosts/,
    ],
    [
      "a host name that is not a name",
      "hosts:\n  - name: 'a b'\n    inventory: i.yaml\n    target: local\n",
      "hosts[0].name",
      2,
      /1-63 letters, digits/,
    ],
    ["a missing target", "hosts:\n  - name: a\n    inventory: i.yaml\n", "hosts[0].target", 2, /is required/],
    [
      "parallel out of range",
      "defaults:\n  parallel: 0\nhosts:\n  - { name: a, inventory: i.yaml, target: local }\n",
      "defaults.parallel",
      2,
      />=1/,
    ],
    [
      "a target that is no target",
      "hosts:\n  - name: a\n    inventory: i.yaml\n    target: ftp://dk1\n",
      "hosts[0].target",
      4,
      /"ftp:\/\/dk1" is not a host target; use local, sim, sim:DIR or ssh:\/\/\[user@\]host\[:port\]/,
    ],
    [
      "a port out of range",
      "hosts:\n  - { name: a, inventory: i.yaml, target: 'ssh://dk1:70000' }\n",
      "hosts[0].target",
      2,
      /port 70000 is out of range; ports are 1-65535/,
    ],
    [
      "a host without inventory and no default",
      "hosts:\n  - { name: a, target: local }\n",
      "hosts[0]",
      2,
      /give it `inventory: FILE` or set `defaults.inventory`/,
    ],
    [
      "a duplicate host name",
      "hosts:\n  - { name: a, inventory: i.yaml, target: sim:x }\n  - { name: a, inventory: i.yaml, target: sim:y }\n",
      "hosts[1].name",
      3,
      /duplicate host name "a" \(hosts\[0\] has it\)/,
    ],
    [
      "the same target twice",
      "defaults: { user: root }\nhosts:\n  - { name: a, inventory: i.yaml, target: ssh://dk1 }\n  - { name: b, inventory: i.yaml, target: ssh://root@dk1 }\n",
      "hosts[1].target",
      4,
      /ssh:\/\/root@dk1 is already the target of hosts\[0\]/,
    ],
  ])("refuses %s, naming the YAML path and line", (_what, text, path, line, message) => {
    const issue = issuesOf(text).find((each) => each.path === path);
    expect(issue?.line).toBe(line);
    expect(issue?.message).toMatch(message);
  });

  it("reports a YAML syntax error with its line", () => {
    const error = (() => {
      try {
        parseFleet("hosts:\n  - name: a\n   target: [\n", FILE);
      } catch (caught) {
        return caught as FleetFileError;
      }
      throw new Error("accepted");
    })();
    expect(error).toMatchObject({ name: "FleetFileError", code: "FLEET_SYNTAX", file: FILE });
    expect(error.issues[0]?.line).toBeGreaterThan(1);
    expect(error.message).toMatch(/^\/etc\/dom0kit\/fleet\.yaml:\d+:\d+: /);
  });

  it("reports every problem at once, in file order, as file:line:col: path: message", () => {
    const issues = issuesOf(
      "hosts:\n  - { name: a, inventory: i.yaml, target: nowhere }\n  - { name: a, inventory: i.yaml, target: local }\n",
    );
    expect(issues.map((issue) => issue.path)).toEqual(["hosts[0].target", "hosts[1].name"]);
    const error = new FleetFileError("FLEET_INVALID", FILE, issues);
    expect(error.message.split("\n")[1]).toMatch(
      /^\/etc\/dom0kit\/fleet\.yaml:3:\d+: hosts\[1\]\.name: duplicate/,
    );
  });
});

describe("loadFleet", () => {
  it("reads the example fleet, and every inventory it names is valid", async () => {
    const fleet = await loadFleet(EXAMPLE);
    expect(fleet.hosts.map((host) => host.name)).toEqual(["denmark", "denmark-staging", "lab"]);
    expect(fleet.hosts.map((host) => host.targetText)).toEqual([
      "ssh://root@denmark.example.net",
      "ssh://admin@staging.example.net:2222",
      `sim:${join(EXAMPLE, "..", "lab-sim")}`,
    ]);
    const loaded = await loadFleetInventories(fleet);
    expect(loaded.map((host) => host.loaded.host.name)).toEqual(["denmark", "denmark", "denmark"]);
  });

  it("says when the file cannot be read", async () => {
    await expect(loadFleet("/nonexistent/fleet.yaml")).rejects.toMatchObject({
      code: "FLEET_UNREADABLE",
      message: "/nonexistent/fleet.yaml: cannot read the fleet file: no such file",
    });
  });
});

describe("loadFleetInventories", () => {
  it("names every host whose inventory cannot be used, before anything runs", async () => {
    const fleet = parseFleet(
      "hosts:\n  - { name: a, inventory: missing-a.yaml, target: sim:a }\n  - { name: b, inventory: missing-b.yaml, target: sim:b }\n",
      "/nonexistent/fleet.yaml",
    );
    const error = await loadFleetInventories(fleet).then(
      () => new Error("accepted"),
      (caught: unknown) => caught as Error,
    );
    expect(error).toMatchObject({ code: "FLEET_INVENTORY_INVALID" });
    expect(error.message).toMatch(
      /^2 hosts' inventories are not usable; no host was touched:\na: .*missing-a\.yaml/,
    );
    expect(error.message).toContain(
      "\nb: /nonexistent/missing-b.yaml: cannot read the inventory: no such file",
    );
  });
});
