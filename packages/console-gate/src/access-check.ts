import type { CommandRunner } from "@dom0kit/runner";
import { xlArguments } from "./actions.js";
import type { ConsoleAccess } from "./access-map.js";

/** One sudo probe of {@link checkAccess}: a command and whether sudo must allow it. */
export interface AccessProbe {
  readonly argv: readonly string[];
  readonly mustBeAllowed: boolean;
  /** Whether sudo allowed it. */
  readonly allowed: boolean;
}

/** What {@link checkAccess} found. */
export interface AccessCheckReport {
  readonly user: string;
  /** True when every granted command is allowed and every probe of something more is refused. */
  readonly ok: boolean;
  readonly probes: readonly AccessProbe[];
}

/** Commands no customer may run, whatever their map says. */
function forbiddenProbes(access: ConsoleAccess): (readonly string[])[] {
  const { xl } = access.commands;
  return [[xl, "list"], [xl, "console", "Domain-0"], [xl, "destroy", "0"], ["/bin/sh"], ["/usr/bin/id"]];
}

/**
 * Asks sudo (`sudo -n -l -- <command>`, as the customer) whether each granted
 * command is allowed — and whether a few commands beyond them are refused:
 * bare `xl list`, dom0's console, a domain by id, a shell. Run by the install
 * plan as the new user to prove the sudoers rules work exactly as generated.
 *
 * @example
 * ```ts
 * const report = await checkAccess(access, new ExecaRunner());
 * if (!report.ok) console.error(report.probes.filter((probe) => probe.allowed !== probe.mustBeAllowed));
 * ```
 */
export async function checkAccess(access: ConsoleAccess, runner: CommandRunner): Promise<AccessCheckReport> {
  const granted = access.domains.flatMap((domain) =>
    domain.actions.map((action) => [access.commands.xl, ...xlArguments(action, domain)]),
  );
  const wanted = [
    ...granted.map((argv) => ({ argv, mustBeAllowed: true })),
    ...forbiddenProbes(access).map((argv) => ({ argv, mustBeAllowed: false })),
  ];
  const probes: AccessProbe[] = [];
  for (const { argv, mustBeAllowed } of wanted) {
    const result = await runner.run({
      file: access.commands.sudo,
      args: ["-n", "-l", "--", ...argv],
      okExitCodes: [0, 1],
      timeoutMs: 30_000,
    });
    probes.push({ argv, mustBeAllowed, allowed: result.exitCode === 0 });
  }
  return { user: access.user, ok: probes.every((probe) => probe.allowed === probe.mustBeAllowed), probes };
}
