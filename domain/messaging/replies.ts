/** What the WebSocket API sends back to a client, one JSON object per reply. */
export type Reply =
  | { readonly type: 'pong' }
  | { readonly message: string }
  | { readonly type: 'authorized'; readonly userId: string }
  | { readonly type: 'error'; readonly error: ReplyErrorCode; readonly message: string };

export type ReplyErrorCode = 'bad_request' | 'not_implemented' | 'unauthorized' | 'invalid_token';
