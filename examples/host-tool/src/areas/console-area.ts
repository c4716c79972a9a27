import {
  accessMapPath,
  authorizedKeysPath,
  planConsoleInstall,
  readConsoleHostState,
  readConsoleProgram,
  renderAccessMap,
  renderAuthorizedKeys,
  renderSshdMatchBlock,
  renderSudoersFragment,
  sudoersPath,
} from "@dom0kit/console-gate";
import type { Inventory } from "@dom0kit/inventory";
import { consoleModel } from "../commands/console.js";
import type { AreaInput, AreaPlan, HostArea, InstalledFile } from "./area.js";

async function planConsole({ inventory, runner, target, options }: AreaInput): Promise<AreaPlan> {
  const model = consoleModel(inventory, [], {});
  const state = await readConsoleHostState(
    runner,
    model.layout,
    model.users.map((user) => user.name),
  );
  // A simulated host has one identity: it cannot run the menu's sudo check as each customer.
  const simulated = target.kind === "sim";
  const built = planConsoleInstall(model, state, await readConsoleProgram(options?.consoleProgram), {
    verify: !simulated,
  });
  const notes =
    simulated && built.steps.length > 0
      ? [
          "on a simulated host the sudo rules are checked by visudo only, not by running the menu's --check as each customer",
        ]
      : [];
  return { area: "console", title: consoleArea.title, plan: built, notes };
}

/** Customers' console access over SSH: accounts, forced commands, sudo rules. */
export const consoleArea: HostArea = {
  name: "console",
  title: "Console access for customers over SSH",
  applied: true,
  plan: planConsole,
  async files(inventory: Inventory): Promise<readonly InstalledFile[]> {
    const model = consoleModel(inventory, [], {});
    const { layout } = model;
    const perUser = model.users.flatMap((user): InstalledFile[] => [
      {
        path: authorizedKeysPath(layout, user.name),
        text: renderAuthorizedKeys(user, layout),
        mode: 0o600,
        description: `${user.name}'s SSH keys, each forced into the console menu`,
      },
      {
        path: sudoersPath(layout, user.name),
        text: renderSudoersFragment(user, layout),
        mode: 0o440,
        description: `the exact xl commands ${user.name} may run as root`,
      },
      {
        path: accessMapPath(layout, user.name),
        text: renderAccessMap(user, model),
        mode: 0o644,
        description: `the domains and actions ${user.name}'s menu offers`,
      },
    ]);
    const match = renderSshdMatchBlock(
      model.users.map((user) => user.name),
      layout,
    );
    return match === ""
      ? perUser
      : [
          ...perUser,
          {
            path: layout.sshdDropIn,
            text: match,
            mode: 0o644,
            description: "sshd Match block: no forwarding, the menu forced",
          },
        ];
  },
};
