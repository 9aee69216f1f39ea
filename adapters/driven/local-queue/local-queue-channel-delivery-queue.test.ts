import { describeChannelDeliveryQueueContract, readQueueBodies } from '../../../domain/realtime/channel-delivery-queue.contract.ts';
import { LocalQueue } from '../../driving/local/local-queue.ts';
import { LocalQueueChannelDeliveryQueue } from './local-queue-channel-delivery-queue.ts';

describeChannelDeliveryQueueContract('LocalQueueChannelDeliveryQueue (local SQS emulation)', () => {
  const queue = new LocalQueue({ name: 'ChannelFanOut' });
  return {
    queue: new LocalQueueChannelDeliveryQueue(queue),
    // What the channel fan-out worker would receive: the bodies waiting in the queue.
    received: async () => readQueueBodies(queue.peekBodies()),
  };
});
