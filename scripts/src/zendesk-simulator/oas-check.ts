/**
 * A light structural check of a JSON value against an OpenAPI 3.0 schema: `$ref`, `allOf`/`anyOf`/`oneOf`, types,
 * `enum`, `required`, `properties`, `items`, `additionalProperties`, `date-time`. Enough to catch a wrong shape or
 * type in the simulator's responses; not a full validator. Zendesk returns `null` for many fields the spec does not
 * mark nullable (e.g. `organization_id`, `assignee_id`), so `null` is accepted for scalar types.
 */

export type OasDocument = { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
type Schema = Record<string, unknown>;

export interface OasIssue {
  path: string;
  message: string;
}

function resolve(doc: OasDocument, schema: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 20 && typeof current['$ref'] === 'string'; i += 1) {
    const name = (current['$ref'] as string).replace('#/components/schemas/', '');
    const next = doc.components.schemas[name];
    if (next === undefined) throw new Error(`unresolved $ref ${String(current['$ref'])}`);
    current = next as Schema;
  }
  return current;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function checkAgainstSchema(doc: OasDocument, schemaIn: Schema, value: unknown, path = '', skip: readonly RegExp[] = []): OasIssue[] {
  if (skip.some((re) => re.test(path))) return [];
  const schema = resolve(doc, schemaIn);
  const issues: OasIssue[] = [];
  for (const part of (schema['allOf'] as Schema[] | undefined) ?? []) issues.push(...checkAgainstSchema(doc, part, value, path, skip));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key] as Schema[] | undefined;
    if (options && !options.some((o) => checkAgainstSchema(doc, o, value, path, skip).length === 0)) {
      issues.push({ path, message: `matches none of ${key}` });
    }
  }
  const type = schema['type'] as string | undefined;
  const actual = typeOf(value);
  if (value === null) {
    if (type === 'object' || type === 'array') {
      if (schema['nullable'] !== true) issues.push({ path, message: `null where ${type} expected` });
    }
    return issues;
  }
  if (type !== undefined) {
    const ok = type === actual || (type === 'number' && actual === 'integer');
    if (!ok) return [...issues, { path, message: `expected ${type}, got ${actual}` }];
  }
  const enumValues = schema['enum'] as unknown[] | undefined;
  if (enumValues && !enumValues.includes(value)) issues.push({ path, message: `${JSON.stringify(value)} not in enum ${JSON.stringify(enumValues)}` });
  if (schema['format'] === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) {
    issues.push({ path, message: `not a date-time: ${value}` });
  }
  if (actual === 'array' && schema['items']) {
    (value as unknown[]).forEach((item, i) => issues.push(...checkAgainstSchema(doc, schema['items'] as Schema, item, `${path}[${i}]`, skip)));
  }
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    for (const name of (schema['required'] as string[] | undefined) ?? []) {
      if (!(name in obj)) issues.push({ path: `${path}.${name}`, message: 'required property missing' });
    }
    const props = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
    for (const [name, v] of Object.entries(obj)) {
      const sub = props[name];
      const childPath = path === '' ? name : `${path}.${name}`;
      if (sub) issues.push(...checkAgainstSchema(doc, sub, v, childPath, skip));
      else if (typeof schema['additionalProperties'] === 'object') {
        issues.push(...checkAgainstSchema(doc, schema['additionalProperties'] as Schema, v, childPath, skip));
      }
    }
  }
  return issues;
}

/** The JSON schema of an operation's response, found by operationId. */
export function responseSchema(doc: OasDocument, operationId: string, status: string): Schema {
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      const o = op as { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> };
      if (o.operationId !== operationId) continue;
      const schema = o.responses?.[status]?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`${operationId} has no JSON schema for ${status}`);
      return schema;
    }
  }
  throw new Error(`operation ${operationId} not found`);
}
