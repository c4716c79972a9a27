import { z } from "zod";

/** A host's name in a fleet: what progress lines and the summary call it. */
export const FLEET_HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** The most hosts a fleet command runs at once. */
export const MAX_PARALLEL = 64;

const path = z.string().min(1, "must not be empty (a path relative to the fleet file)");

/** One host of a fleet file. */
export const fleetHostSchema = z.strictObject({
  /** Unique in the file: letters, digits, `.`, `_`, `-`, at most 63. */
  name: z
    .string()
    .regex(FLEET_HOST_NAME, "must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit"),
  /** Its inventory, relative to the fleet file. @default defaults.inventory */
  inventory: path.optional(),
  /** Where it runs: `ssh://[user@]host[:port]`, `sim:DIR` (relative to the fleet file), `sim` or `local`. */
  target: z.string().min(1, "must not be empty (ssh://[user@]host[:port], sim:DIR or local)"),
});

/** What every host gets unless it says otherwise. */
export const fleetDefaultsSchema = z.strictObject({
  /** The inventory of hosts that name none. */
  inventory: path.optional(),
  /** How many hosts run at once (`--parallel` wins). @default 4 */
  parallel: z.int().min(1).max(MAX_PARALLEL).optional(),
  /** The login user of `ssh://` targets that name none. */
  user: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]*$/, "must be a user name: lower-case letters, digits, '_' or '-'")
    .optional(),
  /** The port of `ssh://` targets that name none. */
  port: z.int().min(1).max(65535).optional(),
});

/**
 * A fleet file: the dom0s one `dom0kit apply|status --fleet` runs on.
 *
 * @example
 * ```ts
 * fleetSchema.parse({ hosts: [{ name: "dk1", inventory: "dk1.yaml", target: "ssh://root@dk1.example.net" }] });
 * ```
 */
export const fleetSchema = z.strictObject({
  defaults: fleetDefaultsSchema.optional(),
  hosts: z.array(fleetHostSchema).min(1, "needs at least one host"),
});

/** A fleet file as written. */
export type FleetFileInput = z.input<typeof fleetSchema>;
/** A fleet file after validation. */
export type FleetFileData = z.output<typeof fleetSchema>;

/** The keys an object at `path` in a fleet file accepts (for unknown-key messages). */
export function fleetKeysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return Object.keys(fleetSchema.shape);
  if (path[0] === "defaults" && path.length === 1) return Object.keys(fleetDefaultsSchema.shape);
  if (path[0] === "hosts" && path.length === 2) return Object.keys(fleetHostSchema.shape);
  return [];
}
