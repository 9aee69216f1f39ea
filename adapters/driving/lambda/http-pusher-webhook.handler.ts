import { dynamoDbWebhookModule } from '../../composition/dynamodb.module.ts';
import { createContainer } from '../../composition/container.ts';
import { buildHttpPusherWebhookHandler } from '../../composition/handler-table.ts';
import { loadLambdaConfig } from '../../composition/lambda-config.ts';
import { sqsModule } from '../../composition/sqs.module.ts';
import { webhookVerifierModule } from '../../composition/webhook-verifier.module.ts';
import { loggingOnlyObservability } from './powertools-logger.ts';

const config = await loadLambdaConfig();
const observability = loggingOnlyObservability('http-pusher-webhook');
const services = createContainer(config, webhookVerifierModule(config), sqsModule(config), dynamoDbWebhookModule(config));
export const handler = buildHttpPusherWebhookHandler({ services, observability });
