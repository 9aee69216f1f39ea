import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { createHash } from 'node:crypto';
import type { WebSocketAuthMode } from '../../domain/messaging/actions.ts';
import { CONNECT_ROUTE, DISCONNECT_ROUTE, ROUTE_SELECTION_EXPRESSION, WEBSOCKET_ROUTE_KEYS } from '../../manifest/websocket-routes.ts';

export interface WebSocketFunctions {
  /** Only in `connect` auth mode. */
  readonly authorizer?: aws.lambda.Function;
  readonly connect: aws.lambda.Function;
  readonly disconnect: aws.lambda.Function;
  readonly message: aws.lambda.Function;
}

/** What the functions behind the API need to know of it before they exist. */
export interface WebSocketApiEndpoints {
  readonly executionArn: pulumi.Output<string>;
  readonly managementEndpoint: pulumi.Output<string>;
}

/** How an API picks a message's route, and whether its routes answer the sender (route responses). */
export interface WebSocketRouting {
  readonly selectionExpression: string;
  /** Every route, API Gateway's own included. */
  readonly routeKeys: readonly string[];
  readonly routeResponses: boolean;
}

/** The WebSocket API's: routes on `action`, replies posted through the Management API. */
export const ACTION_ROUTING: WebSocketRouting = { selectionExpression: ROUTE_SELECTION_EXPRESSION, routeKeys: WEBSOCKET_ROUTE_KEYS, routeResponses: false };

export interface WebSocketApiArgs {
  readonly stageName: string;
  /** `connect`: a REQUEST authorizer on `$connect`; `action` (the WebSocket API's other mode) and `none` (the channels API): no authorizer. */
  readonly authMode: WebSocketAuthMode | 'none';
  readonly routing?: WebSocketRouting;
  /** Called once the API exists: the message function posts back through its Management API. */
  readonly functions: (endpoints: WebSocketApiEndpoints) => WebSocketFunctions;
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetentionDays: number;
  /** Where the authorizer finds the token (connect auth mode). */
  readonly identitySources?: readonly string[];
}

/** Browsers cannot set headers on a WebSocket: the token comes in `?token=`. */
export const TOKEN_IDENTITY_SOURCES = ['route.request.querystring.token'] as const;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Stage access logs: no query string (it carries tokens), no message bodies. */
export const WEBSOCKET_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  status: '$context.status',
  connectionId: '$context.connectionId',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
});

/**
 * The WebSocket API: routes from manifest/websocket-routes.ts (the domain's actions plus API Gateway's own), a REQUEST authorizer on `$connect`
 * reading `?token=` (none in `action` auth mode), Lambda proxy integrations, a deployment that is
 * re-created whenever the routes, their targets, the integrations or the authorizer change (else the
 * stage keeps serving the old ones), and a stage named after the stack.
 */
export class WebSocketApi extends pulumi.ComponentResource {
  readonly api: aws.apigatewayv2.Api;
  readonly stage: aws.apigatewayv2.Stage;
  readonly deployment: aws.apigatewayv2.Deployment;
  readonly routeKeys: string[];
  readonly url: pulumi.Output<string>;
  readonly managementEndpoint: pulumi.Output<string>;

  constructor(name: string, args: WebSocketApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super('pushgate:api:WebSocketApi', name, {}, opts);
    const routing = args.routing ?? ACTION_ROUTING;
    this.api = new aws.apigatewayv2.Api(name, { protocolType: 'WEBSOCKET', routeSelectionExpression: routing.selectionExpression }, { parent: this });
    // Known before the stage exists, so the functions can be created first and the stage last.
    this.managementEndpoint = pulumi.interpolate`${this.api.apiEndpoint.apply((endpoint) => endpoint.replace(/^wss:/, 'https:'))}/${args.stageName}`;
    this.url = pulumi.interpolate`${this.api.apiEndpoint}/${args.stageName}`;
    const fns = args.functions({ executionArn: this.api.executionArn, managementEndpoint: this.managementEndpoint });
    const allow = (key: string, fn: aws.lambda.Function, path: pulumi.Input<string>) =>
      new aws.lambda.Permission(`${name}-${key}-invoke`, { action: 'lambda:InvokeFunction', function: fn.name, principal: 'apigateway.amazonaws.com', sourceArn: pulumi.interpolate`${this.api.executionArn}/${path}` }, { parent: this });

    // Each piece's arguments are also what the deployment hashes: a change to any of them reaches the stage.
    const integrationArgs = (fn: aws.lambda.Function) => ({ integrationType: 'AWS_PROXY', integrationUri: fn.invokeArn, integrationMethod: 'POST' });
    const integrations = {
      connect: integrationArgs(fns.connect),
      disconnect: integrationArgs(fns.disconnect),
      message: integrationArgs(fns.message),
    };
    const integration = (key: keyof typeof integrations) => new aws.apigatewayv2.Integration(`${name}-${key}`, { apiId: this.api.id, ...integrations[key] }, { parent: this });
    const authorizerFunction = args.authMode === 'connect' ? fns.authorizer : undefined;
    if (args.authMode === 'connect' && authorizerFunction === undefined) throw new Error(`${name}: connect auth mode needs an authorizer function`);
    const authorizerArgs =
      authorizerFunction === undefined ? undefined : { authorizerType: 'REQUEST', authorizerUri: authorizerFunction.invokeArn, identitySources: [...(args.identitySources ?? TOKEN_IDENTITY_SOURCES)], name: 'token' };
    const authorizer = authorizerArgs === undefined ? undefined : new aws.apigatewayv2.Authorizer(`${name}-authorizer`, { apiId: this.api.id, ...authorizerArgs }, { parent: this });
    if (authorizer !== undefined && authorizerFunction !== undefined) allow('authorizer', authorizerFunction, pulumi.interpolate`authorizers/${authorizer.id}`);

    const connectIntegration = integration('connect');
    const disconnectIntegration = integration('disconnect');
    const messageIntegration = integration('message');

    // $connect (behind the authorizer) and $disconnect have their own functions; every other route is a message.
    const targetOf = (routeKey: string): keyof typeof integrations => (routeKey === CONNECT_ROUTE ? 'connect' : routeKey === DISCONNECT_ROUTE ? 'disconnect' : 'message');
    const integrationResources = { connect: connectIntegration, disconnect: disconnectIntegration, message: messageIntegration };
    // Route responses exist for message routes only: `$connect` cannot answer, `$disconnect` has no one to answer.
    const routeShapes = routing.routeKeys.map((routeKey) => ({
      routeKey,
      target: targetOf(routeKey),
      authorized: routeKey === CONNECT_ROUTE && authorizer !== undefined,
      answers: routing.routeResponses && targetOf(routeKey) === 'message',
    }));
    const routes = routeShapes.flatMap(({ routeKey, target, authorized, answers }) => {
      const slug = routeKey.replace('$', '').replace(/[^A-Za-z0-9-]/g, '-');
      const route = new aws.apigatewayv2.Route(
        `${name}-route-${slug}`,
        {
          apiId: this.api.id,
          routeKey,
          target: pulumi.interpolate`integrations/${integrationResources[target].id}`,
          ...(authorized && authorizer !== undefined ? { authorizationType: 'CUSTOM', authorizerId: authorizer.id } : {}),
          ...(answers ? { routeResponseSelectionExpression: '$default' } : {}),
        },
        { parent: this },
      );
      if (!answers) return [route];
      // Two-way: the function's answer body is sent to the sender, with no @connections call.
      return [route, new aws.apigatewayv2.RouteResponse(`${name}-route-${slug}-response`, { apiId: this.api.id, routeId: route.id, routeResponseKey: '$default' }, { parent: this })];
    });
    this.routeKeys = [...routing.routeKeys];
    // Each function may be invoked by its own routes on this stage only.
    for (const { routeKey, target } of routeShapes) {
      allow(target === 'message' ? `message-${routeKey.replace('$', '').replace(/[^A-Za-z0-9-]/g, '-')}` : target, fns[target], `${args.stageName}/${routeKey}`);
    }

    const deployment = (this.deployment = new aws.apigatewayv2.Deployment(
      `${name}-deployment`,
      {
        apiId: this.api.id,
        description: `routes: ${this.routeKeys.join(' ')}`,
        triggers: {
          routes: JSON.stringify({ routes: this.routeKeys, authMode: args.authMode, ...(routing.routeResponses ? { routeResponses: true } : {}) }),
          configuration: pulumi.jsonStringify({ integrations, authorizer: authorizerArgs ?? null, routes: routeShapes }).apply(sha256),
        },
      },
      { parent: this, dependsOn: routes },
    ));
    const accessLogs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, { retentionInDays: args.logRetentionDays }, { parent: this });
    this.stage = new aws.apigatewayv2.Stage(
      `${name}-stage`,
      {
        apiId: this.api.id,
        name: args.stageName,
        deploymentId: deployment.id,
        defaultRouteSettings: { throttlingRateLimit: args.throttling.rateLimit, throttlingBurstLimit: args.throttling.burstLimit },
        accessLogSettings: { destinationArn: accessLogs.arn, format: WEBSOCKET_ACCESS_LOG_FORMAT },
      },
      { parent: this },
    );
    this.registerOutputs({ url: this.url, managementEndpoint: this.managementEndpoint });
  }
}
