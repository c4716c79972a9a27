import { describe, expect, it } from "vitest";
import { ed25519Key } from "../test/support/public-keys.js";
import { installedHost, withAccounts } from "../test/support/host-states.js";
import { parseConsoleGateConfig } from "./config.js";
import { ConsoleUserConflictError } from "./errors.js";
import { planConsoleUninstall } from "./uninstall-plan.js";

const model = parseConsoleGateConfig({
  users: [
    { name: "alice", domains: ["vm1"], keys: [ed25519Key("alice")] },
    { name: "bob", domains: ["vm2"], keys: [ed25519Key("bob")] },
  ],
});
const installed = installedHost(model, "program");
const { layout } = model;

function argvLines(actions: readonly { command: { file: string; args: readonly string[] } }[]): string[] {
  return actions.map((each) => [each.command.file, ...each.command.args].join(" "));
}

describe("planConsoleUninstall", () => {
  it("removes one customer's access first, then the account, and keeps what the others need", () => {
    const built = planConsoleUninstall(layout, ["alice"], installed);
    expect(argvLines(built.steps)).toEqual([
      "rm -f -- /home/alice/.ssh/authorized_keys",
      "rm -f -- /etc/sudoers.d/dom0kit-console-alice",
      "rm -f -- /etc/dom0kit/console/users/alice.json",
      "install -m 0644 -o root -g root /dev/null /etc/ssh/sshd_config.d/dom0kit-console.conf.dom0kit-new",
      "dd of=/etc/ssh/sshd_config.d/dom0kit-console.conf.dom0kit-new conv=fsync status=none",
      "ln -f -- /etc/ssh/sshd_config.d/dom0kit-console.conf /etc/ssh/sshd_config.d/dom0kit-console.conf.dom0kit-old",
      "mv -f -T -- /etc/ssh/sshd_config.d/dom0kit-console.conf.dom0kit-new /etc/ssh/sshd_config.d/dom0kit-console.conf",
      "/usr/sbin/sshd -t -f /etc/ssh/sshd_config",
      "visudo -c -q",
      "pkill --signal KILL --uid alice",
      "userdel -- alice",
    ]);
    expect(String(built.steps[4]?.command.input)).toContain("Match User bob\n");
    expect(argvLines(built.finally)).toEqual([
      "rmdir --ignore-fail-on-non-empty -- /home/alice/.ssh",
      "rmdir --ignore-fail-on-non-empty -- /home/alice",
      "rm -f -- /etc/ssh/sshd_config.d/dom0kit-console.conf.dom0kit-old",
    ]);
    // Taking access away is never undone: the account may be gone by the time a later step fails.
    expect(built.steps.slice(0, 3).map((each) => each.undo)).toEqual([undefined, undefined, undefined]);
    expect(built.steps[6]?.undo?.command.args).toEqual([
      "-f",
      "-T",
      "--",
      "/etc/ssh/sshd_config.d/dom0kit-console.conf.dom0kit-old",
      "/etc/ssh/sshd_config.d/dom0kit-console.conf",
    ]);
  });

  it("removes the program, the Match block, the manifest and the directories the install created with the last customer", () => {
    const built = planConsoleUninstall(layout, ["alice", "bob"], installed, {
      endSessions: false,
      reloadSshd: ["systemctl", "reload", "ssh"],
    });
    const steps = argvLines(built.steps);
    expect(steps).not.toContain("pkill --signal KILL --uid alice");
    expect(steps).toContain(
      "mv -f -T -- /etc/ssh/sshd_config.d/dom0kit-console.conf /etc/ssh/sshd_config.d/dom0kit-console.conf.dom0kit-old",
    );
    expect(steps).toContain("rm -f -- /usr/local/lib/dom0kit/dom0kit-console.js");
    expect(steps.at(-1)).toBe("systemctl reload ssh");
    expect(argvLines(built.finally).slice(-4)).toEqual([
      "rmdir --ignore-fail-on-non-empty -- /usr/local/lib/dom0kit",
      "rmdir --ignore-fail-on-non-empty -- /etc/dom0kit/console/users",
      "rmdir --ignore-fail-on-non-empty -- /etc/dom0kit/console",
      "rmdir --ignore-fail-on-non-empty -- /etc/dom0kit",
    ]);
    expect(argvLines(built.finally)).not.toContain("rmdir --ignore-fail-on-non-empty -- /home");
  });

  it("retries userdel while the killed sessions exit", () => {
    const built = planConsoleUninstall(layout, ["alice"], installed);
    expect(built.steps.at(-1)?.retry).toEqual({ attempts: 10, delayMs: 300 });
  });

  it("refuses an account the console gate did not create", () => {
    const state = withAccounts(installed, {
      alice: {
        exists: true,
        uid: 1000,
        gid: 1000,
        gecos: "",
        home: "/home/alice",
        shell: "/bin/bash",
        password: "x",
        groups: [1000],
      },
    });
    expect(() => planConsoleUninstall(layout, ["alice"], state)).toThrow(ConsoleUserConflictError);
  });

  it("has nothing to do for a customer who is not installed", () => {
    const state = withAccounts(installed, { carol: { exists: false } });
    const paths = new Map(state.paths);
    for (const path of [
      "/home/carol",
      "/home/carol/.ssh",
      "/home/carol/.ssh/authorized_keys",
      "/etc/dom0kit/console/users/carol.json",
      "/etc/sudoers.d/dom0kit-console-carol",
    ]) {
      paths.set(path, { kind: "missing" });
    }
    const built = planConsoleUninstall(layout, ["carol"], { ...state, paths });
    expect(built.steps).toEqual([]);
  });
});
