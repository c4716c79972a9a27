import { ACTION_LABELS, CONSOLE_ACTIONS, type ConsoleAction } from "./actions.js";
import type { ConsoleAccess } from "./access-map.js";
import type { ConsoleDomain } from "./config.js";
import { REQUEST_GRAMMAR } from "./request-grammar.js";

/** Menu numbers: fixed per action, so they do not move when an action is not allowed. */
export const MENU_NUMBERS: Readonly<Record<ConsoleAction, string>> = {
  status: "1",
  console: "2",
  start: "3",
  shutdown: "4",
  destroy: "5",
  reboot: "6",
};

/** The menu number that switches to another domain (shown with more than one domain). */
export const SWITCH_NUMBER = "7";

/** The menu number that ends the session. */
export const EXIT_NUMBER = "0";

/**
 * The action a menu number stands for, if it is allowed for `domain`.
 *
 * @example
 * ```ts
 * actionForNumber("2", domain); // "console"
 * ```
 */
export function actionForNumber(choice: string, domain: ConsoleDomain): ConsoleAction | undefined {
  return CONSOLE_ACTIONS.find((action) => MENU_NUMBERS[action] === choice && domain.actions.includes(action));
}

/**
 * The greeting shown once when the menu starts.
 *
 * @example
 * ```ts
 * renderGreeting(access); // "dom0kit console for alice. Your domains: vm1, vm2.\n…"
 * ```
 */
export function renderGreeting(access: ConsoleAccess): string {
  const names = access.domains.map((domain) => domain.name).join(", ");
  return [
    `dom0kit console for ${access.user}. Your domain${access.domains.length === 1 ? "" : "s"}: ${names}.`,
    "Type a number or a command (help lists them). In a console, Ctrl-] brings you back here.",
    "",
  ].join("\n");
}

/**
 * The menu for the selected domain: only the actions allowed on it.
 *
 * @example
 * ```ts
 * renderMenu(access, access.domains[0]!);
 * // "\nDomain vm1\n  1) status\n  2) console\n …\n  0) exit\n"
 * ```
 */
export function renderMenu(access: ConsoleAccess, domain: ConsoleDomain): string {
  const lines = [`Domain ${domain.name}`];
  for (const action of domain.actions) lines.push(`  ${MENU_NUMBERS[action]}) ${ACTION_LABELS[action]}`);
  if (access.domains.length > 1) lines.push(`  ${SWITCH_NUMBER}) choose another domain`);
  lines.push(`  ${EXIT_NUMBER}) exit`);
  return `\n${lines.join("\n")}\n`;
}

/**
 * Help: the numbers, the typed commands, and how to leave a console.
 *
 * @example
 * ```ts
 * renderHelp(); // "Commands: status [DOMAIN] | console [DOMAIN] | …"
 * ```
 */
export function renderHelp(): string {
  return [
    "Type a menu number, or a command:",
    `  ${REQUEST_GRAMMAR} | use DOMAIN | exit`,
    "A command without a domain acts on the domain shown in the menu.",
    "In a console, press Ctrl-] to come back to this menu.",
    "",
  ].join("\n");
}
