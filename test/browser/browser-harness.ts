/**
 * Shared set-up for the browser tests: the real service (with its web page built by the same
 * `npm run build:web` as production) loaded with the seed story over HTTP, and headless Chromium.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadSeedCommands } from '../../events/seed';
import { startTestApp, type TestApp } from '../support/test-app';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);
/** `describe` when Chromium is installed; otherwise a skip announced with one visible line. */
export function describeInBrowser(name: string, body: () => void): void {
  if (chromiumAvailable) return describe(name, body);
  process.stderr.write(
    `browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)\n`,
  );
  describe.skip(name, body);
}

/** An admin key (admin implies every role): seeds the story, and unlocks history and exports. */
export const ADMIN_KEY = 'browser-test-admin-key-4f1c9a7e2b';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface SeededService {
  readonly t: TestApp;
  /** Global positions of item events, in order (what the as-of slider steps through). */
  readonly itemEventPositions: string[];
  /** Position of the correction that moved the Blinken trip from "expected" to "occurred". */
  readonly blinkenUpdatePosition: string;
}

/** The page as production serves it: built by the same `npm run build:web`. */
export function buildWebPage(): void {
  execFileSync('npm', ['run', '--silent', 'build:web'], { stdio: 'pipe' });
}

export async function startSeededService(): Promise<SeededService> {
  buildWebPage();
  const t = await startTestApp({ API_KEYS: `browser-admin:admin:${sha256(ADMIN_KEY)}` });
  const auth = { authorization: `Bearer ${ADMIN_KEY}` };
  const versions = new Map<string, number>();
  const itemEventPositions: string[] = [];
  let blinkenUpdatePosition = '';
  for (const command of loadSeedCommands()) {
    const headers = { ...auth, 'idempotency-key': command.idempotencyKey };
    const response =
      command.kind === 'register-entity'
        ? await t.request('POST', '/entities', { body: command.data, headers })
        : command.kind === 'record-item'
          ? await t.request('POST', '/items', {
              body: { type: command.type, itemId: command.itemId, data: command.data },
              headers,
            })
          : await t.request(
              'POST',
              `/items/${command.itemId}/${command.kind === 'correct-item' ? 'corrections' : 'retraction'}`,
              {
                body: command.data,
                headers: { ...headers, 'if-match': `"${versions.get(command.itemId)}"` },
              },
            );
    if (response.status >= 300)
      throw new Error(`seed ${command.kind} failed: ${response.status} ${response.text}`);
    if (command.kind === 'register-entity') continue;
    versions.set(command.itemId, response.body.version as number);
    itemEventPositions.push(String(response.body.position));
    if (command.kind === 'correct-item' && command.itemId === 'blinken-china-trip-2024-04') {
      blinkenUpdatePosition = String(response.body.position);
    }
  }
  // Read-your-writes: wait until the read model has every seeded event.
  const caughtUp = await t.request(
    'GET',
    `/timeline?minPosition=${itemEventPositions.at(-1)}&limit=1`,
  );
  if (caughtUp.status !== 200)
    throw new Error(`read side not ready: ${caughtUp.status} ${caughtUp.text}`);
  return { t, itemEventPositions, blinkenUpdatePosition };
}

export interface BrowserSession {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Headless Debian Chromium. Playwright's launch() refuses a `--user-data-dir` argument because it
 * already starts every browser with a fresh temporary profile of its own, removed on close.
 */
export async function launchBrowser(): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  return { browser, close: () => browser.close() };
}

/** A page context; with `withKey`, the admin key is already in sessionStorage (as if entered). */
export async function newContext(
  browser: Browser,
  withKey: boolean,
  viewport = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  if (withKey) {
    await context.addInitScript(
      (key) => sessionStorage.setItem('policy-timeline.api-key', key),
      ADMIN_KEY,
    );
  }
  return context;
}

/** Opens the page and waits until the timeline has loaded. */
export async function openTimeline(
  context: BrowserContext,
  baseUrl: string,
  query = '',
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/${query}`);
  await page.locator('#status', { hasText: /^Showing \d+ items?/ }).waitFor();
  return page;
}

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
/** Saves a screenshot to test-artifacts/ (gitignored): the whole page, or only what is on screen. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

/** What a browser suite's hooks fill in: see useSeededBrowser. */
export interface BrowserSuite {
  service: SeededService;
  session: BrowserSession;
  /** A fresh context with the admin key, per test. */
  context: BrowserContext;
}

/** Registers a suite's hooks: one seeded service and browser per file, a new context per test. */
export function useSeededBrowser(): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.service = await startSeededService();
    suite.session = await launchBrowser();
  });
  afterAll(async () => {
    await suite.session?.close();
    await suite.service?.t.close();
  });
  beforeEach(async () => {
    suite.context = await newContext(suite.session.browser, true);
  });
  afterEach(async () => {
    await suite.context?.close();
  });
  return suite;
}
