// zod's `.int()` accepts safe integers only (|n| ≤ 2^53 − 1); JSON Schema's `integer` has no such limit. Every
// integer the generated document leaves unbounded gets the bound zod enforces, so the document states it.

const SAFE = Number.MAX_SAFE_INTEGER;

function visit(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(visit);
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  if (schema.type === 'integer') {
    if (schema.minimum === undefined && schema.exclusiveMinimum === undefined) schema.minimum = -SAFE;
    if (schema.maximum === undefined && schema.exclusiveMaximum === undefined) schema.maximum = SAFE;
  }
  Object.values(schema).forEach(visit);
}

/** Adds zod's safe-integer bounds to every unbounded `integer` schema of the document, in place; returns it. */
export function boundIntegers<T>(document: T): T {
  visit(document);
  return document;
}
