import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildOpenApiDocument } from '../../src/openapi/openapi.setup';
import { ResponseContract, type ObservedResponse } from './response-contract';

/**
 * The shared gate of the e2e helpers: every answer they return has been checked against the
 * document the app serves (response-contract.ts), and one it does not describe throws. One
 * contract per distinct document: a test file's apps share one.
 */
const contracts = new Map<string, ResponseContract>();

export function contractOf(app: NestFastifyApplication): ResponseContract {
  const document = JSON.stringify(buildOpenApiDocument(app));
  let contract = contracts.get(document);
  if (!contract) {
    contract = new ResponseContract(JSON.parse(document));
    contracts.set(document, contract);
  }
  return contract;
}

/** `url` as the server received it (path and query, or an absolute URL). */
export function assertDocumented(
  contract: ResponseContract,
  method: string,
  url: string,
  answer: ObservedResponse,
): void {
  // Checked for the path really sent (fetch resolves `/entities/%2e%2e` to `/`).
  const path = new URL(url, 'http://localhost').pathname;
  const problems = contract.problems(method, path, answer);
  if (problems.length === 0) return;
  throw new Error(
    `${method} ${url} answered ${answer.status}, which the OpenAPI document does not describe:\n  ${problems.join('\n  ')}\n${answer.text.slice(0, 300)}`,
  );
}

/** light-my-request's headers as a fetch Headers, for the contract. */
export function headersOf(raw: Readonly<Record<string, unknown>>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of [value].flat()) if (one !== undefined) headers.append(name, String(one));
  }
  return headers;
}
