import type { TestProject } from 'vitest/node';
import { startAwsBackend, type AwsBackend } from './aws-backend.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    awsBackend: AwsBackend;
  }
}

/** One backend for the whole integration run; every suite says which one it used. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const backend = await startAwsBackend();
  console.log(`[integration] AWS backend: ${backend.description}`);
  const { stop, ...shared } = backend;
  project.provide('awsBackend', shared);
  return stop;
}
