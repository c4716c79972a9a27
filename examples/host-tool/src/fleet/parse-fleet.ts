import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { CliError } from "../cli-error.js";
import { parseHostTarget, type HostTarget } from "../host-target.js";
import { FleetFileError, type FleetFileIssue } from "./fleet-file-error.js";
import { fleetKeysAt, fleetSchema, type FleetFileData } from "./fleet-schema.js";
import { formatDataPath, locateYamlPath, type DataPath } from "@dom0kit/inventory";

/** One host of a fleet, ready to run on. */
export interface FleetHost {
  readonly name: string;
  /** Its inventory file, absolute. */
  readonly inventory: string;
  readonly target: HostTarget;
  /** The target as `--host` would take it, defaults applied (`ssh://root@dk1:22`, `sim:/abs/dir`). */
  readonly targetText: string;
}

/** A validated fleet file. */
export interface Fleet {
  /** The file it was read from. */
  readonly file: string;
  /** `defaults.parallel`, when the file sets it. */
  readonly parallel?: number;
  /** In the order of the file. */
  readonly hosts: readonly FleetHost[];
}

/**
 * `--host` text for a target: `local`, `sim`, `sim:DIR`, `ssh://dest[:port]`.
 *
 * @example
 * ```ts
 * formatHostTarget({ kind: "ssh", destination: "root@dk1", port: 2222 }); // "ssh://root@dk1:2222"
 * ```
 */
export function formatHostTarget(target: HostTarget): string {
  switch (target.kind) {
    case "local":
      return "local";
    case "sim":
      return target.dir === undefined ? "sim" : `sim:${target.dir}`;
    case "ssh":
      return `ssh://${target.destination}${target.port === undefined ? "" : `:${String(target.port)}`}`;
  }
}

interface PendingIssue {
  readonly path: DataPath;
  readonly key?: string;
  readonly message: string;
}

function zodIssues(issues: readonly z.core.$ZodIssue[]): PendingIssue[] {
  return issues.flatMap((issue): PendingIssue[] => {
    if (issue.code === "unrecognized_keys") {
      const accepted = fleetKeysAt(issue.path).join(", ");
      return issue.keys.map((key) => ({
        path: issue.path,
        key,
        message: `unknown key "${key}" (accepted: ${accepted})`,
      }));
    }
    const missing = issue.code === "invalid_type" && issue.message.endsWith("received undefined");
    const message = missing ? `is required (${issue.message})` : issue.message;
    return [{ path: issue.path, message }];
  });
}

/** A target as written, with `defaults.user`/`defaults.port` applied and a `sim:DIR` made absolute. */
function resolveTarget(text: string, data: FleetFileData, base: string): HostTarget {
  const target = parseHostTarget(text);
  if (target.kind === "sim" && target.dir !== undefined && !isAbsolute(target.dir))
    return { kind: "sim", dir: resolve(base, target.dir) };
  if (target.kind !== "ssh") return target;
  const user = data.defaults?.user;
  const destination =
    user === undefined || target.destination.includes("@")
      ? target.destination
      : `${user}@${target.destination}`;
  const port = target.port ?? data.defaults?.port;
  return port === undefined ? { kind: "ssh", destination } : { kind: "ssh", destination, port };
}

/** What a bad target is, without the `--host` of the command-line message. */
function targetProblem(error: unknown): string {
  if (!(error instanceof CliError)) throw error;
  const what = error.message.replace(/^--host /, "");
  return error.hint === undefined ? what : `${what}; ${error.hint}`;
}

function buildHosts(data: FleetFileData, base: string): { hosts: FleetHost[]; issues: PendingIssue[] } {
  const issues: PendingIssue[] = [];
  const hosts: FleetHost[] = [];
  const byName = new Map<string, number>();
  const byTarget = new Map<string, number>();
  data.hosts.forEach((host, index) => {
    const earlier = byName.get(host.name);
    if (earlier === undefined) byName.set(host.name, index);
    else
      issues.push({
        path: ["hosts", index, "name"],
        message: `duplicate host name "${host.name}" (hosts[${String(earlier)}] has it); each host needs its own name`,
      });
    const inventory = host.inventory ?? data.defaults?.inventory;
    if (inventory === undefined)
      issues.push({
        path: ["hosts", index],
        message: "has no inventory: give it `inventory: FILE` or set `defaults.inventory`",
      });
    let target: HostTarget | undefined;
    try {
      target = resolveTarget(host.target, data, base);
    } catch (error) {
      issues.push({ path: ["hosts", index, "target"], message: targetProblem(error) });
    }
    if (target === undefined || inventory === undefined) return;
    const targetText = formatHostTarget(target);
    const sameTarget = byTarget.get(targetText);
    if (sameTarget === undefined) byTarget.set(targetText, index);
    else
      issues.push({
        path: ["hosts", index, "target"],
        message: `${targetText} is already the target of hosts[${String(sameTarget)}]; a host may appear once`,
      });
    hosts.push({ name: host.name, inventory: resolve(base, inventory), target, targetText });
  });
  return { hosts, issues };
}

function located(document: Document, lines: LineCounter, issues: readonly PendingIssue[]): FleetFileIssue[] {
  return issues
    .map((issue) => ({
      path: formatDataPath(issue.key === undefined ? issue.path : [...issue.path, issue.key]),
      ...locateYamlPath(document, lines, issue.path, issue.key === undefined ? {} : { key: issue.key }),
      message: issue.message,
    }))
    .sort((left, right) => left.line - right.line || left.column - right.column);
}

/**
 * Parses and validates a fleet file's YAML. Paths in it (inventories, `sim:DIR`)
 * are relative to the file's directory.
 *
 * @throws {@link FleetFileError} listing every problem with its YAML path, line and column.
 * @example
 * ```ts
 * const fleet = parseFleet("hosts:\n  - { name: dk1, inventory: dk1.yaml, target: ssh://root@dk1 }\n", "/etc/dom0kit/fleet.yaml");
 * fleet.hosts[0].inventory; // "/etc/dom0kit/dk1.yaml"
 * ```
 */
export function parseFleet(text: string, file: string): Fleet {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const issues = document.errors.map((error) => {
      const position = lines.linePos(error.pos[0]);
      return {
        path: "",
        line: position.line,
        column: position.col,
        message: error.message.split("\n")[0] ?? "",
      };
    });
    throw new FleetFileError("FLEET_SYNTAX", file, issues);
  }
  const parsed = fleetSchema.safeParse(document.toJS());
  if (!parsed.success)
    throw new FleetFileError("FLEET_INVALID", file, located(document, lines, zodIssues(parsed.error.issues)));
  const { hosts, issues } = buildHosts(parsed.data, dirname(resolve(file)));
  if (issues.length > 0) throw new FleetFileError("FLEET_INVALID", file, located(document, lines, issues));
  const parallel = parsed.data.defaults?.parallel;
  return { file, hosts, ...(parallel === undefined ? {} : { parallel }) };
}

/**
 * Reads, parses and validates a fleet file.
 *
 * @throws {@link FleetFileError} when the file cannot be read or is not a valid fleet.
 * @example
 * ```ts
 * const fleet = await loadFleet("examples/fleets/example.yaml");
 * console.log(fleet.hosts.map((host) => `${host.name} ${host.targetText}`));
 * ```
 */
export async function loadFleet(file: string): Promise<Fleet> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new FleetFileError(
      "FLEET_UNREADABLE",
      file,
      [{ path: "", line: 0, column: 0, message: `cannot read the fleet file: ${reason}` }],
      { cause: error },
    );
  }
  return parseFleet(text, file);
}
