import { UnavailableError } from '@kurrent/kurrentdb-client';

/** Pauses before the second and third try: a reconnect usually completes within the first. */
const PAUSES_MS = [25, 250];

/**
 * Runs a read again when the connection was lost under it. Reads change nothing, so trying
 * again is safe; the client reconnects on the next call, and without this the first read after a
 * dropped connection (a restarted node, a load balancer's idle cut) failed the request that made
 * it. Other errors, and a third loss in a row, are the caller's.
 */
export async function retryingRead<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof UnavailableError) || attempt >= PAUSES_MS.length) throw error;
      await new Promise((resolve) => setTimeout(resolve, PAUSES_MS[attempt]));
    }
  }
}
