import { parsePort, UserFacingError } from './cli.ts';
import { LOCAL_DEFAULTS } from './local-environment.ts';

/** Where the CLIs find a running `npm start`: PORT as the server reads it, on 127.0.0.1. */
export function localServerUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return `http://127.0.0.1:${parsePort(env['PORT'], Number(LOCAL_DEFAULTS['PORT']))}`;
}

/** `fetch`, with "nothing answers" told as one line that says how to start the server. */
export async function fetchLocal(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new UserFacingError(`no pushgate at ${new URL(url).origin} (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}); start it with npm start`);
  }
}
