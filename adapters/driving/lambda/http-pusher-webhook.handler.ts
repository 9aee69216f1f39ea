import { pusherWebhookModule } from '../../composition/pusher.module.ts';
import { sqsModule } from '../../composition/sqs.module.ts';
import { createContainer } from '../../composition/container.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { SERVICE_IDS } from '../../composition/service-ids.ts';
import { instrumented, NO_METRICS } from './observability.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';
import { makeHttpPusherWebhookHandler } from './http-pusher-webhook.ts';

const config = await loadLambdaConfig();
const container = createContainer(config, pusherWebhookModule(config), sqsModule(config));
const observability = { logger: createPowertoolsLogger('http-pusher-webhook'), metrics: NO_METRICS };
export const handler = instrumented(observability, makeHttpPusherWebhookHandler({ receiveWebhook: container.get(SERVICE_IDS.ReceiveWebhook), ...observability }));
