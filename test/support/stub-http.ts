import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the test stubs of AWS endpoints share: reading a request's body, and answering as AWS's JSON services do. */
export async function readRequestBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** An AWS error answer: the status, `x-amzn-ErrorType`, and `{ message }`. */
export function answerAwsError(response: ServerResponse, status: number, errorType: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-ErrorType': errorType }).end(JSON.stringify({ message }));
}
