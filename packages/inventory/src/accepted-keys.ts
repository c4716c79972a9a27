import { z } from "zod";
import type { DataPath } from "./yaml-location.js";

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (
    current instanceof z.ZodDefault ||
    current instanceof z.ZodOptional ||
    current instanceof z.ZodPipe
  ) {
    current = current instanceof z.ZodPipe ? (current.in as z.ZodType) : (current.unwrap() as z.ZodType);
  }
  return current;
}

/** The keys the object schema at `path` accepts (for "did you mean" hints). */
export function acceptedKeysAt(schema: z.ZodType, path: DataPath): string[] {
  let current = unwrap(schema);
  for (const part of path) {
    if (current instanceof z.ZodObject && typeof part === "string") {
      const next = (current.shape as Record<string, z.ZodType | undefined>)[part];
      if (next === undefined) return [];
      current = unwrap(next);
    } else if (current instanceof z.ZodArray) {
      current = unwrap(current.element as z.ZodType);
    } else {
      return [];
    }
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}
