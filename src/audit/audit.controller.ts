import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { ApiError } from '../http/error-catalogue';
import { abortOnDisconnect } from './abort-on-disconnect';
import { auditLogStream } from './audit-log-stream';
import { KnownQueryParameters } from '../http/known-query-parameters';
import {
  AUDIT_DIGEST_PARAMETERS,
  AUDIT_EVENTS_PARAMETERS,
  AUDIT_VERIFY_PARAMETERS,
  parseDigest,
  parseFilter,
  parseFlag,
  parsePosition,
  upToPosition,
} from './audit-params';
import { RouteDoc } from '../openapi/route-doc';
import { json, text } from '../openapi/route-responses';
import { computeLogDigest, verifyLog, type LogDigestReport, type VerifyReport } from './audit-run';

type AuditQuery = Readonly<Record<string, unknown>>;

/** The auditor's view of the whole log: the events themselves, their digest, and verification. */
@Controller('audit')
export class AuditController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The global log in order as NDJSON, streamed (see auditLogStream for the memory bound). */
  @Get('events')
  @RouteDoc({
    tag: 'audit',
    summary: 'The global event log in order (NDJSON, one AuditEvent a line)',
    query: AUDIT_EVENTS_PARAMETERS,
    success: { status: 200, content: { 'application/x-ndjson': text('AuditEvent') } },
    errors: [400],
  })
  events(
    @Query(new KnownQueryParameters(AUDIT_EVENTS_PARAMETERS)) query: AuditQuery,
    @Res() reply: FastifyReply,
  ): FastifyReply {
    const fromPosition = parsePosition('fromPosition', query.fromPosition);
    const toPosition = parsePosition('toPosition', query.toPosition);
    if (fromPosition !== undefined && toPosition !== undefined && toPosition < fromPosition) {
      throw ApiError.invalidQuery('toPosition', 'must not be below fromPosition');
    }
    const stream = auditLogStream(this.store, {
      fromPosition,
      toPosition,
      types: parseFilter('type', query.type),
      streams: parseFilter('stream', query.stream),
    });
    return reply.header('content-type', 'application/x-ndjson; charset=utf-8').send(stream);
  }

  @Get('digest')
  @RouteDoc({
    tag: 'audit',
    summary: 'Digest of all event hashes up to a position',
    query: AUDIT_DIGEST_PARAMETERS,
    success: { status: 200, content: json('LogDigest') },
    errors: [400],
  })
  async digest(
    @Query(new KnownQueryParameters(AUDIT_DIGEST_PARAMETERS)) query: AuditQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LogDigestReport> {
    const upTo = upToPosition('position', query.position, await this.store.headPosition());
    return computeLogDigest(this.store, upTo, abortOnDisconnect(reply));
  }

  /** 200 either way: a failed verification is a finding about the log, not a bad request. */
  @Get('verify')
  @RouteDoc({
    tag: 'audit',
    summary: 'Recompute every hash; names the first broken link',
    query: AUDIT_VERIFY_PARAMETERS,
    success: { status: 200, content: json('VerifyReport') },
    errors: [400],
  })
  async verify(
    @Query(new KnownQueryParameters(AUDIT_VERIFY_PARAMETERS)) query: AuditQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VerifyReport> {
    const expectedDigest = parseDigest('digest', query.digest);
    const head = await this.store.headPosition();
    const upTo = upToPosition('position', query.position, head, expectedDigest !== undefined);
    const full = parseFlag('full', query.full);
    const signal = abortOnDisconnect(reply);
    return verifyLog(this.store, { upTo, head, expectedDigest, full, signal });
  }
}
