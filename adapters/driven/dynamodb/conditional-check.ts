import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** A write's condition did not hold (checked by name too, should the error come from another copy of the SDK). */
export function isConditionalCheckFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException';
}
