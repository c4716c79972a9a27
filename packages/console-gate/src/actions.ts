/**
 * What a customer may do to a domain. Each is exactly one `xl` command with
 * fixed arguments — the sudoers rule and the menu both derive from
 * {@link xlArguments}, so they cannot disagree.
 */
export type ConsoleAction = "status" | "console" | "start" | "shutdown" | "destroy" | "reboot";

/** Every action, in menu order. */
export const CONSOLE_ACTIONS: readonly ConsoleAction[] = [
  "status",
  "console",
  "start",
  "shutdown",
  "destroy",
  "reboot",
];

/** What each action is called in the menu. */
export const ACTION_LABELS: Readonly<Record<ConsoleAction, string>> = {
  status: "status",
  console: "console",
  start: "start",
  shutdown: "shutdown",
  destroy: "hard shutdown (destroy)",
  reboot: "reboot",
};

/** The domain an action is for; `start` also needs the domain's xl config file. */
export interface DomainTarget {
  readonly name: string;
  /** Absolute path of the domain's xl config file (used by `start`). */
  readonly config: string;
}

/**
 * The arguments of the one `xl` command that performs `action` on `domain`.
 *
 * @example
 * ```ts
 * xlArguments("console", { name: "vm1", config: "/etc/xen/vm1.cfg" }); // ["console", "vm1"]
 * xlArguments("start", { name: "vm1", config: "/etc/xen/vm1.cfg" });   // ["create", "/etc/xen/vm1.cfg"]
 * ```
 */
export function xlArguments(action: ConsoleAction, domain: DomainTarget): readonly [string, string] {
  switch (action) {
    case "status":
      return ["list", domain.name];
    case "console":
      return ["console", domain.name];
    case "start":
      return ["create", domain.config];
    case "shutdown":
      return ["shutdown", domain.name];
    case "destroy":
      return ["destroy", domain.name];
    case "reboot":
      return ["reboot", domain.name];
  }
}

/**
 * True when `word` names an action.
 *
 * @example
 * ```ts
 * isConsoleAction("reboot"); // true
 * isConsoleAction("sh");     // false
 * ```
 */
export function isConsoleAction(word: string): word is ConsoleAction {
  return (CONSOLE_ACTIONS as readonly string[]).includes(word);
}
