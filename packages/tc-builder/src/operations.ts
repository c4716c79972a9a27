import type { DomainAddress, HtbClassParameters, TbfParameters } from "./desired-state.js";
import type { ClassificationStrategy } from "./strategy.js";

/**
 * One change to tc state. Each becomes one `tc` command, or one line of a
 * `tc -batch` file.
 *
 * @example
 * ```ts
 * const op: TcOperation = { op: "class-delete", dev: "peth0", minor: 0x2a, why: "vm9 was removed" };
 * ```
 */
export type TcOperation =
  | {
      /** `tbf-add` replaces the kernel's default root qdisc; `tbf-change` updates dom0kit's own. */
      readonly op: "tbf-add" | "tbf-change";
      readonly dev: string;
      readonly params: TbfParameters;
      readonly why: string;
    }
  | { readonly op: "qdisc-delete"; readonly dev: string; readonly why: string }
  | { readonly op: "htb-add"; readonly dev: string; readonly defaultMinor: number; readonly why: string }
  | {
      readonly op: "class-add" | "class-change";
      readonly dev: string;
      readonly minor: number;
      readonly parent: number | "root";
      readonly params: HtbClassParameters;
      readonly why: string;
    }
  | { readonly op: "class-delete"; readonly dev: string; readonly minor: number; readonly why: string }
  | {
      readonly op: "u32-add";
      readonly dev: string;
      readonly prio: number;
      readonly address: DomainAddress;
      readonly minor: number;
      readonly why: string;
    }
  | {
      readonly op: "fw-add";
      readonly dev: string;
      readonly prio: number;
      readonly mark: number;
      readonly mask: number;
      readonly minor: number;
      readonly why: string;
    }
  | {
      readonly op: "filter-delete";
      readonly dev: string;
      readonly protocol: string;
      readonly prio: number;
      readonly kind: string;
      /** One entry; without it, the whole classifier instance at this prio. */
      readonly handle?: string;
      readonly why: string;
    };

/**
 * A vif and the class minor id its packets belong to.
 * @example
 * ```ts
 * const element: VifClass = { vif: "vif1.0", minor: 0x2a };
 * ```
 */
export interface VifClass {
  readonly vif: string;
  readonly minor: number;
}

/**
 * One change to dom0kit's nftables table; all of a plan's go into one `nft -f` transaction.
 * @example
 * ```ts
 * const op: NftOperation = { op: "nft-delete-elements", vifs: ["vif9.0"], why: "vm9 was removed" };
 * ```
 */
export type NftOperation =
  | {
      readonly op: "nft-create";
      readonly elements: readonly VifClass[];
      /** Delete a damaged table first, in the same transaction. */
      readonly replace: boolean;
      readonly why: string;
    }
  | { readonly op: "nft-add-elements"; readonly elements: readonly VifClass[]; readonly why: string }
  | { readonly op: "nft-delete-elements"; readonly vifs: readonly string[]; readonly why: string }
  | { readonly op: "nft-delete-table"; readonly why: string };

/**
 * A rule of dom0kit's iptables chain.
 * @example
 * ```ts
 * const rule: IptablesRuleSpec = { vif: "vif1.0", target: { kind: "classify", minor: 0x2a } };
 * ```
 */
export interface IptablesRuleSpec {
  readonly vif: string;
  readonly target:
    { readonly kind: "classify"; readonly minor: number } | { readonly kind: "mark"; readonly mark: number };
}

/**
 * One change to dom0kit's iptables (family 4) or ip6tables (family 6) chain.
 * @example
 * ```ts
 * const op: IptablesOperation = { op: "iptables-remove", family: 4, removeJump: true, why: "switching to nft" };
 * ```
 */
export type IptablesOperation =
  | {
      readonly op: "iptables-write";
      readonly family: 4 | 6;
      /** Whether the chain exists already (single commands then flush it instead of creating it). */
      readonly chainExists: boolean;
      /** The chain's new contents (the chain is flushed and refilled atomically). */
      readonly rules: readonly IptablesRuleSpec[];
      /** Also insert `-I FORWARD 1 -j DOM0KIT-SHAPE` (it is missing); first, so no earlier ACCEPT skips it. */
      readonly addJump: boolean;
      readonly why: string;
    }
  | {
      readonly op: "iptables-remove";
      readonly family: 4 | 6;
      readonly removeJump: boolean;
      readonly why: string;
    };

/**
 * Turning on bridge-nf-call-iptables/-ip6tables (and loading br_netfilter when it is not).
 * @example
 * ```ts
 * const op: SysctlOperation = { op: "bridge-netfilter-on", loadModule: false, why: "physdev rules" };
 * ```
 */
export interface SysctlOperation {
  readonly op: "bridge-netfilter-on";
  readonly loadModule: boolean;
  readonly why: string;
}

/**
 * Something on the host dom0kit did not create and will not touch: reported,
 * never deleted.
 *
 * @example
 * ```ts
 * const finding: ForeignObject = { kind: "qdisc", dev: "vif3.0", description: "sfq 5: at root", effect: "vm3 is not shaped toward it" };
 * ```
 */
export interface ForeignObject {
  readonly kind: "qdisc" | "filter";
  readonly dev: string;
  readonly description: string;
  /** What dom0kit does not do because of it. */
  readonly effect: string;
}

/**
 * The difference between the desired and the live state: every change to
 * make, in order, and what was left alone. An unchanged inventory gives a
 * change set with no operations.
 *
 * @example
 * ```ts
 * const changes = diffShaping(desired, live, "nft");
 * countOperations(changes); // 0 when nothing changed
 * ```
 */
export interface ChangeSet {
  readonly strategy: ClassificationStrategy;
  /** dom0kit's qdisc major handle. */
  readonly handle: number;
  readonly uplink: string;
  readonly sysctl: readonly SysctlOperation[];
  readonly tc: readonly TcOperation[];
  readonly nft: readonly NftOperation[];
  readonly iptables: readonly IptablesOperation[];
  readonly foreign: readonly ForeignObject[];
  /** Remarks: a vif that does not exist yet (its domU is not running), so it has no TBF now. */
  readonly notes: readonly string[];
}

/**
 * How many changes a change set makes (0: the host is already as desired).
 *
 * @example
 * ```ts
 * if (countOperations(changes) === 0) console.log("nothing to do");
 * ```
 */
export function countOperations(changes: ChangeSet): number {
  return changes.sysctl.length + changes.tc.length + changes.nft.length + changes.iptables.length;
}
