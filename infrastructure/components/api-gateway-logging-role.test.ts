import type * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { installPulumiMocks } from '../../test/support/pulumi-mocks.ts';
import { ApiGatewayLoggingRole } from './api-gateway-logging-role.ts';

installPulumiMocks('staging', {}, []);

describe('ApiGatewayLoggingRole', () => {
  it('outlives the stack (retainOnDelete on the role, its policy and the account setting), and sets the account only once the policy exists', () => {
    const options = new Map<string, pulumi.CustomResourceOptions>();
    const component = new ApiGatewayLoggingRole('logs', {
      transformations: [(args) => {
        options.set(args.type, args.opts);
        return undefined;
      }],
    });
    for (const type of ['aws:iam/role:Role', 'aws:iam/rolePolicy:RolePolicy', 'aws:apigateway/account:Account']) {
      expect(options.get(type)?.retainOnDelete, type).toBe(true);
    }
    expect(options.get('aws:apigateway/account:Account')?.dependsOn).toEqual([component.policy]);
  });
});
