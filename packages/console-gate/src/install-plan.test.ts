import { execFileSync } from "node:child_process";
import { isEmptyPlan, renderScript, type Plan } from "@dom0kit/runner";
import { describe, expect, it } from "vitest";
import { ed25519Key } from "../test/support/public-keys.js";
import {
  freshHost,
  installedHost,
  managedAccount,
  withAccounts,
  withPaths,
} from "../test/support/host-states.js";
import { parseConsoleGateConfig } from "./config.js";
import { ConsoleUserConflictError, HostStateError } from "./errors.js";
import { planConsoleInstall } from "./install-plan.js";
import { authorizedKeysPath, sudoersPath } from "./layout.js";

const PROGRAM = { content: "#!/usr/bin/env node\n// the menu\n" };
const aliceKey = ed25519Key("alice@laptop");
const bobKey = ed25519Key("bob");
const model = parseConsoleGateConfig({
  users: [
    { name: "alice", domains: ["vm1"], keys: [aliceKey] },
    { name: "bob", domains: ["vm2"], keys: [bobKey] },
  ],
});

function argvs(built: Plan): string[][] {
  return built.steps.map((each) => [each.command.file, ...each.command.args]);
}

function indexOf(built: Plan, predicate: (argv: string[]) => boolean): number {
  const index = argvs(built).findIndex(predicate);
  expect(index, "step not found").toBeGreaterThanOrEqual(0);
  return index;
}

describe("planConsoleInstall on a fresh host", () => {
  const built = planConsoleInstall(model, freshHost(model), PROGRAM);

  it("creates each customer with the shell the forced command runs under and no usable password", () => {
    expect(argvs(built)).toContainEqual([
      "useradd",
      "--comment",
      "dom0kit console customer",
      "--home-dir",
      "/home/alice",
      "--no-create-home",
      "--shell",
      "/bin/sh",
      "--user-group",
      "--password",
      "*",
      "--",
      "alice",
    ]);
    const created = built.steps.find((each) => each.command.file === "useradd");
    expect(created?.undo?.command.args).toEqual(["--", "alice"]);
  });

  it("creates the directories that are missing, parents first, and a root-owned home", () => {
    const created = argvs(built)
      .filter((argv) => argv[0] === "install" && argv[1] === "-d")
      .map((argv) => `${argv.at(-1) ?? ""} ${argv[3] ?? ""} ${argv[5] ?? ""}:${argv[7] ?? ""}`);
    expect(created).toEqual([
      "/etc/dom0kit 0755 root:root",
      "/etc/dom0kit/console 0755 root:root",
      "/etc/dom0kit/console/users 0755 root:root",
      "/usr/local/lib/dom0kit 0755 root:root",
      "/home/alice 0750 root:alice",
      "/home/alice/.ssh 0750 root:alice",
      "/home/bob 0750 root:bob",
      "/home/bob/.ssh 0750 root:bob",
    ]);
  });

  it("writes each file to a temporary name with its final owner and mode, then renames it", () => {
    const path = authorizedKeysPath(model.layout, "alice");
    const create = indexOf(built, (argv) => argv.at(-1) === `${path}.dom0kit-new` && argv[0] === "install");
    const write = indexOf(built, (argv) => argv[0] === "dd" && argv[1] === `of=${path}.dom0kit-new`);
    const rename = indexOf(built, (argv) => argv[0] === "mv" && argv.at(-1) === path);
    expect(argvs(built)[create]).toEqual([
      "install",
      "-m",
      "0600",
      "-o",
      "alice",
      "-g",
      "alice",
      "/dev/null",
      `${path}.dom0kit-new`,
    ]);
    expect(built.steps[write]?.command.input).toContain(`restrict,pty,command="exec /usr/bin/env -i`);
    expect(argvs(built)[write]).toContain("conv=fsync");
    expect(create).toBeLessThan(write);
    expect(write).toBeLessThan(rename);
  });

  it("installs sudoers rules as 0440 only after visudo -cf accepts them, before the keys that use them", () => {
    const path = sudoersPath(model.layout, "alice");
    const check = indexOf(built, (argv) => argv.join(" ") === `visudo -c -q -f ${path}.dom0kit-new`);
    const rename = indexOf(built, (argv) => argv[0] === "mv" && argv.at(-1) === path);
    const keys = indexOf(
      built,
      (argv) => argv[0] === "mv" && argv.at(-1) === authorizedKeysPath(model.layout, "alice"),
    );
    expect(check).toBeLessThan(rename);
    expect(rename).toBeLessThan(keys);
    expect(argvs(built)).toContainEqual([
      "install",
      "-m",
      "0440",
      "-o",
      "root",
      "-g",
      "root",
      "/dev/null",
      `${path}.dom0kit-new`,
    ]);
    expect(argvs(built)).toContainEqual(["visudo", "-c", "-q"]);
  });

  it("checks the sshd configuration after placing the Match block", () => {
    const placed = indexOf(built, (argv) => argv[0] === "mv" && argv.at(-1) === model.layout.sshdDropIn);
    const checked = indexOf(built, (argv) => argv.join(" ") === "/usr/sbin/sshd -t -f /etc/ssh/sshd_config");
    expect(placed).toBeLessThan(checked);
  });

  it("ends by running the menu's own sudo check as each customer", () => {
    expect(argvs(built).slice(-2)).toEqual(
      ["alice", "bob"].map((user) => [
        "setpriv",
        "--reuid",
        user,
        "--regid",
        user,
        "--init-groups",
        "--reset-env",
        "--",
        "/usr/bin/node",
        "/usr/local/lib/dom0kit/dom0kit-console.js",
        "--access-dir",
        "/etc/dom0kit/console",
        "--check",
      ]),
    );
  });

  it("records the directories it creates in the manifest", () => {
    const manifest = built.steps.find(
      (each) => each.command.file === "dd" && each.command.args[0]?.includes("installed.json"),
    );
    expect(JSON.parse(String(manifest?.command.input))).toEqual({
      format: "dom0kit-console-install/1",
      directories: [
        "/etc/dom0kit",
        "/etc/dom0kit/console",
        "/etc/dom0kit/console/users",
        "/usr/local/lib/dom0kit",
      ],
    });
  });

  it("renders as a POSIX sh script that parses", () => {
    execFileSync("sh", ["-n"], { input: renderScript(built) });
  });

  it("can leave out the sshd Match block and the check", () => {
    const bare = parseConsoleGateConfig({
      users: [{ name: "alice", domains: ["vm1"], keys: [aliceKey] }],
      sshdMatchBlock: false,
    });
    const quiet = planConsoleInstall(bare, freshHost(bare), PROGRAM, { verify: false });
    expect(argvs(quiet).some((argv) => argv.includes(bare.layout.sshdDropIn) || argv[0] === "setpriv")).toBe(
      false,
    );
  });
});

describe("planConsoleInstall against an installed host", () => {
  const installed = installedHost(model, PROGRAM.content);

  it("plans nothing when nothing changed", () => {
    expect(isEmptyPlan(planConsoleInstall(model, installed, PROGRAM))).toBe(true);
  });

  it("replaces only what changed, keeps the old file until the plan ends, and checks that user again", () => {
    const changed = parseConsoleGateConfig({
      users: [
        { name: "alice", domains: ["vm1"], keys: [aliceKey, ed25519Key("alice@phone")] },
        { name: "bob", domains: ["vm2"], keys: [bobKey] },
      ],
    });
    const built = planConsoleInstall(changed, installed, PROGRAM);
    const path = authorizedKeysPath(model.layout, "alice");
    expect(built.steps.map((each) => each.description)).toEqual([
      `create ${path}.dom0kit-new for the new authorized_keys of alice`,
      `write the authorized_keys of alice to ${path}.dom0kit-new and flush it to disk`,
      `keep the previous authorized_keys of alice as ${path}.dom0kit-old`,
      `replace ${path} with the new authorized_keys of alice`,
      "check the whole sudoers configuration",
      "check as alice that sudo allows exactly the granted xl commands",
    ]);
    expect(built.steps[3]?.undo?.command.args).toEqual(["-f", "-T", "--", `${path}.dom0kit-old`, path]);
    expect(built.finally.map((each) => [each.command.file, ...each.command.args])).toEqual([
      ["rm", "-f", "--", `${path}.dom0kit-old`],
    ]);
  });

  it("corrects an owner or mode that drifted without rewriting the file", () => {
    const path = sudoersPath(model.layout, "alice");
    const drifted = withPaths(installed, {
      [path]: { ...installed.paths.get(path), kind: "file", owner: "alice", group: "root", mode: 0o644 },
    });
    const built = planConsoleInstall(model, drifted, PROGRAM);
    expect(argvs(built).slice(0, 2)).toEqual([
      ["chown", "root:root", "--", path],
      ["chmod", "0440", "--", path],
    ]);
  });

  it("takes back a password, a shell or groups that were given to a customer", () => {
    const account = {
      ...managedAccount(model, "alice"),
      shell: "/bin/bash",
      password: "$6$salt$hash",
      groups: [1500, 27],
    };
    const built = planConsoleInstall(model, withAccounts(installed, { alice: account }), PROGRAM);
    expect(argvs(built).slice(0, 3)).toEqual([
      ["usermod", "--shell", "/bin/sh", "--", "alice"],
      ["usermod", "--password", "*", "--", "alice"],
      ["usermod", "--groups", "", "--", "alice"],
    ]);
  });

  it("adds a new customer to the Match block next to those installed earlier", () => {
    const carol = parseConsoleGateConfig({
      users: [{ name: "carol", domains: ["vm3"], keys: [ed25519Key("carol")] }],
    });
    const state = freshHost(carol);
    const merged = {
      accounts: new Map([...installed.accounts, ...state.accounts]),
      paths: new Map([
        ...installed.paths,
        ...[...state.paths].filter(([path]) => !installed.paths.has(path)),
      ]),
      installedUsers: installed.installedUsers,
    };
    const built = planConsoleInstall(carol, merged, PROGRAM);
    const dropIn = built.steps.find(
      (each) =>
        each.command.file === "dd" && each.command.args[0] === `of=${carol.layout.sshdDropIn}.dom0kit-new`,
    );
    expect(String(dropIn?.command.input)).toContain("Match User alice,bob,carol");
    expect(argvs(built).filter((argv) => argv[0] === "useradd")).toHaveLength(1);
  });
});

describe("planConsoleInstall refuses", () => {
  it("an account with the same name that the console gate did not create", () => {
    const state = freshHost(model, {
      alice: {
        exists: true,
        uid: 1000,
        gid: 1000,
        gecos: "Alice Admin",
        home: "/home/alice",
        shell: "/bin/bash",
        password: "$6$x",
        groups: [1000, 27],
      },
    });
    expect(() => planConsoleInstall(model, state, PROGRAM)).toThrow(ConsoleUserConflictError);
  });

  it("a symbolic link where a file goes", () => {
    const path = authorizedKeysPath(model.layout, "alice");
    const state = withPaths(freshHost(model), { [path]: { kind: "other", type: "symbolic link" } });
    expect(() => planConsoleInstall(model, state, PROGRAM)).toThrow(
      /authorized_keys is a symbolic link, not a regular file; refusing/,
    );
  });

  it("a directory above the access map that others may change", () => {
    const state = withPaths(freshHost(model), {
      "/etc": { kind: "directory", owner: "root", group: "staff", mode: 0o775 },
    });
    expect(() => planConsoleInstall(model, state, PROGRAM)).toThrow(HostStateError);
  });
});
