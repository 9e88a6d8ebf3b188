import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Every answer the e2e suites receive is checked against the OpenAPI document the app serves:
 * its status must be documented for the operation, its required headers present, its
 * Content-Type one the operation declares, and its body valid against that schema (NDJSON line
 * by line). An answer the document does not describe is a test failure, so the document cannot
 * fall behind what the service really answers.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ObservedResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/**
 * Answers that are not API operations, so the document rightly does not describe them. Each is
 * still checked where it can be (a problem+json answer against the Problem schema).
 */
const NOT_API = [
  // The web timeline's static files (index.html, main.js, its source map...), served by
  // @fastify/static: a browser page, not a contract a client is generated from.
  {
    why: 'static web file',
    test: (method: string, path: string) => isGet(method) && /^\/([\w.-]+\.\w+)?$/.test(path),
  },
  // Swagger UI's own asset files under the documented GET /docs.
  {
    why: 'API explorer asset',
    test: (method: string, path: string) => isGet(method) && path.startsWith('/docs/'),
  },
  // CORS preflight, answered by @fastify/cors before any route: a browser mechanism.
  { why: 'CORS preflight', test: (method: string) => method === 'OPTIONS' },
];

const isGet = (method: string) => method === 'GET' || method === 'HEAD';

export class ResponseContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: readonly { template: string; pattern: RegExp }[];

  constructor(private readonly document: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema(document, 'openapi.json');
    // Literal paths before templated ones, so /timeline/changes is not read as /items/{id}.
    this.templates = Object.keys(document.paths)
      .sort((a, b) => a.split('{').length - b.split('{').length)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      }));
  }

  /** What is wrong with this answer to `method url`; empty when the document describes it. */
  problems(method: string, url: string, response: ObservedResponse): string[] {
    const path = url.split('?')[0];
    const template = this.templates.find((t) => t.pattern.test(path))?.template;
    const operation =
      template && this.document.paths[template][method === 'HEAD' ? 'get' : method.toLowerCase()];
    if (!operation) {
      if (NOT_API.some((entry) => entry.test(method, path))) return [];
      // No such route or method: the framework's 404/405/414 must still be problem+json.
      return this.bodyProblems(PROBLEM, { $ref: PROBLEM }, 'application/problem+json', response);
    }
    const documented = operation.responses[String(response.status)];
    if (!documented) {
      return [
        `status ${response.status} is not documented (${Object.keys(operation.responses).join(', ')})`,
      ];
    }
    const pointer =
      documented.$ref ??
      `#/paths/${escape(template)}/${method === 'HEAD' ? 'get' : method.toLowerCase()}/responses/${response.status}`;
    const answer = this.resolve(pointer);
    return [
      ...this.headerProblems(answer, response),
      ...this.contentProblems(method, pointer, answer, response),
    ];
  }

  private headerProblems(answer: Json, response: ObservedResponse): string[] {
    return Object.entries((answer.headers ?? {}) as Json)
      .map(([name, header]) => [name, header.$ref ? this.resolve(header.$ref) : header] as const)
      .filter(([name, header]) => header.required && !response.headers.has(name))
      .map(([name]) => `required header ${name} is missing`);
  }

  private contentProblems(
    method: string,
    pointer: string,
    answer: Json,
    response: ObservedResponse,
  ): string[] {
    if (method === 'HEAD' || response.status === 304) return [];
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
    if (!answer.content) {
      return response.text === '' ? [] : [`a ${mediaType} body where the document declares none`];
    }
    if (!(mediaType in answer.content)) {
      return [
        `Content-Type "${mediaType}" is not one of ${Object.keys(answer.content).join(', ')}`,
      ];
    }
    const schema = answer.content[mediaType].schema;
    const line = schema['x-line-schema'];
    if (line) return this.bodyProblems(line.$ref, line, 'application/x-ndjson', response);
    return this.bodyProblems(`${pointer} ${mediaType}`, schema, mediaType, response);
  }

  private bodyProblems(
    key: string,
    schema: Json,
    mediaType: string,
    response: ObservedResponse,
  ): string[] {
    const validate = this.validator(key, schema);
    const values = parseBody(mediaType, response.text);
    if (typeof values === 'string') return [values];
    return values.flatMap((value) =>
      validate(value)
        ? []
        : (validate.errors ?? []).map(
            (e) =>
              `body${e.instancePath} ${e.message} (${e.schemaPath}; got ${JSON.stringify(e.data)?.slice(0, 160)})`,
          ),
    );
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(rebase(schema) as Json);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** An OpenAPI-level $ref (a response, a header), which Ajv does not follow. */
  private resolve(pointer: string): Json {
    const found = pointer
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<Json>((node, part) => node?.[part], this.document);
    return found?.$ref ? this.resolve(found.$ref) : found;
  }
}

const PROBLEM = '#/components/schemas/Problem';

/** A schema taken out of the document, its local $refs pointed back into the document. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) =>
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? [key, `openapi.json${value}`]
        : [key, rebase(value)],
    ),
  );
}

function escape(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The values a body holds: one JSON value, one per NDJSON line, or the text itself. */
function parseBody(mediaType: string, text: string): unknown[] | string {
  try {
    if (mediaType === 'application/x-ndjson') {
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line));
    }
    if (mediaType === 'application/json' || mediaType.endsWith('+json')) return [JSON.parse(text)];
  } catch {
    return `the ${mediaType} body is not valid JSON`;
  }
  return [text];
}
