import { z } from "zod";
import { CONSOLE_ACTIONS, type ConsoleAction } from "./actions.js";
import { AUDIT_FACILITIES, type AuditDestination } from "./audit-destination.js";
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

const checked = (problem: (value: string) => string | undefined) =>
  z.string().superRefine((value, context) => {
    const found = problem(value);
    if (found !== undefined) context.addIssue({ code: "custom", message: found });
  });

const accessSchema = z.strictObject({
  format: z.literal(ACCESS_MAP_FORMAT),
  user: checked(userNameProblem),
  commands: z.strictObject({
    sudo: checked(pathProblem),
    xl: checked(pathProblem),
    logger: checked(pathProblem),
  }),
  audit: z.strictObject({
    facility: z.enum(AUDIT_FACILITIES),
    server: z
      .strictObject({
        host: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.:-]{0,252}$/),
        port: z.number().int().min(1).max(65535),
        protocol: z.enum(["udp", "tcp"]),
      })
      .optional(),
    socket: checked(pathProblem).optional(),
  }),
  domains: z
    .array(
      z.strictObject({
        name: checked(domainNameProblem),
        config: checked(pathProblem),
        actions: z.array(z.enum(CONSOLE_ACTIONS as [ConsoleAction, ...ConsoleAction[]])),
      }),
    )
    .min(1),
});

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
 * `expectedUser`.
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
  const parsed = accessSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join(".") ?? "";
    throw new AccessMapError(file, `${where === "" ? "" : `${where}: `}${issue?.message ?? "invalid"}`);
  }
  if (parsed.data.user !== expectedUser) {
    throw new AccessMapError(file, `is for user ${parsed.data.user}, not ${expectedUser}`);
  }
  return parsed.data as ConsoleAccess;
}
