import type { TcJsonObject, TcJsonValue } from "./model.js";

/** Builds an ordered JSON object (keys may repeat, as iproute2's u32 `match`). */
export function obj(...entries: (readonly [string, TcJsonValue] | undefined | false)[]): TcJsonObject {
  return {
    entries: entries.filter(
      (entry): entry is readonly [string, TcJsonValue] => entry !== undefined && entry !== false,
    ),
  };
}

function isObject(value: TcJsonValue): value is TcJsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "entries" in value;
}

/** Serialises like iproute2's json_writer: compact, keys in order, repeated keys kept. */
export function tcJson(value: TcJsonValue): string {
  if (Array.isArray(value)) return `[${value.map(tcJson).join(",")}]`;
  if (isObject(value))
    return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${tcJson(item)}`).join(",")}}`;
  return JSON.stringify(value);
}
