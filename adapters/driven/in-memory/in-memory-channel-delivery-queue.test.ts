import { describeChannelDeliveryQueueContract } from '../../../domain/realtime/channel-delivery-queue.contract.ts';
import { InMemoryChannelDeliveryQueue } from './in-memory-channel-delivery-queue.ts';

describeChannelDeliveryQueueContract('in-memory', () => {
  const queue = new InMemoryChannelDeliveryQueue();
  return { queue, received: async () => queue.take() };
});
