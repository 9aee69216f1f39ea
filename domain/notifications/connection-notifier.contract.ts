import { describe, expect, it } from 'vitest';
import type { ConnectionNotifier } from './connection-notifier.port.ts';

export interface NotifierUnderTest {
  readonly notifier: ConnectionNotifier;
  /** Opens a connection the notifier can reach and returns its id. */
  openConnection(): Promise<string>;
  closeConnection(connectionId: string): Promise<void>;
  /** What the connection has received so far, in order. */
  receivedBy(connectionId: string): Promise<readonly string[]>;
}

/** What every ConnectionNotifier must do; each adapter's test file runs this against its own transport. */
export function describeConnectionNotifierContract(adapterName: string, makeNotifier: () => Promise<NotifierUnderTest> | NotifierUnderTest): void {
  describe(`ConnectionNotifier contract: ${adapterName}`, () => {
    it('delivers to an open connection, in order', async () => {
      const subject = await makeNotifier();
      const connectionId = await subject.openConnection();
      expect(await subject.notifier.send(connectionId, '{"n":1}')).toBe('delivered');
      expect(await subject.notifier.send(connectionId, 'two ü€')).toBe('delivered');
      expect(await subject.receivedBy(connectionId)).toEqual(['{"n":1}', 'two ü€']);
    });

    it('says gone for a closed connection and for one that never was', async () => {
      const subject = await makeNotifier();
      const connectionId = await subject.openConnection();
      await subject.closeConnection(connectionId);
      expect(await subject.notifier.send(connectionId, 'late')).toBe('gone');
      expect(await subject.notifier.send('bm90LWEtY29ubmVjdGlvbg=', 'nobody')).toBe('gone');
    });
  });
}
