import { z } from "zod";
import { CONSOLE_ACTIONS, type ConsoleAction } from "./actions.js";
import { AUDIT_FACILITIES, DEFAULT_AUDIT, type AuditDestination } from "./audit-destination.js";
import { ConsoleGateConfigError, type ConfigIssue } from "./errors.js";
import { DEFAULT_LAYOUT, pathProblem, type ConsoleGateLayout } from "./layout.js";
import { domainNameProblem, userNameProblem } from "./names.js";
import { parseConsolePublicKey, type ConsolePublicKey } from "./public-key.js";
import { MAX_SOURCE_ADDRESSES, sourceAddressProblem } from "./source-addresses.js";

const actionSchema = z.enum(CONSOLE_ACTIONS as [ConsoleAction, ...ConsoleAction[]]);

const domainSchema = z.union([
  z.string(),
  z.strictObject({
    name: z.string(),
    actions: z.array(actionSchema).optional(),
    config: z.string().optional(),
  }),
]);

const userSchema = z.strictObject({
  name: z.string(),
  domains: z.array(domainSchema).min(1, "give at least one domain"),
  actions: z.array(actionSchema).optional(),
  keys: z.array(z.string()).min(1, "give at least one public key"),
  from: z.array(z.string()).max(MAX_SOURCE_ADDRESSES).optional(),
});

const layoutKeys = Object.keys(DEFAULT_LAYOUT) as (keyof ConsoleGateLayout)[];

const auditSchema = z.strictObject({
  facility: z.enum(AUDIT_FACILITIES).optional(),
  server: z
    .strictObject({
      host: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.:-]{0,252}$/, "expected a host name or IP address"),
      port: z.number().int().min(1).max(65535),
      protocol: z.enum(["udp", "tcp"]).optional(),
    })
    .optional(),
  socket: z.string().optional(),
});

/**
 * The console-gate input schema (zod). Use {@link parseConsoleGateConfig}, which
 * also applies the checks zod cannot express (names, keys, paths).
 */
export const consoleGateConfigSchema = z.strictObject({
  users: z.array(userSchema),
  paths: z.strictObject(Object.fromEntries(layoutKeys.map((key) => [key, z.string().optional()]))).optional(),
  sshdMatchBlock: z.boolean().optional(),
  audit: auditSchema.optional(),
});

/** Console-gate input as written in an inventory or passed by a program. */
export type ConsoleGateConfig = z.input<typeof consoleGateConfigSchema>;

/** One domain a customer may act on, with the actions allowed on it. */
export interface ConsoleDomain {
  readonly name: string;
  /** Absolute path of its xl config (for `start`). */
  readonly config: string;
  /** Allowed actions, in menu order, without duplicates. */
  readonly actions: readonly ConsoleAction[];
}

/** One customer, validated. */
export interface ConsoleUser {
  readonly name: string;
  readonly domains: readonly ConsoleDomain[];
  readonly keys: readonly ConsolePublicKey[];
  /** Addresses or networks the keys may be used from (empty: anywhere). */
  readonly from: readonly string[];
}

/** Validated console-gate input: what every generator and plan takes. */
export interface ConsoleGateModel {
  readonly users: readonly ConsoleUser[];
  readonly layout: ConsoleGateLayout;
  /** Whether to install an sshd_config `Match User` block as a second fence. */
  readonly sshdMatchBlock: boolean;
  readonly audit: AuditDestination;
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === "number" ? `[${String(part)}]` : `${index === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}

class IssueList {
  readonly issues: ConfigIssue[] = [];

  check(path: string, problem: string | undefined): void {
    if (problem !== undefined) this.issues.push({ path, message: problem });
  }
}

function inMenuOrder(actions: readonly ConsoleAction[]): ConsoleAction[] {
  return CONSOLE_ACTIONS.filter((action) => actions.includes(action));
}

type UserInput = z.output<typeof userSchema>;

function buildDomains(
  input: UserInput,
  at: string,
  layout: ConsoleGateLayout,
  issues: IssueList,
): ConsoleDomain[] {
  const seen = new Set<string>();
  return input.domains.map((entry, index) => {
    const where = `${at}.domains[${String(index)}]`;
    const spec = typeof entry === "string" ? { name: entry } : entry;
    issues.check(typeof entry === "string" ? where : `${where}.name`, domainNameProblem(spec.name));
    if (seen.has(spec.name)) issues.check(where, `domain ${spec.name} is listed twice for this user`);
    seen.add(spec.name);
    const config = spec.config ?? `${layout.xenConfigDir}/${spec.name}.cfg`;
    if (spec.config !== undefined) issues.check(`${where}.config`, pathProblem(spec.config));
    const actions = inMenuOrder(spec.actions ?? input.actions ?? CONSOLE_ACTIONS);
    if (actions.length === 0) issues.check(`${where}.actions`, "give at least one action");
    return { name: spec.name, config, actions };
  });
}

function buildKeys(input: UserInput, at: string, issues: IssueList): ConsolePublicKey[] {
  const seen = new Set<string>();
  return input.keys.flatMap((line, index) => {
    const where = `${at}.keys[${String(index)}]`;
    const parsed = parseConsolePublicKey(line);
    if (!parsed.ok) {
      issues.check(where, parsed.problem);
      return [];
    }
    if (seen.has(parsed.key.base64)) issues.check(where, "this key is listed twice for this user");
    seen.add(parsed.key.base64);
    return [parsed.key];
  });
}

function buildUser(input: UserInput, at: string, layout: ConsoleGateLayout, issues: IssueList): ConsoleUser {
  issues.check(`${at}.name`, userNameProblem(input.name));
  const from = input.from ?? [];
  from.forEach((entry, index) => issues.check(`${at}.from[${String(index)}]`, sourceAddressProblem(entry)));
  return {
    name: input.name,
    domains: buildDomains(input, at, layout, issues),
    keys: buildKeys(input, at, issues),
    from,
  };
}

function buildLayout(paths: Readonly<Record<string, string | undefined>> | undefined, issues: IssueList) {
  const layout = { ...DEFAULT_LAYOUT };
  for (const key of layoutKeys) {
    const value = paths?.[key];
    if (value === undefined) continue;
    issues.check(`paths.${key}`, pathProblem(value));
    layout[key] = value;
  }
  return layout;
}

function buildAudit(input: z.output<typeof auditSchema> | undefined, issues: IssueList): AuditDestination {
  if (input === undefined) return DEFAULT_AUDIT;
  if (input.socket !== undefined) issues.check("audit.socket", pathProblem(input.socket));
  const facility = input.facility ?? DEFAULT_AUDIT.facility;
  return {
    facility,
    ...(input.server === undefined
      ? {}
      : {
          server: {
            host: input.server.host,
            port: input.server.port,
            protocol: input.server.protocol ?? "udp",
          },
        }),
    ...(input.socket === undefined ? {} : { socket: input.socket }),
  };
}

/**
 * Validates console-gate input and fills in defaults. Every problem is
 * collected — user and domain names, keys (type, base64, options refused),
 * `from=` entries, paths — and reported together with its location.
 *
 * @param source where the input came from (a file name), for the error message
 * @throws {@link ConsoleGateConfigError} listing every problem found
 *
 * @example
 * ```ts
 * const model = parseConsoleGateConfig({
 *   users: [{ name: "alice", domains: ["vm1"], keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI… alice"] }],
 * });
 * model.users[0]?.domains[0]?.actions; // ["status", "console", "start", "shutdown", "destroy", "reboot"]
 * ```
 */
export function parseConsoleGateConfig(input: unknown, source?: string): ConsoleGateModel {
  const parsed = consoleGateConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConsoleGateConfigError(
      parsed.error.issues.map((issue) => ({ path: pathText(issue.path), message: issue.message })),
      source,
    );
  }
  const issues = new IssueList();
  const layout = buildLayout(parsed.data.paths, issues);
  const names = new Set<string>();
  const users = parsed.data.users.map((user, index) => {
    const at = `users[${String(index)}]`;
    if (names.has(user.name)) issues.check(`${at}.name`, `user ${user.name} is listed twice`);
    names.add(user.name);
    return buildUser(user, at, layout, issues);
  });
  const audit = buildAudit(parsed.data.audit, issues);
  if (issues.issues.length > 0) throw new ConsoleGateConfigError(issues.issues, source);
  return { users, layout, sshdMatchBlock: parsed.data.sshdMatchBlock ?? true, audit };
}
