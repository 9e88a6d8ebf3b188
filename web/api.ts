/**
 * Every request the page makes goes through here: the public HTTP API only. When the service
 * answers 401, the page asks for an API key, keeps it in sessionStorage (gone when the tab
 * closes) and retries with `Authorization: Bearer <key>`.
 */
import { byId } from './dom';

const KEY_STORAGE = 'policy-timeline.api-key';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Whether a key was entered in this tab (auditor routes are only asked with one). */
export function hasApiKey(): boolean {
  return sessionStorage.getItem(KEY_STORAGE) !== null;
}

/** `prompt: false` for optional reads (e.g. the audit log) that should not ask for a key. */
export async function apiFetch(
  path: string,
  accept = 'application/json',
  prompt = true,
): Promise<Response> {
  for (;;) {
    const headers: Record<string, string> = { accept };
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (key) headers.authorization = `Bearer ${key}`;
    const response = await fetch(path, { headers });
    if (response.status !== 401 || !prompt) return response;
    if (!(await requestApiKey(key !== null, path)))
      throw new ApiProblem(401, 'an API key is needed for this');
  }
}

/** Asks for a key and keeps it for this tab; false when the person cancels. */
export async function requestApiKey(previousWasRejected = false, path = ''): Promise<boolean> {
  byId('api-key-why').textContent = whyAKey(path);
  const entered = await askForApiKey(previousWasRejected);
  if (entered !== null) sessionStorage.setItem(KEY_STORAGE, entered);
  return entered !== null;
}

/** Why the request at `path` needs a key, in the words of the key dialog. */
function whyAKey(path: string): string {
  const none = 'Reading the timeline needs no key';
  if (/^\/items\/[^?]+\/history/.test(path) || path.startsWith('/audit/')) {
    return `${none}; an item's history and the audit log need a key with the auditor role.`;
  }
  if (/[?&]format=/.test(path)) return `${none}; exports need a key with the auditor role.`;
  if (path === '') return `${none}; what you asked for needs one.`;
  return 'This service is set to ask for a key even to read the timeline.';
}

/** GET JSON; a non-2xx answer becomes an ApiProblem carrying the problem+json `detail`. */
export async function getJson<T>(path: string): Promise<T> {
  const response = await apiFetch(path);
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

export async function problemOf(response: Response): Promise<ApiProblem> {
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { detail?: string; title?: string };
    message = body.detail ?? body.title ?? message;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiProblem(response.status, message);
}

/** Opens the key dialog; resolves with the key, or null when the person cancels. */
function askForApiKey(previousWasRejected: boolean): Promise<string | null> {
  const dialog = byId<HTMLDialogElement>('api-key-dialog');
  const form = dialog.querySelector('form')!;
  const input = byId<HTMLInputElement>('api-key-input');
  byId('api-key-rejected').hidden = !previousWasRejected;
  input.value = '';
  return new Promise((resolve) => {
    const done = (value: string | null) => {
      form.removeEventListener('submit', onSubmit);
      dialog.removeEventListener('cancel', onCancel);
      byId('api-key-cancel').removeEventListener('click', onCancel);
      dialog.close();
      resolve(value);
    };
    const onSubmit = (event: Event) => {
      event.preventDefault();
      done(input.value.trim() || null);
    };
    const onCancel = (event: Event) => {
      event.preventDefault();
      done(null);
    };
    form.addEventListener('submit', onSubmit);
    dialog.addEventListener('cancel', onCancel);
    byId('api-key-cancel').addEventListener('click', onCancel);
    dialog.showModal();
    input.focus();
  });
}
