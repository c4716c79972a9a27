import { z } from "zod";
import { SimHostError } from "../errors.js";

/**
 * Which commands a fault watches. `argvPrefix` starts with the program's base
 * name (`["xl", "save"]`, `["dd"]`); `argvRegex`, if given, must also match the
 * whole argv joined by single spaces (`"if=/dev/vg0/vm1-disk-snap"`). Wrappers
 * (`sudo`, `nice`, `ionice -c …`) are looked through: `ionice -c3 dd …` matches `["dd"]`.
 */
export const commandPatternSchema = z
  .object({
    argvPrefix: z.array(z.string()).min(1),
    argvRegex: z.string().optional(),
  })
  .strict();

/** What happens to the command a fault fires on. */
export const faultEffectSchema = z.discriminatedUnion("kind", [
  z
    .object({
      /** The command does not run; it exits with `exitCode`, printing `stdout`/`stderr`. */
      kind: z.literal("fail"),
      exitCode: z.number().int().min(1).max(255),
      stderr: z.string().default(""),
      stdout: z.string().default(""),
      /**
       * For programs that stream data (dd, cat, zstd…): run for real, pass this
       * many bytes of output, then fail — a stream cut short.
       */
      afterBytes: z.number().int().min(0).optional(),
    })
    .strict(),
  z
    .object({
      /** The command never finishes: it waits until its timeout, cancellation, or a kill. */
      kind: z.literal("hang"),
    })
    .strict(),
  z
    .object({
      /**
       * The command runs normally; afterwards snapshot `lv` (`vg/name`) is filled
       * to `percent`. 100 overflows it: it becomes invalid (`I` in `lvs`).
       */
      kind: z.literal("fill-snapshot"),
      lv: z.string().regex(/^[A-Za-z0-9+_.-]+\/[A-Za-z0-9+_.-]+$/),
      percent: z.number().min(0).max(100).default(100),
    })
    .strict(),
  z
    .object({
      /** The command runs normally; afterwards domain `domain` crashes (its `on_crash` action applies). */
      kind: z.literal("crash-domain"),
      domain: z.string().min(1),
    })
    .strict(),
]);

/**
 * A fault to inject: when the `nth` command matching `match` arrives (counting
 * from when the fault was added, across every process using the state dir),
 * apply `effect` — to it and to the next `times - 1` matching commands, or to
 * every later one with `times: "always"`.
 *
 * @example
 * ```ts
 * const secondSaveFails: FaultSpecInput = {
 *   match: { argvPrefix: ["xl", "save"] },
 *   nth: 2,
 *   effect: { kind: "fail", exitCode: 1, stderr: "Failed to save domain, resuming domain\n" },
 * };
 * ```
 */
export const faultSpecSchema = z
  .object({
    match: commandPatternSchema,
    nth: z.number().int().min(1).default(1),
    times: z.union([z.number().int().min(1), z.literal("always")]).default(1),
    effect: faultEffectSchema,
    /** Free text shown by `dom0kit-sim fault list`. */
    note: z.string().optional(),
  })
  .strict();

/** A fault as a caller writes it (defaults not yet applied). */
export type FaultSpecInput = z.input<typeof faultSpecSchema>;
/** A fault with defaults applied. */
export type FaultSpec = z.output<typeof faultSpecSchema>;
/** What a fault does when it fires. */
export type FaultEffect = z.output<typeof faultEffectSchema>;
/** Which commands a fault watches. */
export type CommandPattern = z.output<typeof commandPatternSchema>;

/** An installed fault and how often it has matched and fired. */
export interface FaultRecord {
  readonly id: number;
  readonly spec: FaultSpec;
  /** Matching commands seen since the fault was added. */
  matched: number;
  /** Times the effect was applied. */
  fired: number;
}

/**
 * Validates a fault spec and fills in defaults.
 *
 * @throws {@link SimHostError} `SIM_FAULT_INVALID` naming the field.
 * @example
 * ```ts
 * parseFaultSpec({ match: { argvPrefix: ["lvcreate"] }, effect: { kind: "hang" } }).nth; // 1
 * ```
 */
export function parseFaultSpec(input: unknown): FaultSpec {
  const result = faultSpecSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SimHostError(
      "SIM_FAULT_INVALID",
      `invalid fault at ${issue?.path.join(".") || "(top)"}: ${issue?.message ?? "invalid"}`,
      { cause: result.error },
    );
  }
  if (result.data.match.argvRegex !== undefined) {
    try {
      new RegExp(result.data.match.argvRegex);
    } catch (error) {
      throw new SimHostError(
        "SIM_FAULT_INVALID",
        `invalid fault at match.argvRegex: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return result.data;
}
