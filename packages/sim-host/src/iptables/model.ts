/** One iptables table: its chains with policies, and rules as written. */
export interface IptablesTable {
  readonly name: string;
  chains: { name: string; policy: string }[];
  /** Rules in order, each the `-A CHAIN …` line without the leading `-A`. */
  rules: { chain: string; spec: string }[];
}

/** IPv4 and IPv6 rule sets, as iptables-restore left them. */
export interface IptablesState {
  v4: IptablesTable[];
  v6: IptablesTable[];
}
