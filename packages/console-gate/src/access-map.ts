import { CONSOLE_ACTIONS } from "./actions.js";
import { AUDIT_FACILITIES, type AuditDestination, type AuditFacility } from "./audit-destination.js";
import type { ConsoleDomain, ConsoleGateModel, ConsoleUser } from "./config.js";
import { AccessMapError } from "./errors.js";
import { pathProblem } from "./layout.js";
import { domainNameProblem, userNameProblem } from "./names.js";

/** The format tag every access map carries. */
export const ACCESS_MAP_FORMAT = "dom0kit-console-access/1";

/**
 * What the menu program knows about the customer running it: written by root
 * at install (`<accessDir>/users/<name>.json`, root-owned, mode 0640, group of
 * the customer) and trusted only after ownership checks.
 */
export interface ConsoleAccess {
  readonly format: typeof ACCESS_MAP_FORMAT;
  readonly user: string;
  /** Absolute paths of the programs the menu runs. */
  readonly commands: { readonly sudo: string; readonly xl: string; readonly logger: string };
  readonly audit: AuditDestination;
  readonly domains: readonly ConsoleDomain[];
}

/** A value that is not what the map format says: where it is and what was expected. */
class Invalid extends Error {}

type Shape = Readonly<Record<string, unknown>>;

function object(
  value: unknown,
  where: string,
  keys: readonly string[],
  optional: readonly string[] = [],
): Shape {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Invalid(`${where}: expected an object`);
  const shape = value as Shape;
  const unknown = Object.keys(shape).filter((key) => !keys.includes(key) && !optional.includes(key));
  if (unknown.length > 0) throw new Invalid(`${where}: unknown key ${JSON.stringify(unknown[0])}`);
  const missing = keys.filter((key) => !Object.hasOwn(shape, key));
  if (missing.length > 0) throw new Invalid(`${where}: missing ${JSON.stringify(missing[0])}`);
  return shape;
}

function text(value: unknown, where: string, problem: (value: string) => string | undefined): string {
  if (typeof value !== "string") throw new Invalid(`${where}: expected a string`);
  const found = problem(value);
  if (found !== undefined) throw new Invalid(`${where}: ${found}`);
  return value;
}

function oneOf<T extends string>(value: unknown, where: string, accepted: readonly T[]): T {
  if (typeof value !== "string" || !(accepted as readonly string[]).includes(value)) {
    throw new Invalid(`${where}: expected one of ${accepted.join(", ")}`);
  }
  return value as T;
}

function list(value: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw new Invalid(`${where}: expected a non-empty list`);
  return value;
}

const HOST = /^[A-Za-z0-9][A-Za-z0-9.:-]{0,252}$/;

function serverOf(value: unknown): NonNullable<AuditDestination["server"]> {
  const server = object(value, "audit.server", ["host", "port", "protocol"]);
  const port = server.port;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Invalid("audit.server.port: expected a port number");
  }
  return {
    host: text(server.host, "audit.server.host", (host) =>
      HOST.test(host) ? undefined : "expected a host name or address",
    ),
    port,
    protocol: oneOf(server.protocol, "audit.server.protocol", ["udp", "tcp"] as const),
  };
}

function auditOf(value: unknown): AuditDestination {
  const audit = object(value, "audit", ["facility"], ["server", "socket"]);
  const facility: AuditFacility = oneOf(audit.facility, "audit.facility", AUDIT_FACILITIES);
  return {
    facility,
    ...(audit.server === undefined ? {} : { server: serverOf(audit.server) }),
    ...(audit.socket === undefined ? {} : { socket: text(audit.socket, "audit.socket", pathProblem) }),
  };
}

function domainOf(value: unknown, where: string): ConsoleDomain {
  const domain = object(value, where, ["name", "config", "actions"]);
  const actions = list(domain.actions, `${where}.actions`).map((action, index) =>
    oneOf(action, `${where}.actions[${String(index)}]`, CONSOLE_ACTIONS),
  );
  return {
    name: text(domain.name, `${where}.name`, domainNameProblem),
    config: text(domain.config, `${where}.config`, pathProblem),
    actions,
  };
}

/** Checks the parsed JSON against the map format, with the generators' own name and path rules. */
function accessOf(data: unknown): ConsoleAccess {
  const map = object(data, "(map)", ["format", "user", "commands", "audit", "domains"]);
  if (map.format !== ACCESS_MAP_FORMAT) throw new Invalid(`format: expected ${ACCESS_MAP_FORMAT}`);
  const commands = object(map.commands, "commands", ["sudo", "xl", "logger"]);
  return {
    format: ACCESS_MAP_FORMAT,
    user: text(map.user, "user", userNameProblem),
    commands: {
      sudo: text(commands.sudo, "commands.sudo", pathProblem),
      xl: text(commands.xl, "commands.xl", pathProblem),
      logger: text(commands.logger, "commands.logger", pathProblem),
    },
    audit: auditOf(map.audit),
    domains: list(map.domains, "domains").map((domain, index) =>
      domainOf(domain, `domains[${String(index)}]`),
    ),
  };
}

/**
 * The access map for `user`, as JSON text.
 *
 * @example
 * ```ts
 * const text = renderAccessMap(model.users[0]!, model);
 * JSON.parse(text).domains; // [{ name: "vm1", config: "/etc/xen/vm1.cfg", actions: [...] }]
 * ```
 */
export function renderAccessMap(user: ConsoleUser, model: ConsoleGateModel): string {
  const access: ConsoleAccess = {
    format: ACCESS_MAP_FORMAT,
    user: user.name,
    commands: { sudo: model.layout.sudo, xl: model.layout.xl, logger: model.layout.logger },
    audit: model.audit,
    domains: user.domains,
  };
  return `${JSON.stringify(access, null, 2)}\n`;
}

/**
 * Parses and validates an access map. Every name and path is checked again
 * with the same rules the generators use, and the map must be for
 * `expectedUser`. (Checked by hand rather than with zod: the menu program is
 * bundled, and without zod it loads in a fraction of the time.)
 *
 * @throws {@link AccessMapError} naming the file and the first problem
 *
 * @example
 * ```ts
 * const access = parseAccessMap(text, "/etc/dom0kit/console/users/alice.json", "alice");
 * ```
 */
export function parseAccessMap(text: string, file: string, expectedUser: string): ConsoleAccess {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AccessMapError(file, "is not valid JSON", { cause: error });
  }
  let access: ConsoleAccess;
  try {
    access = accessOf(data);
  } catch (error) {
    if (error instanceof Invalid) throw new AccessMapError(file, error.message);
    throw error;
  }
  if (access.user !== expectedUser)
    throw new AccessMapError(file, `is for user ${access.user}, not ${expectedUser}`);
  return access;
}
