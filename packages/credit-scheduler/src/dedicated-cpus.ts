import type { Dom0Settings } from "./input-schema.js";

/**
 * The pCPUs reserved for dom0: `dedicatedPcpus: 2` means pCPUs 0 and 1, a list names
 * them; sorted, without repeats.
 *
 * @example
 * ```ts
 * dedicatedCpus({ dedicatedPcpus: 2 }); // [0, 1]
 * dedicatedCpus({ dedicatedPcpus: [3] }); // [3]
 * ```
 */
export function dedicatedCpus(dom0: Pick<Dom0Settings, "dedicatedPcpus">): readonly number[] {
  const { dedicatedPcpus } = dom0;
  if (typeof dedicatedPcpus === "number") return Array.from({ length: dedicatedPcpus }, (_, cpu) => cpu);
  return [...new Set(dedicatedPcpus)].sort((a, b) => a - b);
}
