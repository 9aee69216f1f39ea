import type { UserSocketsTerminator } from '../../../domain/realtime/user-sockets-terminator.port.ts';

/** Records whose sockets were to be terminated, for tests. */
export class InMemoryUserSocketsTerminator implements UserSocketsTerminator {
  readonly terminated: string[] = [];

  async terminateUser(userId: string): Promise<void> {
    this.terminated.push(userId);
  }
}
