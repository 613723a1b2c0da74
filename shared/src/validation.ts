import type { z } from 'zod';

/** One validation problem, with the path written the way people read it: `forms[3].problemType.values`. */
export interface ValidationProblem {
  path: string;
  message: string;
}

/** Every problem as `path: problem`, joined with `; ` (the one way messages list them). */
export function describeProblems(problems: readonly ValidationProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('; ');
}

/** Thrown by {@link parseOrThrow}; `message` lists every problem as `path: problem`. */
export class ValidationError extends Error {
  readonly problems: ValidationProblem[];
  constructor(what: string, problems: ValidationProblem[]) {
    super(`Invalid ${what}: ${describeProblems(problems)}`);
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** `['forms', 3, 'problemType', 'values']` → `forms[3].problemType.values`; the root is `(root)`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** zod's messages, shortened to what a policy author needs ("expected array, received string"). */
function describe(issue: z.core.$ZodIssue): string {
  return issue.message.replace(/^Invalid input: /, '');
}

export function toProblems(error: z.ZodError): ValidationProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: describe(issue) }));
}

/** Parse `input` with `schema`, or throw a {@link ValidationError} naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(what, toProblems(result.error));
  return result.data;
}
