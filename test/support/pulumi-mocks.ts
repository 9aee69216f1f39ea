import * as pulumi from '@pulumi/pulumi';

export interface MockedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly state: Record<string, any>;
}

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';

/** What AWS would compute for a resource, so the program's outputs and references resolve. */
function computedState(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
  const id = `${name}-id`;
  switch (type) {
    case 'aws:dynamodb/table:Table':
      return { name: inputs['name'] ?? name, arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}` };
    case 'aws:sqs/queue:Queue':
      return { name, arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`, url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}` };
    case 'aws:ssm/parameter:Parameter':
      return { arn: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${inputs['name']}` };
    case 'aws:apigatewayv2/api:Api':
      return {
        executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}`,
        apiEndpoint: inputs['protocolType'] === 'WEBSOCKET' ? `wss://${id}.execute-api.${REGION}.amazonaws.com` : `https://${id}.execute-api.${REGION}.amazonaws.com`,
      };
    case 'aws:cloudfront/distribution:Distribution':
      return { domainName: `${id}.cloudfront.net`, arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}` };
    case 'aws:lambda/function:Function':
      return { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${inputs['name']}`, invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/functions/${inputs['name']}/invocations` };
    default:
      return { arn: `arn:aws:mock:${REGION}:${ACCOUNT}:${type.split(':').pop()}/${name}` };
  }
}

/**
 * Strict Pulumi mocks: every resource is recorded with its inputs, and any provider function call
 * the tests did not expect fails the run instead of returning nothing.
 */
export function installPulumiMocks(stack: string, config: Record<string, string>, secretKeys: string[]): MockedResource[] {
  const resources: MockedResource[] = [];
  pulumi.runtime.setAllConfig(config, secretKeys);
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const state = { ...args.inputs, ...computedState(args.type, args.name, args.inputs) };
        resources.push({ type: args.type, name: args.name, inputs: args.inputs, state });
        return { id: `${args.name}-id`, state };
      },
      call: (args) => {
        // Only the current attribute: `name` is deprecated, and a program that still reads it gets nothing.
        if (args.token === 'aws:index/getRegion:getRegion') return { region: REGION, id: REGION };
        if (args.token === 'aws:index/getCallerIdentity:getCallerIdentity') return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/test`, userId: 'test', id: ACCOUNT };
        // CloudFront's managed policies, by name (their ids are AWS's).
        if (args.token === 'aws:cloudfront/getCachePolicy:getCachePolicy') return { id: `cache-policy-${args.inputs['name']}`, name: args.inputs['name'] };
        if (args.token === 'aws:cloudfront/getOriginRequestPolicy:getOriginRequestPolicy') return { id: `origin-request-policy-${args.inputs['name']}`, name: args.inputs['name'] };
        throw new Error(`unmocked provider call ${args.token}`);
      },
    },
    'pushgate',
    stack,
    false,
  );
  return resources;
}

/** The value inside an Output, once the mocked deployment has settled. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** The stack's configuration as `Pulumi.<stack>.yaml` holds it, plus the secrets an operator sets. */
export function stackConfig(yaml: string): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  for (const match of yaml.matchAll(/^\s+([\w-]+:[\w]+):\s*"?([^"\n]*)"?\s*$/gm)) config[match[1]!] = match[2]!;
  const secrets = {
    'pushgate:pusherSecret': 'stack-pusher-secret-value',
    'pushgate:tokenSigningKeys': `k1:${Buffer.from('a-stack-signing-key-of-at-least-32-bytes').toString('base64')}`,
    'pushgate:pusherEncryptionMasterKeyBase64': Buffer.alloc(32, 9).toString('base64'),
  };
  return { config: { ...config, ...secrets }, secretKeys: Object.keys(secrets) };
}
