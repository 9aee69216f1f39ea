import { describeConnectionRegistryContract } from '../../../domain/connections/connection-registry.contract.ts';
import { describeConnectionNotifierContract } from '../../../domain/notifications/connection-notifier.contract.ts';
import { describeNotificationQueueContract } from '../../../domain/notifications/notification-queue.contract.ts';
import { describeRefreshTokenStoreContract } from '../../../domain/tokens/refresh-token-store.contract.ts';
import { describeReplayGuardContract } from '../../../domain/webhooks/replay-guard.contract.ts';
import { InMemoryReplayGuard } from './in-memory-replay-guard.ts';
import { ManualClock } from './manual-clock.ts';
import { InMemoryConnectionNotifier } from './in-memory-connection-notifier.ts';
import { InMemoryConnectionRegistry } from './in-memory-connection-registry.ts';
import { InMemoryNotificationQueue } from './in-memory-notification-queue.ts';
import { InMemoryRefreshTokenStore } from './in-memory-refresh-token-store.ts';
import { InMemorySubscriptionRegistry } from './in-memory-subscription-registry.ts';
import { describeSubscriptionRegistryContract } from '../../../domain/realtime/subscription-registry.contract.ts';

describeConnectionRegistryContract('in-memory', () => new InMemoryConnectionRegistry());
describeRefreshTokenStoreContract('in-memory', () => new InMemoryRefreshTokenStore());
describeReplayGuardContract('in-memory', () => new InMemoryReplayGuard(new ManualClock(Date.UTC(2026, 0, 1))));
describeNotificationQueueContract('in-memory', () => {
  const queue = new InMemoryNotificationQueue();
  return { queue, received: async () => queue.take() };
});
describeConnectionNotifierContract('in-memory', () => {
  const notifier = new InMemoryConnectionNotifier();
  let next = 0;
  return {
    notifier,
    openConnection: async () => {
      const connectionId = `conn-${next++}`;
      notifier.open(connectionId);
      return connectionId;
    },
    closeConnection: async (connectionId) => notifier.close(connectionId),
    receivedBy: async (connectionId) => notifier.received(connectionId),
  };
});

describeSubscriptionRegistryContract('in-memory', (lifetime) => new InMemorySubscriptionRegistry(lifetime));
