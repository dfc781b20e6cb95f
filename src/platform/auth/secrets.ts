import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Opaque random secrets: session ids, API tokens, CSRF tokens. */
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Only SHA-256 digests of bearer secrets are stored, so a database leak yields no credentials. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export const API_TOKEN_PREFIX = 'swm_';
export const newApiToken = (): string => `${API_TOKEN_PREFIX}${newSecret(32)}`;

// OWASP's argon2id minimum (19 MiB, 2 iterations, 1 lane).
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal accounts. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => {
  dummyHash ??= hashPassword(newSecret(16));
  return dummyHash;
};

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const MIN_PASSWORD_LENGTH = 10;
