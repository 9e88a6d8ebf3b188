import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** True when this start created the key (the log then has a new origin: publish the key). */
  readonly created: boolean;
}

/**
 * The checkpoint signing key: an Ed25519 private key in a PKCS#8 PEM file, created on the first
 * start with mode 0600 (like the first admin key). Rotation is moving the file aside and
 * restarting; checkpoints signed before keep verifying with the old public key.
 */
export function loadOrCreateSigningKey(path: string): SigningKey {
  if (existsSync(path)) {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(
        `${path} is not a PEM private key (${(error as Error).message}); restore it from a backup, or move it aside to start signing with a new key`,
        { cause: error },
      );
    }
    if (privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error(
        `${path} holds a ${privateKey.asymmetricKeyType} key; checkpoints are signed with Ed25519`,
      );
    }
    return { privateKey, publicKey: createPublicKey(privateKey), created: false };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return { privateKey, publicKey, created: true };
}
