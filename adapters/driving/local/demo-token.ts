import type { IssueToken } from '../../../domain/tokens/issue-token.use-case.ts';

/** What the demo page's users may join: their own channels, any private one, and the lobby. */
const DEMO_CHANNELS = ['private-*', 'presence-lobby'];

export type DemoTokenAnswer = { readonly status: 200; readonly body: { readonly access_token: string; readonly expires_in: number } } | { readonly status: 400; readonly body: { readonly message: string } };

/**
 * Tokens for the demo page, minted here with the app's credentials as a backend would, so the page
 * never holds the secret (a browser must never see it: README "Tokens").
 */
export function makeDemoTokenMinter(issueToken: IssueToken, client: { readonly key: string; readonly secret: string }): (userId: unknown) => Promise<DemoTokenAnswer> {
  return async (userId) => {
    const name = typeof userId === 'string' ? userId.trim() : userId;
    const result = await issueToken.execute({ grantType: 'client_credentials', client, userId: name, channels: DEMO_CHANNELS, userInfo: { name } });
    if (!result.ok) return { status: 400, body: { message: result.error.message } };
    return { status: 200, body: { access_token: result.value.accessToken, expires_in: result.value.expiresIn } };
  };
}
