import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '../../../domain/shared/id-generator.port.ts';

/** 256 random bits, base64url: unguessable enough for refresh tokens as well as ids. */
export class CryptoIdGenerator implements IdGenerator {
  generate(): string {
    return randomBytes(32).toString('base64url');
  }
}
