import { describe, expect, it } from 'vitest';
import { connectionErrors, parseData, subscribed, uniqueName, type RawSocket } from './support/clients.ts';
import { describeFeature, useConformance } from './support/suite.ts';

// Client events as Pusher enforces them: relayed on private and presence channels to the other
// subscribers (with the sender's user_id on presence), never on public or encrypted channels, never
// from a socket that is not subscribed. A refused event is checked for after a later event reached
// the same receiver (never by waiting).
const context = useConformance();

/** Two raw sockets on `channel`, each subscribed with what the app's authorizeChannel signs. */
async function pair(channel: string): Promise<[RawSocket, RawSocket]> {
  return Promise.all([joined(channel), joined(channel)]);
}

async function joined(channel: string): Promise<RawSocket> {
  const socket = await context.clients.raw();
  const socketId = await socket.socketId();
  const presence = channel.startsWith('presence-') ? { user_id: `user-${socketId}` } : undefined;
  await socket.subscribe(channel, channel.startsWith('private-') || channel.startsWith('presence-') ? context.app.pusher.authorizeChannel(socketId, channel, presence) : {});
  return socket;
}

/** Sends a client event the server must refuse, then proves with a later triggered event that `receiver` never got it. */
async function expectNotRelayed(sender: RawSocket, receiver: RawSocket, channel: string): Promise<void> {
  sender.send('client-refused', { n: 1 }, channel);
  // Served in order on one socket: the ping's pong comes after the client event was dealt with.
  await sender.roundTrip();
  await context.app.pusher.trigger(channel, 'sentinel', {});
  await receiver.event('sentinel', channel);
  expect(receiver.frames.filter((frame) => frame.event === 'client-refused')).toEqual([]);
}

describe('client events', () => {
  it('are relayed on a private channel to the other pusher-js subscribers, not back to the sender', async () => {
    const name = uniqueName('private-', 'typing');
    const sender = await subscribed(await context.clients.pusherJs('fay'), name);
    const receiver = await subscribed(await context.clients.pusherJs('gus'), name);
    const heard = new Promise((resolve) => receiver.channel.bind('client-typing', resolve));
    sender.channel.trigger('client-typing', { who: 'fay' });
    expect(await heard).toEqual({ who: 'fay' });
    // The sender's copy, had there been one, would have come before this.
    const sentinel = new Promise((resolve) => sender.channel.bind('sentinel', resolve));
    await context.app.pusher.trigger(name, 'sentinel', {});
    await sentinel;
    expect(sender.events.filter((entry) => entry.event === 'client-typing')).toEqual([]);
  });

  it("carry the sender's user_id on a presence channel", async () => {
    const name = uniqueName('presence-', 'room');
    const sender = await subscribed(await context.clients.pusherJs('hana'), name);
    const receiver = await subscribed(await context.clients.pusherJs('ivan'), name);
    const heard = new Promise<{ data: unknown; userId: unknown }>((resolve) => receiver.channel.bind('client-wave', (data: unknown, metadata: { user_id?: string }) => resolve({ data, userId: metadata.user_id })));
    sender.channel.trigger('client-wave', { hi: 1 });
    expect(await heard).toEqual({ data: { hi: 1 }, userId: 'hana' });
  });

  it('carry the data as the sender gave it, on the wire', async () => {
    const name = uniqueName('private-', 'wire');
    const [sender, receiver] = await pair(name);
    sender.send('client-note', { text: 'hello' }, name);
    const frame = await receiver.event('client-note', name);
    expect(frame).toMatchObject({ event: 'client-note', channel: name });
    expect(parseData(frame)).toEqual({ text: 'hello' });
  });

  it('are refused on a public channel', async () => {
    const name = uniqueName('', 'public-chat');
    const [sender, receiver] = await pair(name);
    await expectNotRelayed(sender, receiver, name);
  });

  it('are refused from a socket that is not subscribed to the channel', async () => {
    const name = uniqueName('private-', 'members-only');
    const receiver = await joined(name);
    const outsider = await context.clients.raw();
    await outsider.socketId();
    await expectNotRelayed(outsider, receiver, name);
  });
});

describeFeature('encrypted', 'client events on private-encrypted channels', () => {
  it('are refused (the server could not read them, and Pusher refuses them)', async () => {
    const name = uniqueName('private-encrypted-', 'whisper');
    const [sender, receiver] = await pair(name);
    await expectNotRelayed(sender, receiver, name);
  });
});

describeFeature('client_event_rate_limit', 'the client event rate limit', () => {
  it('answers client events over the per-connection rate with pusher:error 4301, relays those within it, and keeps the connection', async () => {
    const name = uniqueName('private-', 'chatty');
    const sender = await subscribed(await context.clients.pusherJs('chatty'), name);
    const receiver = await subscribed(await context.clients.pusherJs('listener'), name);
    const errors = connectionErrors(sender.channel.pusher);
    let heard = 0;
    receiver.channel.bind('client-burst', () => (heard += 1));
    // 100 at once: Pusher's default is 10 a second; however long serving them takes, most are over it.
    const burst = 100;
    for (let index = 0; index < burst; index += 1) sender.channel.trigger('client-burst', { index });
    await expect.poll(() => errors.filter((error) => error.code === 4301).length).toBeGreaterThan(0);
    await expect.poll(() => heard).toBeGreaterThan(0);
    expect(heard).toBeLessThan(burst);
    expect(sender.channel.pusher.connection.state).toBe('connected');
  });
});
