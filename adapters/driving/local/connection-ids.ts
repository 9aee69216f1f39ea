import { randomBytes } from 'node:crypto';

/** Ids in API Gateway's style (`f97yeeMZDoECGqg=`): 11 random bytes, base64. */
export function newConnectionId(): string {
  return randomBytes(11).toString('base64');
}
