/** POSTs a signed webhook body to the app; throws unless the app answered 2xx in time. */
export interface AppWebhookSender {
  post(body: string, headers: Readonly<Record<string, string>>): Promise<void>;
}
