/** Syslog facilities the audit log may use. */
export const AUDIT_FACILITIES = [
  "auth",
  "authpriv",
  "daemon",
  "user",
  "local0",
  "local1",
  "local2",
  "local3",
  "local4",
  "local5",
  "local6",
  "local7",
] as const;

/** One of {@link AUDIT_FACILITIES}. */
export type AuditFacility = (typeof AUDIT_FACILITIES)[number];

/**
 * Where `dom0kit-console` sends its audit records (one per session start,
 * request, action and session end). Records go through util-linux `logger`:
 * to the local syslog socket by default (journald on Debian), or to a syslog
 * server.
 */
export interface AuditDestination {
  /** @default "authpriv" */
  readonly facility: AuditFacility;
  /** A remote (or local test) syslog server instead of the local socket. */
  readonly server?: { readonly host: string; readonly port: number; readonly protocol: "udp" | "tcp" };
  /** A local syslog socket other than `/dev/log`. */
  readonly socket?: string;
}

/** Audit records go to the local syslog with facility `authpriv`. */
export const DEFAULT_AUDIT: AuditDestination = { facility: "authpriv" };

/**
 * The `logger` arguments (before the message) that send a record to `destination`.
 *
 * @example
 * ```ts
 * loggerArguments({ facility: "authpriv" }, 4242);
 * // ["--tag", "dom0kit-console", "--id=4242", "--priority", "authpriv.notice"]
 * ```
 */
export function loggerArguments(destination: AuditDestination, pid: number): string[] {
  const target =
    destination.server !== undefined
      ? [
          "--server",
          destination.server.host,
          "--port",
          String(destination.server.port),
          destination.server.protocol === "udp" ? "--udp" : "--tcp",
        ]
      : destination.socket !== undefined
        ? ["--socket", destination.socket]
        : [];
  return [
    "--tag",
    "dom0kit-console",
    `--id=${String(pid)}`,
    "--priority",
    `${destination.facility}.notice`,
    ...target,
  ];
}
