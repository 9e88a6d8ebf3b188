import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiError } from '../../http/error-catalogue';
import { KnownQueryParameters, NO_QUERY_PARAMETERS } from '../../http/known-query-parameters';
import { RouteDoc } from '../../openapi/route-doc';
import { json } from '../../openapi/route-responses';
import { CONSISTENCY_PARAMETERS, INCLUSION_PARAMETERS } from './proof-params';
import { rawPublicKey } from './checkpoint';
import { MerkleLog } from './merkle-log.service';

type ProofQuery = Readonly<Record<string, unknown>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIZE = /^(0|[1-9][0-9]{0,14})$/;

/**
 * The verifiable log (RFC 9162): signed checkpoints and the proofs that let a reader check one
 * event, or that a later checkpoint extends an earlier one, without downloading the log.
 */
@Controller('audit')
export class ProofController {
  constructor(@Inject(MerkleLog) private readonly log: MerkleLog) {}

  @Get('checkpoint')
  @RouteDoc({
    tag: 'audit',
    summary: 'A signed checkpoint of the Merkle log (tree size, root hash, Ed25519 signature)',
    success: { status: 200, content: json('Checkpoint') },
    errors: [400],
  })
  checkpoint(@Query(new KnownQueryParameters(NO_QUERY_PARAMETERS)) _query: ProofQuery) {
    return this.log.checkpoint();
  }

  @Get('public-key')
  @RouteDoc({
    tag: 'audit',
    summary: 'The Ed25519 public key that signs checkpoints',
    success: { status: 200, content: json('PublicKey') },
    errors: [400],
  })
  publicKey(@Query(new KnownQueryParameters(NO_QUERY_PARAMETERS)) _query: ProofQuery) {
    const { publicKey } = this.log.signingKey();
    const checkpoint = this.log.checkpoint();
    return {
      algorithm: 'Ed25519',
      keyId: checkpoint.keyId,
      origin: checkpoint.origin,
      publicKey: rawPublicKey(publicKey).toString('base64'),
      pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    };
  }

  @Get('proof/inclusion')
  @RouteDoc({
    tag: 'audit',
    summary: "An event's RFC 9162 audit path in a tree of the given size",
    query: INCLUSION_PARAMETERS,
    success: { status: 200, content: json('InclusionProof') },
    errors: [400, 404],
  })
  inclusion(@Query(new KnownQueryParameters(INCLUSION_PARAMETERS)) query: ProofQuery) {
    const eventId = query.eventId;
    if (typeof eventId !== 'string' || !UUID.test(eventId)) {
      throw ApiError.invalidQuery('eventId', 'is required, once, and must be a UUID');
    }
    return this.log.inclusion(eventId.toLowerCase(), treeSize('treeSize', query.treeSize, 1));
  }

  @Get('proof/consistency')
  @RouteDoc({
    tag: 'audit',
    summary: 'An RFC 9162 consistency proof between two tree sizes',
    query: CONSISTENCY_PARAMETERS,
    success: { status: 200, content: json('ConsistencyProof') },
    errors: [400],
  })
  consistency(@Query(new KnownQueryParameters(CONSISTENCY_PARAMETERS)) query: ProofQuery) {
    const from = treeSize('from', query.from, 0);
    if (from === undefined) throw ApiError.invalidQuery('from', 'is required');
    return this.log.consistency(from, treeSize('to', query.to, 0));
  }
}

function treeSize(name: string, raw: unknown, min: number): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !SIZE.test(raw) || Number(raw) < min) {
    throw ApiError.invalidQuery(name, `must be given once, as an integer of at least ${min}`);
  }
  return Number(raw);
}
