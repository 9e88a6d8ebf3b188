import type { FastifyReply } from 'fastify';

/**
 * An AbortSignal that fires when the client goes away before the answer is complete, so a long
 * digest or verification stops reading the store instead of finishing for nobody.
 */
export function abortOnDisconnect(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client disconnected'));
  });
  return controller.signal;
}
