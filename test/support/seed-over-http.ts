import { loadSeedCommands, type SeedCommand } from '../../events/seed';
import type { TestApp, TestResponse } from './test-app';

/** Posts one seed command over HTTP, as an analyst would, with its Idempotency-Key. */
export function postSeedCommand(
  t: TestApp,
  command: SeedCommand,
  ifMatch?: string,
): Promise<TestResponse> {
  const headers = {
    'idempotency-key': command.idempotencyKey,
    ...(ifMatch ? { 'if-match': ifMatch } : {}),
  };
  switch (command.kind) {
    case 'register-entity':
      return t.request('POST', '/entities', { body: command.data, headers });
    case 'record-item':
      return t.request('POST', '/items', {
        body: { type: command.type, itemId: command.itemId, data: command.data },
        headers,
      });
    case 'correct-item':
      return t.request('POST', `/items/${command.itemId}/corrections`, {
        body: command.data,
        headers,
      });
    case 'retract-item':
      return t.request('POST', `/items/${command.itemId}/retraction`, {
        body: command.data,
        headers,
      });
  }
}

export interface SeededStory {
  /** The item's version after each command, by itemId. */
  readonly versions: Map<string, number>;
  /** The global position each command's event landed at, by idempotencyKey. */
  readonly positions: Map<string, bigint>;
}

/** Posts the whole seed story over HTTP, failing loudly on the first refusal. */
export async function seedOverHttp(t: TestApp): Promise<SeededStory> {
  const versions = new Map<string, number>();
  const positions = new Map<string, bigint>();
  for (const command of loadSeedCommands()) {
    const itemId = 'itemId' in command ? command.itemId : undefined;
    const ifMatch =
      itemId && command.kind !== 'record-item' ? `"${versions.get(itemId)}"` : undefined;
    const response = await postSeedCommand(t, command, ifMatch);
    if (response.status >= 300) {
      throw new Error(`seed ${command.idempotencyKey}: ${response.status} ${response.text}`);
    }
    if (itemId) versions.set(itemId, response.body.version);
    positions.set(command.idempotencyKey, BigInt(response.body.position));
  }
  return { versions, positions };
}
