import type { z } from "zod";
import { domainSchema, dom0Schema, hostSchema, poolSchema, schedulerInputSchema } from "./input-schema.js";

/** The keys each object of the input accepts, by the name of its last path segment. */
function acceptedKeys(path: readonly PropertyKey[]): readonly string[] {
  const last = path.at(-1);
  if (path.length === 0) return Object.keys(schedulerInputSchema.shape);
  if (typeof last === "number" && path.at(-2) === "domains") return Object.keys(domainSchema.shape);
  if (last === "host") return Object.keys(hostSchema.shape);
  if (last === "dom0") return Object.keys(dom0Schema.shape);
  if (last === "pool") return Object.keys(poolSchema.shape);
  return [];
}

function accepted(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "array" && issue.path.at(-1) === "pinning"
        ? 'a CPU list such as "0-3,^1", or one entry per vcpu such as [0, 2]'
        : `a value of type ${issue.expected}`;
    case "too_small":
      return `${issue.inclusive === false ? ">" : "≥"} ${String(issue.minimum)}`;
    case "too_big":
      return `${issue.inclusive === false ? "<" : "≤"} ${String(issue.maximum)}`;
    case "invalid_value":
      return issue.values.map((value) => String(value)).join(", ");
    case "unrecognized_keys":
      return `the keys ${acceptedKeys(issue.path).join(", ")}`;
    case "invalid_union":
      return issue.path.at(-1) === "pinning"
        ? 'a CPU list such as "0-3,^1", or one entry per vcpu such as [0, 2]'
        : "one of the documented forms";
    default:
      return "see the schema in the package README";
  }
}

/**
 * One zod issue as a sentence that ends with what is accepted.
 *
 * @example
 * ```ts
 * // { code: "too_small", minimum: 1, … } → "Too small: expected number to be >=1; accepted: ≥ 1"
 * ```
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.message.includes("accepted")) return issue.message;
  return `${issue.message}; accepted: ${accepted(issue)}`;
}
