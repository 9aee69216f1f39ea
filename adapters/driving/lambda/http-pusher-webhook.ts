import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ReceiveWebhook } from '../../../domain/webhooks/receive-webhook.use-case.ts';
import { header, rawBody } from './http-request.ts';
import { errorResponse, json } from './http-response.ts';
import type { Observability } from './observability.ts';

/** `POST /pusher/webhook`: verified on the raw body, then handed on once. */
export function makeHttpPusherWebhookHandler(deps: { receiveWebhook: ReceiveWebhook } & Observability) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    if (event.requestContext.http.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'use POST', { allow: 'POST' });
    const body = rawBody(event);
    if (!body.ok) return errorResponse(body.status, 'invalid_request', body.message);
    const result = await deps.receiveWebhook.execute({
      headers: {
        'x-pusher-key': header(event, 'x-pusher-key'),
        'x-pusher-signature': header(event, 'x-pusher-signature'),
        'content-type': header(event, 'content-type'),
      },
      rawBody: body.raw,
    });
    if (result.ok) {
      const { events, handedOn } = result.value;
      // A replay is answered as the first delivery was (a retry must succeed), but was not handed on again.
      deps.logger.info(handedOn ? 'webhook received' : 'webhook replay ignored', { events });
      return json(200, handedOn ? { ok: true, events } : { ok: true, events, replay: true });
    }
    deps.logger.warn('webhook refused', { reason: result.error.kind });
    switch (result.error.kind) {
      case 'InvalidSignature':
      case 'StaleWebhook':
        return errorResponse(401, 'invalid_signature', result.error.message);
      case 'MalformedWebhook':
        return errorResponse(400, 'invalid_request', result.error.message);
    }
  };
}
