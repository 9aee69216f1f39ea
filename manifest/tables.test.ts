import { describe, expect, it } from 'vitest';
import { CONNECTION_TABLE, keyAttributes, REFRESH_TOKEN_TABLE, SUBSCRIPTION_TABLE, WEBHOOK_REPLAY_TABLE } from './tables.ts';

// A change here is a data migration on every deployed stack: this test makes it a deliberate one.
describe('the table shapes', () => {
  it('keys connections by connectionId, with a userId index paged by connectionId and TTL on expiresAt', () => {
    expect(CONNECTION_TABLE).toMatchObject({ partitionKey: 'connectionId', ttlAttribute: 'expiresAt' });
    expect(CONNECTION_TABLE.indexes).toEqual([{ name: 'userId-index', partitionKey: 'userId', sortKey: 'connectionId' }]);
    expect(CONNECTION_TABLE.userIndex).toBe(CONNECTION_TABLE.indexes[0]);
  });

  it('keys refresh tokens by pk, with no index and TTL on expiresAt', () => {
    expect(REFRESH_TOKEN_TABLE).toEqual({ partitionKey: 'pk', indexes: [], ttlAttribute: 'expiresAt' });
  });

  it('keys received webhooks by pk, with no index and TTL on expiresAt', () => {
    expect(WEBHOOK_REPLAY_TABLE).toEqual({ partitionKey: 'pk', indexes: [], ttlAttribute: 'expiresAt' });
  });

  it('keys subscriptions by pk and sk, with no index and TTL on expiresAt', () => {
    expect(SUBSCRIPTION_TABLE).toEqual({ partitionKey: 'pk', sortKey: 'sk', indexes: [], ttlAttribute: 'expiresAt' });
    expect(keyAttributes(SUBSCRIPTION_TABLE)).toEqual(['pk', 'sk']);
  });

  it('declares each key attribute once, however many keys name it', () => {
    expect(keyAttributes(CONNECTION_TABLE)).toEqual(['connectionId', 'userId']);
    expect(keyAttributes(REFRESH_TOKEN_TABLE)).toEqual(['pk']);
    expect(keyAttributes({ partitionKey: 'a', indexes: [{ name: 'i', partitionKey: 'b' }, { name: 'j', partitionKey: 'c', sortKey: 'a' }], ttlAttribute: 't' })).toEqual(['a', 'b', 'c']);
  });
});
