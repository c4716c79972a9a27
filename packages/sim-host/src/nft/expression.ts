/** A libnftables JSON value: statements and expressions in `nft -j` output. */
export type NftExpression =
  string | number | boolean | null | NftExpression[] | { [key: string]: NftExpression };
