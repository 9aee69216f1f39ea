// The Pulumi program arrives with the infrastructure issue; until then `pulumi up` has nothing to deploy.
// It will import only domain/messaging/actions.ts from the domain and bundle the Lambda entrypoints itself.
export {};
