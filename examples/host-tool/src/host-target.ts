import { usageError } from "./cli-error.js";

/** Where commands run: this machine, a simulated dom0, or a dom0 over SSH. */
export type HostTarget =
  | { readonly kind: "local" }
  | { readonly kind: "sim"; readonly dir?: string }
  | { readonly kind: "ssh"; readonly destination: string; readonly port?: number };

const SSH_TARGET = /^ssh:\/\/(?:([a-z_][a-z0-9_-]*)@)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::([0-9]{1,5}))?$/;

/**
 * Parses `--host`: `local`, `sim`, `sim:DIR`, or `ssh://[user@]host[:port]`.
 *
 * @example
 * ```ts
 * parseHostTarget("ssh://root@dom0.example.net:2222"); // { kind: "ssh", destination: "root@dom0.example.net", port: 2222 }
 * ```
 */
export function parseHostTarget(text: string): HostTarget {
  if (text === "local") return { kind: "local" };
  if (text === "sim") return { kind: "sim" };
  if (text.startsWith("sim:")) {
    const dir = text.slice(4);
    if (dir === "")
      throw usageError(`--host ${text}: the state directory is empty`, "use --host sim or --host sim:DIR");
    return { kind: "sim", dir };
  }
  const ssh = SSH_TARGET.exec(text);
  if (ssh !== null) {
    const [, user, host = "", port] = ssh;
    const destination = user === undefined ? host : `${user}@${host}`;
    if (port === undefined) return { kind: "ssh", destination };
    const number = Number(port);
    if (number < 1 || number > 65535)
      throw usageError(`--host ${text}: port ${port} is out of range`, "ports are 1-65535");
    return { kind: "ssh", destination, port: number };
  }
  throw usageError(
    `--host ${JSON.stringify(text)} is not a host target`,
    "use local, sim, sim:DIR or ssh://[user@]host[:port]",
  );
}
