import { describeNotificationQueueContract } from '../../../domain/notifications/notification-queue.contract.ts';
import { LocalQueue } from '../../driving/local/local-queue.ts';
import { LocalQueueNotificationQueue } from './local-queue-notification-queue.ts';

describeNotificationQueueContract('LocalQueueNotificationQueue (local SQS emulation)', () => {
  const queue = new LocalQueue({ name: 'NotifyConnection' });
  return {
    queue: new LocalQueueNotificationQueue(queue),
    // What the NotifyConnection worker would receive: the bodies waiting in the queue.
    received: async () => queue.peekBodies().map((body) => JSON.parse(body)),
  };
});
