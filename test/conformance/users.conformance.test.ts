import { expect, it } from 'vitest';
import { bounded, connectionErrors, parseData, uniqueName, type PusherClient, type RawSocket } from './support/clients.ts';
import { describeFeature, useConformance } from './support/suite.ts';

// Users: pusher:signin through the app's authenticateUser endpoint, events to a user (sendToUser),
// terminate_connections, and watchlists. User ids are this run's own, as a shared server needs.
const context = useConformance();

/** A raw socket signed in as `userId` with what the app's authenticateUser signs. */
async function signedInRaw(userId: string): Promise<RawSocket> {
  const socket = await context.clients.raw();
  const socketId = await socket.socketId();
  socket.send('pusher:signin', context.app.pusher.authenticateUser(socketId, { id: userId }));
  await socket.event('pusher:signin_success');
  return socket;
}

/** What a user receives through pusher-js's `client.user.bind`. */
function userEvents(client: PusherClient, event: string): unknown[] {
  const received: unknown[] = [];
  client.user.bind(event, (data: unknown) => received.push(data));
  return received;
}

/** Resolves when pusher-js loses the connection it has. */
function disconnected(client: PusherClient): Promise<void> {
  return new Promise((resolve) => client.connection.bind('state_change', ({ current }: { current: string }) => current !== 'connected' && resolve()));
}

describeFeature('user_auth', 'user sign-in and events to a user', () => {
  it("signs pusher-js in through the app's authenticateUser endpoint", async () => {
    const userId = uniqueName('', 'ulla');
    const client = await context.clients.signedIn(userId);
    expect(client.user.user_data).toEqual({ id: userId, user_info: { name: userId.toUpperCase() } });
  });

  it('answers pusher:signin on the wire with pusher:signin_success carrying the same user_data string', async () => {
    const socket = await context.clients.raw();
    const socketId = await socket.socketId();
    const signed = context.app.pusher.authenticateUser(socketId, { id: uniqueName('', 'wire-user'), user_info: { name: 'W' } });
    socket.send('pusher:signin', signed);
    const success = await socket.event('pusher:signin_success');
    expect(parseData(success)).toEqual({ user_data: signed.user_data });
  });

  it('refuses a forged sign-in with 4009 (a pusher:error frame or the close code)', async () => {
    const socket = await context.clients.raw();
    await socket.socketId();
    socket.send('pusher:signin', { auth: `${context.target.key}:${'0'.repeat(64)}`, user_data: JSON.stringify({ id: uniqueName('', 'forger') }) });
    const refusal = await Promise.race([
      socket.frame((frame) => frame.event === 'pusher:error' || frame.event === 'pusher:signin_success', 'an answer to the sign-in').then((frame) => (frame.event === 'pusher:error' ? (parseData(frame) as { code: unknown }).code : frame.event)),
      socket.closed.then((code) => (code === 4009 ? code : `closed with ${code}, no 4009`)),
    ]);
    expect(refusal).toBe(4009);
  });

  it('delivers sendToUser to every signed-in socket of the user, and to no one else', async () => {
    const [userId, otherId] = [uniqueName('', 'uma'), uniqueName('', 'uma-neighbour')];
    const [first, second, other] = await Promise.all([context.clients.signedIn(userId), context.clients.signedIn(userId), context.clients.signedIn(otherId)]);
    const [toFirst, toSecond, toOther] = [userEvents(first, 'note'), userEvents(second, 'note'), userEvents(other, 'note')];
    await context.app.pusher.sendToUser(userId, 'note', { text: 'for uma' });
    await expect.poll(() => [toFirst, toSecond]).toEqual([[{ text: 'for uma' }], [{ text: 'for uma' }]]);
    const sentinel = userEvents(other, 'sentinel');
    await context.app.pusher.sendToUser(otherId, 'sentinel', {});
    await expect.poll(() => sentinel.length).toBe(1);
    expect(toOther).toEqual([]);
  });

  it("keeps a socket that did not sign in as the user off the user's #server-to-user channel", async () => {
    const userId = uniqueName('', 'private-person');
    const snoop = await signedInRaw(uniqueName('', 'snoop'));
    const channel = `#server-to-user-${userId}`;
    snoop.send('pusher:subscribe', { channel });
    const answer = await snoop.frame(
      (frame) => (frame.channel === channel && (frame.event === 'pusher_internal:subscription_succeeded' || frame.event === 'pusher:subscription_error')) || frame.event === 'pusher:error',
      `an answer to the subscription to ${channel}`,
    );
    expect(answer.event, JSON.stringify(answer)).not.toBe('pusher_internal:subscription_succeeded');
  });
});

describeFeature('terminate_connections', 'terminate_connections', () => {
  it("closes every socket of the user, pusher-js's and raw ones, and no one else's", async () => {
    const [userId, bystanderId] = [uniqueName('', 'terminated'), uniqueName('', 'bystander')];
    const [first, second, bystander] = await Promise.all([context.clients.signedIn(userId), context.clients.signedIn(userId), context.clients.signedIn(bystanderId)]);
    const raw = await signedInRaw(userId);
    const bystanderLeft: string[] = [];
    bystander.connection.bind('state_change', ({ current }: { current: string }) => bystanderLeft.push(current));
    const gone = Promise.all([disconnected(first), disconnected(second), raw.closed]);
    await context.app.pusher.terminateUserConnections(userId);
    await bounded(gone, `the sockets of ${userId} to close`);
    // The bystander is still served, on the connection it had.
    const sentinel = userEvents(bystander, 'sentinel');
    await context.app.pusher.sendToUser(bystanderId, 'sentinel', {});
    await expect.poll(() => sentinel.length).toBe(1);
    expect(bystanderLeft).toEqual([]);
  });
});

describeFeature('watchlist', 'watchlists', () => {
  it("sends a signed-in user's watchlist online and offline events as watched users come and go", async () => {
    const [early, late, watcherId] = [uniqueName('', 'watched-early'), uniqueName('', 'watched-late'), uniqueName('', 'watcher')];
    const earlyClient = await context.clients.signedIn(early);
    const watcher = await context.clients.pusherJs(watcherId, { watchlist: [early, late] });
    const events: { name: string; user_ids: string[] }[] = [];
    watcher.user.watchlist.bind('online', (event: { name: string; user_ids: string[] }) => events.push(event));
    watcher.user.watchlist.bind('offline', (event: { name: string; user_ids: string[] }) => events.push(event));
    const errors = connectionErrors(watcher);
    watcher.signin();
    await bounded(watcher.user.signinDonePromise, `${watcherId} to sign in`);
    await expect.poll(() => events.filter((event) => event.name === 'online').flatMap((event) => event.user_ids), { message: JSON.stringify(errors) }).toContain(early);
    await context.clients.signedIn(late);
    await expect.poll(() => events.filter((event) => event.name === 'online').flatMap((event) => event.user_ids)).toContain(late);
    earlyClient.disconnect();
    await expect.poll(() => events.filter((event) => event.name === 'offline').flatMap((event) => event.user_ids)).toContain(early);
  });
});
