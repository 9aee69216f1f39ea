import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { CHANNELS_APP_KEY_PARAMETER } from '../../manifest/websocket-routes.ts';

export interface ChannelsFrontDoorArgs {
  /** The channels API's `wss://{id}.execute-api.{region}.amazonaws.com`. */
  readonly apiEndpoint: pulumi.Input<string>;
  readonly stageName: string;
  /** A domain of your own, and its ACM certificate in us-east-1; else the distribution's `*.cloudfront.net` name. */
  readonly customDomain?: { readonly name: string; readonly certificateArn: string } | undefined;
}

/**
 * The viewer-request CloudFront Function (cloudfront-js-2.0): pusher-js asks for `/app/<key>?…`,
 * a path API Gateway refuses after the stage; the function sends it to the stage's root with the
 * key in `app_key` (replacing any the client sent), and answers anything else 404 without
 * reaching the API.
 */
export function channelsRewriteCode(stageName: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(stageName)) throw new Error(`the stage name ${JSON.stringify(stageName)} cannot be put in a path`);
  return `function handler(event) {
  var request = event.request;
  var match = /^\\/app\\/([^\\/]+)$/.exec(request.uri);
  if (!match) return { statusCode: 404, statusDescription: 'Not Found' };
  request.uri = '/${stageName}';
  request.querystring['${CHANNELS_APP_KEY_PARAMETER}'] = { value: match[1] };
  return request;
}
`;
}

/** CloudFront's managed policies, looked up by their documented names. */
const CACHING_DISABLED = 'Managed-CachingDisabled';
/** Every viewer header (the WebSocket handshake's Sec-WebSocket-*) and query string, but not Host: API Gateway needs its own. */
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'Managed-AllViewerExceptHostHeader';

/**
 * `wss://<distribution>.cloudfront.net/app/<key>` in front of the channels API, so unmodified pusher-js
 * connects with only `wsHost` changed: no domain of your own needed, nothing cached, TLS to the origin.
 */
export class ChannelsFrontDoor extends pulumi.ComponentResource {
  readonly distribution: aws.cloudfront.Distribution;
  /** What pusher-js takes as `wsHost`: the custom domain when there is one. */
  readonly host: pulumi.Output<string>;
  /** Where a custom domain's CNAME points. */
  readonly distributionDomain: pulumi.Output<string>;

  constructor(name: string, args: ChannelsFrontDoorArgs, opts?: pulumi.ComponentResourceOptions) {
    super('pushgate:api:ChannelsFrontDoor', name, {}, opts);
    const rewrite = new aws.cloudfront.Function(`${name}-rewrite`, { runtime: 'cloudfront-js-2.0', publish: true, code: channelsRewriteCode(args.stageName), comment: 'pusher-js /app/<key> to the channels API stage' }, { parent: this });
    const cachePolicy = aws.cloudfront.getCachePolicyOutput({ name: CACHING_DISABLED }, { parent: this });
    const originRequestPolicy = aws.cloudfront.getOriginRequestPolicyOutput({ name: ALL_VIEWER_EXCEPT_HOST_HEADER }, { parent: this });
    const originId = 'channels-api';
    this.distribution = new aws.cloudfront.Distribution(
      name,
      {
        enabled: true,
        comment: 'pushgate channels (the Pusher protocol)',
        origins: [
          {
            originId,
            domainName: pulumi.output(args.apiEndpoint).apply((endpoint) => endpoint.replace(/^wss:\/\//, '')),
            customOriginConfig: { originProtocolPolicy: 'https-only', httpPort: 80, httpsPort: 443, originSslProtocols: ['TLSv1.2'] },
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: originId,
          // pusher-js over TLS only: a redirect cannot upgrade a WebSocket.
          viewerProtocolPolicy: 'https-only',
          allowedMethods: ['GET', 'HEAD'],
          cachedMethods: ['GET', 'HEAD'],
          cachePolicyId: cachePolicy.apply((policy) => policy.id ?? ''),
          originRequestPolicyId: originRequestPolicy.apply((policy) => policy.id ?? ''),
          compress: false,
          functionAssociations: [{ eventType: 'viewer-request', functionArn: rewrite.arn }],
        },
        priceClass: 'PriceClass_100',
        restrictions: { geoRestriction: { restrictionType: 'none' } },
        ...(args.customDomain === undefined
          ? { viewerCertificate: { cloudfrontDefaultCertificate: true } }
          : { aliases: [args.customDomain.name], viewerCertificate: { acmCertificateArn: args.customDomain.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' } }),
      },
      { parent: this },
    );
    this.distributionDomain = this.distribution.domainName;
    this.host = args.customDomain === undefined ? this.distribution.domainName : pulumi.output(args.customDomain.name);
    this.registerOutputs({ host: this.host, distributionDomain: this.distributionDomain });
  }
}
