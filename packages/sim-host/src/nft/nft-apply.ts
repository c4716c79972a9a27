import type { NftChain, NftSet, NftSetElement, NftState, NftTable } from "./model.js";
import type { NftAction } from "./nft-parser.js";
import type { NftToken } from "./nft-lexer.js";
import { valueJson, valueText, type RawValue } from "./nft-values.js";

/** An action the kernel refused, with the token to point at. */
export class NftApplyError extends Error {
  constructor(
    readonly token: NftToken,
    message: string,
  ) {
    super(message);
  }
}

function findTable(state: NftState, family: string, name: string): NftTable | undefined {
  return state.tables.find((table) => table.family === family && table.name === name);
}

function requireTable(
  state: NftState,
  action: { family: string; table: string; token: NftToken; tableToken?: NftToken },
): NftTable {
  const table = findTable(state, action.family, action.table);
  if (table === undefined)
    throw new NftApplyError(
      action.tableToken ?? action.token,
      "Could not process rule: No such file or directory",
    );
  return table;
}

function requireChain(table: NftTable, name: string, token: NftToken): NftChain {
  const chain = table.chains.find((each) => each.name === name);
  if (chain === undefined)
    throw new NftApplyError(token, "Could not process rule: No such file or directory");
  return chain;
}

function requireSet(table: NftTable, name: string, token: NftToken): NftSet {
  const set = table.sets.find((each) => each.name === name);
  if (set === undefined) throw new NftApplyError(token, "Could not process rule: No such file or directory");
  return set;
}

function element(
  set: Pick<NftSet, "type" | "map">,
  key: RawValue,
  value: RawValue | undefined,
): NftSetElement {
  return {
    key: valueJson(key, set.type),
    keyText: valueText(key, set.type),
    ...(value === undefined || set.map === undefined
      ? {}
      : { value: valueJson(value, set.map), valueText: valueText(value, set.map) }),
  };
}

function addressKey(element: NftSetElement): number {
  const key = element.key;
  const text =
    typeof key === "string"
      ? key
      : typeof key === "object" && key !== null && "prefix" in key
        ? String((key.prefix as { addr: string }).addr)
        : "";
  const parts = text.split(".");
  return parts.length === 4 ? parts.reduce((sum, part) => sum * 256 + Number(part), 0) : 0;
}

/** The kernel keeps an interval set in an rbtree: nft lists it in address order. */
function sortInterval(set: NftSet): void {
  if (set.flags.includes("interval") && set.type === "ipv4_addr")
    set.elements.sort((a, b) => addressKey(a) - addressKey(b));
}

/**
 * Applies parsed nft actions to a copy of the ruleset, all or nothing, as a
 * netlink batch does. Handles are handed out per table (chains, sets,
 * anonymous sets and rules share one counter); table handles are global.
 *
 * @throws {@link NftApplyError} for a missing table, chain or set, or a `create` of an existing one.
 */
export function applyNftActions(current: NftState, actions: readonly NftAction[]): NftState {
  const state = structuredClone(current);
  // A table block declares its chains before its sets before its rules (as nft's batch does).
  const order = (action: NftAction): number =>
    action.op === "add-chain" || action.op === "create-chain" ? 1 : action.op === "add-set" ? 2 : 3;
  const sorted: NftAction[] = [];
  let group: NftAction[] = [];
  const flush = (): void => {
    sorted.push(...group.sort((a, b) => order(a) - order(b)));
    group = [];
  };
  for (const action of actions) {
    if (
      action.op === "add-table" ||
      action.op === "create-table" ||
      !["add-chain", "create-chain", "add-set", "add-rule"].includes(action.op)
    ) {
      flush();
      sorted.push(action);
    } else {
      group.push(action);
    }
  }
  flush();

  const touched = new Set<NftSet>();
  for (const action of sorted) {
    switch (action.op) {
      case "flush-ruleset":
        state.tables = state.tables.filter(
          (table) => action.family !== undefined && table.family !== action.family,
        );
        break;
      case "add-table":
      case "create-table": {
        const existing = findTable(state, action.family, action.table);
        if (existing !== undefined && action.op === "create-table")
          throw new NftApplyError(action.token, "Could not process rule: File exists");
        if (existing === undefined) {
          state.tables.push({
            family: action.family,
            name: action.table,
            handle: state.nextTableHandle,
            chains: [],
            sets: [],
            nextHandle: 1,
          });
          state.nextTableHandle += 1;
        }
        break;
      }
      case "delete-table": {
        requireTable(state, action);
        state.tables = state.tables.filter(
          (table) => !(table.family === action.family && table.name === action.table),
        );
        break;
      }
      case "flush-table": {
        const table = requireTable(state, action);
        for (const chain of table.chains) chain.rules = [];
        for (const set of table.sets) set.elements = [];
        break;
      }
      case "add-chain":
      case "create-chain": {
        const table = requireTable(state, action);
        const existing = table.chains.find((chain) => chain.name === action.chain);
        if (existing !== undefined) {
          if (action.op === "create-chain")
            throw new NftApplyError(action.token, "Could not process rule: File exists");
          if (action.base !== undefined) existing.base = { ...action.base, prioText: "" };
          break;
        }
        table.chains.push({
          name: action.chain,
          handle: table.nextHandle,
          ...(action.base === undefined ? {} : { base: { ...action.base, prioText: "" } }),
          rules: [],
        });
        table.nextHandle += 1;
        break;
      }
      case "delete-chain":
      case "flush-chain": {
        const table = requireTable(state, action);
        const chain = requireChain(table, action.chain, action.token);
        if (action.op === "flush-chain") chain.rules = [];
        else {
          if (chain.rules.length > 0)
            throw new NftApplyError(action.token, "Could not process rule: Device or resource busy");
          table.chains = table.chains.filter((each) => each !== chain);
        }
        break;
      }
      case "add-set": {
        const table = requireTable(state, action);
        let set = table.sets.find((each) => each.name === action.set.name);
        if (set === undefined) {
          set = {
            name: action.set.name,
            handle: table.nextHandle,
            type: action.set.type,
            ...(action.set.map === undefined ? {} : { map: action.set.map }),
            flags: [...action.set.flags],
            elements: [],
          };
          table.nextHandle += 1;
          table.sets.push(set);
        }
        const target = set;
        for (const [key, value] of action.set.elements) {
          if (
            !target.elements.some(
              (each) => JSON.stringify(each.key) === JSON.stringify(valueJson(key, target.type)),
            )
          )
            target.elements.push(element(target, key, value));
        }
        touched.add(target);
        break;
      }
      case "delete-set":
      case "flush-set": {
        const table = requireTable(state, action);
        const set = requireSet(table, action.set, action.token);
        if (action.op === "flush-set") set.elements = [];
        else table.sets = table.sets.filter((each) => each !== set);
        break;
      }
      case "add-element":
      case "delete-element": {
        const table = requireTable(state, action);
        const set = requireSet(table, action.set, action.token);
        for (const [key, value] of action.elements) {
          const json = JSON.stringify(valueJson(key, set.type));
          const at = set.elements.findIndex((each) => JSON.stringify(each.key) === json);
          if (action.op === "delete-element") {
            if (at < 0)
              throw new NftApplyError(action.token, "Could not process rule: No such file or directory");
            set.elements.splice(at, 1);
          } else if (at < 0) {
            set.elements.push(element(set, key, value));
          }
        }
        touched.add(set);
        break;
      }
      case "add-rule":
      case "insert-rule": {
        const table = requireTable(state, action);
        const chain = requireChain(table, action.chain, action.token);
        for (const name of action.rule.setRefs) requireSet(table, name, action.token);
        for (const target of action.rule.jumpTargets) requireChain(table, target, action.token);
        table.nextHandle += action.rule.anonymousSets;
        const rule = {
          handle: table.nextHandle,
          expr: action.rule.expr,
          text: action.rule.text,
          ...(action.rule.comment === undefined ? {} : { comment: action.rule.comment }),
        };
        table.nextHandle += 1;
        if (action.op === "insert-rule") chain.rules.unshift(rule);
        else chain.rules.push(rule);
        break;
      }
      case "delete-rule": {
        const table = requireTable(state, action);
        const chain = requireChain(table, action.chain, action.token);
        const before = chain.rules.length;
        chain.rules = chain.rules.filter((rule) => rule.handle !== action.handle);
        if (chain.rules.length === before)
          throw new NftApplyError(action.token, "Could not process rule: No such file or directory");
        break;
      }
      case "list":
        break;
    }
  }
  for (const set of touched) sortInterval(set);
  return state;
}
