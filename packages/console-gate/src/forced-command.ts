import type { ConsoleGateLayout } from "./layout.js";

/** Variables the menu program receives; everything else the client or sshd set is dropped. */
const KEPT_VARIABLES = ["TERM", "SSH_CONNECTION", "SSH_ORIGINAL_COMMAND"] as const;

/**
 * The command sshd forces for every customer key (authorized_keys `command=`
 * and the `ForceCommand` of the `Match User` block). sshd runs it as
 * `<login shell> -c "<this>"`; it replaces the shell with `env -i`, which starts
 * Node.js with a fixed PATH and only TERM, SSH_CONNECTION and
 * SSH_ORIGINAL_COMMAND — so no variable a client manages to send (NODE_OPTIONS,
 * LD_PRELOAD, BASH_ENV …, if sshd's AcceptEnv lets it through) reaches Node.js.
 * The client's command is passed as data in a double-quoted expansion, which
 * the shell neither splits nor evaluates. All paths are validated (no quotes,
 * spaces or `$`).
 *
 * @example
 * ```ts
 * renderForcedCommand(DEFAULT_LAYOUT);
 * // exec /usr/bin/env -i PATH=/usr/bin:/bin "TERM=${TERM:-dumb}" … /usr/bin/node
 * //   /usr/local/lib/dom0kit/dom0kit-console.js --access-dir /etc/dom0kit/console
 * ```
 */
export function renderForcedCommand(layout: ConsoleGateLayout): string {
  const kept = KEPT_VARIABLES.map((name) =>
    name === "TERM" ? `"TERM=\${TERM:-dumb}"` : `"${name}=\${${name}:-}"`,
  );
  return [
    "exec",
    layout.env,
    "-i",
    "PATH=/usr/bin:/bin",
    ...kept,
    layout.node,
    layout.program,
    "--access-dir",
    layout.accessDir,
  ].join(" ");
}
