import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface HttpApiArgs {
  readonly routes: readonly { readonly routeKey: string; readonly function: aws.lambda.Function }[];
  readonly corsOrigins: readonly string[];
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetentionDays: number;
}

/** Access logs without the query string: JSONP auth carries its token there. */
export const HTTP_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latency: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
});

/** The HTTP API: `/token`, `/pusher/auth` (GET for JSONP, POST), `/pusher/user-auth`, `/pusher/webhook`, with CORS. */
export class HttpApi extends pulumi.ComponentResource {
  readonly api: aws.apigatewayv2.Api;
  readonly stage: aws.apigatewayv2.Stage;
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: HttpApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super('pushgate:api:HttpApi', name, {}, opts);
    this.api = new aws.apigatewayv2.Api(
      name,
      {
        protocolType: 'HTTP',
        corsConfiguration: { allowOrigins: [...args.corsOrigins], allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['authorization', 'content-type'], maxAge: 600 },
      },
      { parent: this },
    );
    const integrations = new Map<aws.lambda.Function, aws.apigatewayv2.Integration>();
    for (const { routeKey, function: fn } of args.routes) {
      const slug = routeKey.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      let integration = integrations.get(fn);
      if (integration === undefined) {
        integration = new aws.apigatewayv2.Integration(`${name}-${slug}`, { apiId: this.api.id, integrationType: 'AWS_PROXY', integrationUri: fn.invokeArn, payloadFormatVersion: '2.0' }, { parent: this });
        integrations.set(fn, integration);
      }
      new aws.apigatewayv2.Route(`${name}-route-${slug}`, { apiId: this.api.id, routeKey, target: pulumi.interpolate`integrations/${integration.id}` }, { parent: this });
      const [method, path] = routeKey.split(' ');
      new aws.lambda.Permission(`${name}-${slug}-invoke`, { action: 'lambda:InvokeFunction', function: fn.name, principal: 'apigateway.amazonaws.com', sourceArn: pulumi.interpolate`${this.api.executionArn}/*/${method}${path}` }, { parent: this });
    }
    const accessLogs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, { retentionInDays: args.logRetentionDays }, { parent: this });
    this.stage = new aws.apigatewayv2.Stage(
      `${name}-stage`,
      {
        apiId: this.api.id,
        name: '$default',
        autoDeploy: true,
        defaultRouteSettings: { throttlingRateLimit: args.throttling.rateLimit, throttlingBurstLimit: args.throttling.burstLimit },
        accessLogSettings: { destinationArn: accessLogs.arn, format: HTTP_ACCESS_LOG_FORMAT },
      },
      { parent: this },
    );
    this.url = this.api.apiEndpoint;
    this.registerOutputs({ url: this.url });
  }
}
