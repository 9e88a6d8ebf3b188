import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '../../src/auth/auth.guard';
import { KeyRing } from '../../src/auth/key-ring';
import { createKey, listKeys, revokeKey } from '../../src/auth/key-admin';
import { ENTITY_FIXTURES, countermeasuresFact } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const GDLS = ENTITY_FIXTURES.find((e) => e.entityId === 'ent:company:gdls')!;

describe('API keys: first start, principals, refusals', () => {
  let t: TestApp;
  let adminKey: string;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'silent' });
    adminKey = readFileSync(t.config.bootstrapKeyFile, 'utf8').trim();
  });
  afterAll(() => t.close());

  it('creates an admin key on first start, in a file only its owner can read', async () => {
    expect(statSync(t.config.bootstrapKeyFile).mode & 0o777).toBe(0o600);
    expect(statSync(t.config.keysFile).mode & 0o777).toBe(0o600);
    expect(adminKey).toMatch(/^ptk_/);
    // The keys file holds the hash only, never the key.
    expect(readFileSync(t.config.keysFile, 'utf8')).not.toContain(adminKey);
    expect(listKeys(t.config.keysFile)).toEqual([{ name: 'admin', roles: ['admin'] }]);
    const response = await t.request('GET', '/audit/digest', { headers: bearer(adminKey) });
    expect(response.status).toBe(200);
  });

  it('records the principal as recordedBy and the request id as correlation id', async () => {
    const editor = createKey('desk-editor', ['editor'], t.config.keysFile);
    const response = await t.request('POST', '/entities', {
      body: GDLS,
      headers: { ...bearer(editor.key), 'x-request-id': 'req-auth-1' },
    });
    expect(response.status).toBe(201);
    const [event] = await t.store.readStream(`entity-${GDLS.entityId}`);
    expect(event.metadata).toMatchObject({
      recordedBy: 'desk-editor',
      correlationId: 'req-auth-1',
    });
  });

  it('answers 401 problem+json for a missing, malformed, unknown or revoked key', async () => {
    const revoked = createKey('leaver', ['editor'], t.config.keysFile);
    expect(revokeKey('leaver', t.config.keysFile)).toBe(true);
    expect(revokeKey('leaver', t.config.keysFile)).toBe(false);
    const before = await t.store.headPosition();
    for (const headers of [
      {},
      { authorization: 'Basic abc' },
      bearer('ptk_guess'),
      bearer(revoked.key),
    ]) {
      const response = await t.request('POST', '/entities', {
        body: { ...GDLS, entityId: 'ent:company:x' },
        headers,
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="policy-timeline"');
      expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    }
    expect(await t.store.headPosition()).toBe(before);
  });

  it('answers 403 for the wrong role, naming the role needed, and writes nothing', async () => {
    const reader = createKey('desk-reader', ['reader'], t.config.keysFile);
    const before = await t.store.headPosition();
    const response = await t.request('POST', '/items', {
      body: { type: 'SanctionImposed', itemId: 'refused', data: countermeasuresFact() },
      headers: bearer(reader.key),
    });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      code: 'FORBIDDEN',
      detail: 'this endpoint needs the editor role; the key "desk-reader" has reader',
    });
    expect(await t.store.headPosition()).toBe(before);
  });

  it('refuses duplicate key names and unknown roles at creation', () => {
    expect(() => createKey('desk-reader', ['reader'], t.config.keysFile)).toThrow(/already exists/);
    expect(() => createKey('x', ['root' as 'reader'], t.config.keysFile)).toThrow(/roles must be/);
  });
});

describe('anonymous reads setting (the guard on a reader route)', () => {
  const sha = createHash('sha256').update('ptk_reader').digest('hex');
  const keys = (dir: string) =>
    new KeyRing({
      keysFile: join(dir, 'keys.json'),
      envKeys: [{ name: 'r', roles: ['reader'], sha256: sha }],
      bootstrapKeyFile: join(dir, 'admin.txt'),
    });
  const context = (headers: Record<string, string>) => {
    const request = { method: 'GET', url: '/entities/ent:country:CN', query: {}, headers, raw: {} };
    return {
      request,
      context: {
        getType: () => 'http',
        switchToHttp: () => ({ getRequest: () => request }),
      } as unknown as ExecutionContext,
    };
  };

  it.each([
    [true, {}, 'allowed'],
    [false, {}, 'UNAUTHENTICATED'],
    [false, { authorization: 'Bearer ptk_reader' }, 'allowed'],
    [true, { authorization: 'Bearer ptk_wrong' }, 'UNAUTHENTICATED'],
  ])('ALLOW_ANONYMOUS_READS=%s with %j: %s', (allowAnonymousReads, headers, outcome) => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-'));
    try {
      const guard = new AuthGuard(keys(dir), { allowAnonymousReads });
      const { context: ctx } = context(headers);
      if (outcome === 'allowed') expect(guard.canActivate(ctx)).toBe(true);
      else expect(() => guard.canActivate(ctx)).toThrow(expect.objectContaining({ code: outcome }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('puts the principal on the request for recordedBy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-'));
    try {
      const { request, context: ctx } = context({ authorization: 'Bearer ptk_reader' });
      new AuthGuard(keys(dir), { allowAnonymousReads: true }).canActivate(ctx);
      expect(request).toMatchObject({ principal: { name: 'r', roles: ['reader'] } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
