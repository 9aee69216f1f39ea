import type { UserEventPublisher } from './user-event-publisher.port.ts';

/** One notification to several bridges (hosted Pusher and the stack's own channels): each is tried; any failure is reported after all were. */
export class EveryUserEventPublisher implements UserEventPublisher {
  private readonly publishers: readonly UserEventPublisher[];

  constructor(publishers: readonly UserEventPublisher[]) {
    this.publishers = publishers;
  }

  async publishToUser(userId: string, data: unknown): Promise<void> {
    const outcomes = await Promise.allSettled(this.publishers.map((publisher) => publisher.publishToUser(userId, data)));
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${outcomes.length} bridges failed`);
  }
}
