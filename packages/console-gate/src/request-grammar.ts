import type { ConsoleAction } from "./actions.js";
import { DOMAIN_NAME_PATTERN } from "./names.js";

/** A customer's request, as the fixed grammar understood it. */
export type ConsoleRequest =
  | {
      readonly kind: "action";
      readonly action: ConsoleAction;
      /** The domain named, if any (the menu's or the only domain otherwise). */
      readonly domain?: string;
      /** `destroy … --yes`: confirmed in advance (for use without a terminal). */
      readonly confirmed: boolean;
    }
  | { readonly kind: "help" }
  | { readonly kind: "domains" }
  | { readonly kind: "use"; readonly domain: string }
  | { readonly kind: "exit" };

/** The outcome of {@link parseConsoleRequest}. */
export type ParsedRequest =
  { readonly ok: true; readonly request: ConsoleRequest } | { readonly ok: false; readonly reason: string };

/** Longest request accepted, in characters. */
export const MAX_REQUEST_LENGTH = 200;

/** Verbs of actions (a Map: no inherited keys such as "constructor" can match). */
const VERBS: ReadonlyMap<string, ConsoleAction> = new Map([
  ["status", "status"],
  ["console", "console"],
  ["start", "start"],
  ["create", "start"],
  ["shutdown", "shutdown"],
  ["destroy", "destroy"],
  ["hard-shutdown", "destroy"],
  ["reboot", "reboot"],
]);

/** The grammar, for help texts and refusals. */
export const REQUEST_GRAMMAR =
  "status [DOMAIN] | console [DOMAIN] | start [DOMAIN] | shutdown [DOMAIN] | reboot [DOMAIN] | destroy [DOMAIN] [--yes] | list | help";

function refuse(reason: string): ParsedRequest {
  return { ok: false, reason };
}

function parseAction(action: ConsoleAction, rest: readonly string[]): ParsedRequest {
  const confirmed = action === "destroy" && rest.at(-1) === "--yes";
  const words = confirmed ? rest.slice(0, -1) : rest;
  if (words.length > 1) return refuse(`${action} takes at most one domain name`);
  const [domain] = words;
  if (domain === undefined) return { ok: true, request: { kind: "action", action, confirmed } };
  if (!DOMAIN_NAME_PATTERN.test(domain)) return refuse(`${JSON.stringify(domain)} is not a domain name`);
  return { ok: true, request: { kind: "action", action, domain, confirmed } };
}

/**
 * Parses a request — `SSH_ORIGINAL_COMMAND`, or a line typed at the menu —
 * against a fixed grammar: a verb, an optional domain name, and for `destroy`
 * an optional `--yes`; words separated by spaces or tabs. The text is data:
 * it is never given to a shell, and anything outside the grammar (other
 * verbs, `;`, `$(…)`, quotes, control characters, more words, over
 * {@link MAX_REQUEST_LENGTH} characters) is refused as a whole. Whether the
 * domain belongs to the customer is decided later, against the access map.
 *
 * @example
 * ```ts
 * parseConsoleRequest("console vm1");       // { ok: true, request: { kind: "action", action: "console", domain: "vm1", … } }
 * parseConsoleRequest("console vm1; sh");   // { ok: false, reason: '"vm1;" is not a domain name' }
 * parseConsoleRequest("status $(id)");      // { ok: false, … }
 * ```
 */
export function parseConsoleRequest(text: string): ParsedRequest {
  if (text.length > MAX_REQUEST_LENGTH) {
    return refuse(`the request is longer than ${String(MAX_REQUEST_LENGTH)} characters`);
  }
  if (/[^\x20-\x7e\t]/.test(text)) return refuse("the request contains characters outside the grammar");
  const words = text
    .trim()
    .split(/[ \t]+/)
    .filter((word) => word !== "");
  const [verb, ...rest] = words;
  if (verb === undefined) return refuse("the request is empty");
  const action = VERBS.get(verb);
  if (action !== undefined) return parseAction(action, rest);
  const alone = (request: ConsoleRequest): ParsedRequest =>
    rest.length === 0 ? { ok: true, request } : refuse(`${verb} takes no arguments`);
  switch (verb) {
    case "help":
    case "?":
      return alone({ kind: "help" });
    case "list":
    case "domains":
      return alone({ kind: "domains" });
    case "exit":
    case "quit":
    case "logout":
      return alone({ kind: "exit" });
    case "use": {
      const [domain, extra] = rest;
      if (domain === undefined || extra !== undefined) return refuse("use takes one domain name");
      if (!DOMAIN_NAME_PATTERN.test(domain)) return refuse(`${JSON.stringify(domain)} is not a domain name`);
      return { ok: true, request: { kind: "use", domain } };
    }
    default:
      return refuse(`${JSON.stringify(verb.slice(0, 40))} is not a console command`);
  }
}
