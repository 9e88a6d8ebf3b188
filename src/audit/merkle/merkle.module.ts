import { Module } from '@nestjs/common';
import { MerkleLog } from './merkle-log.service';
import { ProofController } from './proof.controller';

/** The verifiable log: the Merkle tree follower, signed checkpoints and proofs (HTTP only). */
@Module({ controllers: [ProofController], providers: [MerkleLog], exports: [MerkleLog] })
export class MerkleModule {}
