import { formatClassId } from "../class-id.js";
import { NFT_CHAIN, NFT_FAMILY, NFT_MAP, NFT_TABLE } from "../live/parse-nft.js";
import type { NftOperation, VifClass } from "../operations.js";

const TABLE = `${NFT_FAMILY} ${NFT_TABLE}`;

function elementList(elements: readonly VifClass[], handle: number): string {
  return elements.map(({ vif, minor }) => `"${vif}" : ${formatClassId(handle, minor)}`).join(", ");
}

/**
 * The words of single `nft` commands for one operation (each array is one
 * process's argv after `nft`; nft joins its arguments with spaces).
 *
 * @example
 * ```ts
 * nftCommandWords({ op: "nft-delete-table", why: "" }, 0xd0); // [["delete", "table", "bridge", "dom0kit"]]
 * ```
 */
export function nftCommandWords(operation: NftOperation, handle: number): string[][] {
  const element = ({ vif, minor }: VifClass): string[] => [
    "add",
    "element",
    NFT_FAMILY,
    NFT_TABLE,
    NFT_MAP,
    "{",
    `"${vif}"`,
    ":",
    formatClassId(handle, minor),
    "}",
  ];
  switch (operation.op) {
    case "nft-create":
      return [
        ...(operation.replace ? [["delete", "table", NFT_FAMILY, NFT_TABLE]] : []),
        ["add", "table", NFT_FAMILY, NFT_TABLE],
        ["add", "map", NFT_FAMILY, NFT_TABLE, NFT_MAP, "{", "type", "ifname", ":", "classid", ";", "}"],
        [
          "add",
          "chain",
          NFT_FAMILY,
          NFT_TABLE,
          NFT_CHAIN,
          "{",
          "type",
          "filter",
          "hook",
          "forward",
          "priority",
          "0",
          ";",
          "policy",
          "accept",
          ";",
          "}",
        ],
        [
          "add",
          "rule",
          NFT_FAMILY,
          NFT_TABLE,
          NFT_CHAIN,
          "meta",
          "priority",
          "set",
          "iifname",
          "map",
          `@${NFT_MAP}`,
        ],
        ...operation.elements.map(element),
      ];
    case "nft-add-elements":
      return operation.elements.map(element);
    case "nft-delete-elements":
      return operation.vifs.map((vif) => [
        "delete",
        "element",
        NFT_FAMILY,
        NFT_TABLE,
        NFT_MAP,
        "{",
        `"${vif}"`,
        "}",
      ]);
    case "nft-delete-table":
      return [["delete", "table", NFT_FAMILY, NFT_TABLE]];
  }
}

/**
 * An `nft -f` file for a list of operations: one atomic transaction (all or
 * nothing).
 *
 * @example
 * ```ts
 * nftFile([{ op: "nft-add-elements", elements: [{ vif: "vif1.0", minor: 0x2a }], why: "" }], 0xd0);
 * // 'add element bridge dom0kit vif_class { "vif1.0" : d0:2a }\n'
 * ```
 */
export function nftFile(operations: readonly NftOperation[], handle: number): string {
  const lines: string[] = [];
  for (const operation of operations) {
    switch (operation.op) {
      case "nft-create":
        if (operation.replace) lines.push(`delete table ${TABLE}`);
        lines.push(
          `table ${TABLE} {`,
          `\tmap ${NFT_MAP} {`,
          "\t\ttype ifname : classid",
          "\t}",
          `\tchain ${NFT_CHAIN} {`,
          "\t\ttype filter hook forward priority 0; policy accept;",
          `\t\tmeta priority set iifname map @${NFT_MAP}`,
          "\t}",
          "}",
        );
        if (operation.elements.length > 0) {
          lines.push(`add element ${TABLE} ${NFT_MAP} { ${elementList(operation.elements, handle)} }`);
        }
        break;
      case "nft-add-elements":
        lines.push(`add element ${TABLE} ${NFT_MAP} { ${elementList(operation.elements, handle)} }`);
        break;
      case "nft-delete-elements":
        lines.push(
          `delete element ${TABLE} ${NFT_MAP} { ${operation.vifs.map((vif) => `"${vif}"`).join(", ")} }`,
        );
        break;
      case "nft-delete-table":
        lines.push(`delete table ${TABLE}`);
        break;
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
