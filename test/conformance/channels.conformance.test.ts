import { describe, expect, it } from 'vitest';
import { parseData, subscribed, subscribeRecording, uniqueName, type RawSocket } from './support/clients.ts';
import { describeFeature, useConformance } from './support/suite.ts';

// Public, private, presence and private-encrypted channels: pusher-js authorizing through the app's
// own endpoint (the pusher package's authorizeChannel), events from the pusher package's trigger.
// What must NOT arrive is checked after a later frame on the same socket did (never by waiting).
const context = useConformance();

/** The server's answer to a subscribe: `subscription_succeeded`, or a refusal (`pusher:subscription_error` on the channel, or `pusher:error`). */
async function subscribeAnswer(socket: RawSocket, channel: string) {
  return socket.frame(
    (frame) => (frame.channel === channel && (frame.event === 'pusher_internal:subscription_succeeded' || frame.event === 'pusher:subscription_error')) || frame.event === 'pusher:error',
    `an answer to the subscription to ${channel}`,
  );
}

/** Whether the raw socket received `event` on `channel`. */
const got = (socket: RawSocket, event: string, channel: string) => socket.frames.some((frame) => frame.event === event && frame.channel === channel);

describe('public channels', () => {
  it('deliver to pusher-js what the pusher package triggers, objects and strings as given', async () => {
    const name = uniqueName('', 'news');
    const { channel } = await subscribed(await context.clients.pusherJs('reader'), name);
    const received: unknown[] = [];
    channel.bind('headline', (data: unknown) => received.push(data));
    await context.app.pusher.trigger(name, 'headline', { title: 'first', n: 1 });
    await context.app.pusher.trigger(name, 'headline', 'plain text');
    await expect.poll(() => received).toEqual([{ title: 'first', n: 1 }, 'plain text']);
  });

  it('carry on the wire the event, the channel and the data as a JSON string', async () => {
    const name = uniqueName('', 'wire');
    const socket = await context.clients.raw();
    await socket.socketId();
    await socket.subscribe(name);
    await context.app.pusher.trigger(name, 'update', { value: 42 });
    const frame = await socket.event('update', name);
    expect(frame).toMatchObject({ event: 'update', channel: name });
    expect(typeof frame.data).toBe('string');
    expect(parseData(frame)).toEqual({ value: 42 });
  });

  it('reach each channel of a trigger to several channels', async () => {
    const [first, second] = [uniqueName('', 'multi-a'), uniqueName('', 'multi-b')];
    const socket = await context.clients.raw();
    await socket.socketId();
    await socket.subscribe(first);
    await socket.subscribe(second);
    await context.app.pusher.trigger([first, second], 'both', { n: 1 });
    await socket.event('both', first);
    await socket.event('both', second);
  });

  it('stop delivering to a socket once it unsubscribed', async () => {
    const [left, stayed] = [uniqueName('', 'left'), uniqueName('', 'stayed')];
    const socket = await context.clients.raw();
    await socket.socketId();
    await socket.subscribe(left);
    await socket.subscribe(stayed);
    socket.send('pusher:unsubscribe', { channel: left });
    // The socket was the channel's only subscriber: once the server has it unoccupied, the unsubscribe was served.
    await expect.poll(async () => (await (await context.app.pusher.get({ path: `/channels/${left}` })).json()).occupied).toBe(false);
    await context.app.pusher.trigger(left, 'after-leaving', {});
    await context.app.pusher.trigger(stayed, 'sentinel', {});
    await socket.event('sentinel', stayed);
    expect(got(socket, 'after-leaving', left)).toBe(false);
  });
});

describe('private channels', () => {
  it("subscribe pusher-js through the app's auth endpoint (authorizeChannel) and deliver triggered events", async () => {
    const name = uniqueName('private-', 'chat');
    const { channel } = await subscribed(await context.clients.pusherJs('ann'), name);
    const received = new Promise((resolve) => channel.bind('greeting', resolve));
    await context.app.pusher.trigger(name, 'greeting', { hello: 'ann' });
    expect(await received).toEqual({ hello: 'ann' });
  });

  it("fail with pusher:subscription_error carrying the status when the app's endpoint refuses (403)", async () => {
    const recording = subscribeRecording(await context.clients.pusherJs('ben'), uniqueName('private-', 'forbidden'));
    const failure = await recording.succeeded.then(
      () => 'subscribed',
      (error: { detail?: unknown }) => error.detail,
    );
    expect(failure).toMatchObject({ type: 'AuthError', status: 403 });
  });

  it.each([
    ['no auth', () => ({})],
    ['a forged signature', (_socketId: string, _channel: string, key: string) => ({ auth: `${key}:${'0'.repeat(64)}` })],
    ['auth signed for another socket', (_socketId: string, channel: string) => ({ auth: context.app.pusher.authorizeChannel('1234.5678', channel).auth })],
    ['auth signed for another channel', (socketId: string, channel: string) => ({ auth: context.app.pusher.authorizeChannel(socketId, `${channel}-other`).auth })],
  ])('refuse a subscribe with %s, and deliver nothing of the channel to that socket', async (label, authorization) => {
    const slug = label.replaceAll(' ', '-');
    const [name, sentinelChannel] = [uniqueName('private-', `guarded-${slug}`), uniqueName('', `sentinel-${slug}`)];
    const socket = await context.clients.raw();
    const socketId = await socket.socketId();
    socket.send('pusher:subscribe', { channel: name, ...authorization(socketId, name, context.target.key) });
    const answer = await subscribeAnswer(socket, name);
    expect(answer.event, JSON.stringify(answer)).not.toBe('pusher_internal:subscription_succeeded');
    await socket.subscribe(sentinelChannel);
    await context.app.pusher.trigger(name, 'secret', {});
    await context.app.pusher.trigger(sentinelChannel, 'sentinel', {});
    await socket.event('sentinel', sentinelChannel);
    expect(got(socket, 'secret', name)).toBe(false);
  });

  it('accept on the wire the auth that authorizeChannel signed for the socket', async () => {
    const name = uniqueName('private-', 'signed');
    const socket = await context.clients.raw();
    const socketId = await socket.socketId();
    await socket.subscribe(name, context.app.pusher.authorizeChannel(socketId, name));
  });
});

describe('presence channels', () => {
  type Members = { count: number; me: { id: string; info: unknown }; members: Record<string, unknown> };

  it('announce the members on subscription_succeeded, then member_added and member_removed (unsubscribe and disconnect)', async () => {
    const name = uniqueName('presence-', 'lobby');
    const carl = await context.clients.pusherJs('carl');
    const carlView = (await subscribed(carl, name)).data as Members;
    expect(carlView).toMatchObject({ count: 1, me: { id: 'carl', info: { name: 'CARL' } } });
    const carlEvents = subscribeRecordingOf(carl, name);

    const dina = await context.clients.pusherJs('dina');
    const dinaView = (await subscribed(dina, name)).data as Members;
    expect(dinaView.count).toBe(2);
    expect(dinaView.members).toEqual({ carl: { name: 'CARL' }, dina: { name: 'DINA' } });
    await expect.poll(() => carlEvents.find((entry) => entry.event === 'pusher:member_added')?.data).toEqual({ id: 'dina', info: { name: 'DINA' } });

    dina.unsubscribe(name);
    await expect.poll(() => carlEvents.filter((entry) => entry.event === 'pusher:member_removed').map((entry) => (entry.data as { id: string }).id)).toEqual(['dina']);

    const eve = await context.clients.pusherJs('eve');
    await subscribed(eve, name);
    await expect.poll(() => carlEvents.filter((entry) => entry.event === 'pusher:member_added').length).toBe(2);
    eve.disconnect();
    await expect.poll(() => carlEvents.filter((entry) => entry.event === 'pusher:member_removed').map((entry) => (entry.data as { id: string }).id)).toEqual(['dina', 'eve']);
  });

  it("count a user's several sockets as one member, who leaves with the last of them", async () => {
    const name = uniqueName('presence-', 'one-member');
    const observer = await context.clients.pusherJs('observer');
    await subscribed(observer, name);
    const seen = subscribeRecordingOf(observer, name);
    const firstSocket = await context.clients.pusherJs('multi');
    await subscribed(firstSocket, name);
    const secondSocket = await context.clients.pusherJs('multi');
    const secondView = (await subscribed(secondSocket, name)).data as Members;
    expect(secondView.count).toBe(2);
    // A later join, seen after anything the second socket caused.
    const later = await context.clients.pusherJs('later');
    await subscribed(later, name);
    await expect.poll(() => memberIds(seen, 'pusher:member_added')).toContain('later');
    expect(memberIds(seen, 'pusher:member_added')).toEqual(['multi', 'later']);

    firstSocket.disconnect();
    later.unsubscribe(name);
    await expect.poll(() => memberIds(seen, 'pusher:member_removed')).toContain('later');
    secondSocket.disconnect();
    await expect.poll(() => memberIds(seen, 'pusher:member_removed')).toContain('multi');
    expect(memberIds(seen, 'pusher:member_removed').sort()).toEqual(['later', 'multi']);
  });
});

describeFeature('encrypted', 'private-encrypted channels', () => {
  it('deliver to pusher-js, which decrypts with the shared secret from authorizeChannel, what the pusher package encrypted', async () => {
    const name = uniqueName('private-encrypted-', 'vault');
    const { channel } = await subscribed(await context.clients.pusherJs('vera'), name);
    const received = new Promise((resolve) => channel.bind('secret', resolve));
    await context.app.pusher.trigger(name, 'secret', { code: 42 });
    expect(await received).toEqual({ code: 42 });
  });

  it('carry only ciphertext on the wire', async () => {
    const name = uniqueName('private-encrypted-', 'wire');
    const socket = await context.clients.raw();
    const socketId = await socket.socketId();
    await socket.subscribe(name, { auth: context.app.pusher.authorizeChannel(socketId, name).auth });
    await context.app.pusher.trigger(name, 'secret', { plaintext: 'never on the wire' });
    const frame = await socket.event('secret', name);
    expect(String(frame.data)).not.toContain('never on the wire');
    expect(parseData(frame)).toEqual({ nonce: expect.any(String), ciphertext: expect.any(String) });
  });
});

/** Everything the client's channel emits from now on (it is subscribed already). */
function subscribeRecordingOf(client: Awaited<ReturnType<typeof context.clients.pusherJs>>, name: string) {
  const events: { event: string; data: unknown }[] = [];
  client.channel(name).bind_global((event: string, data: unknown) => events.push({ event, data }));
  return events;
}

function memberIds(events: readonly { event: string; data: unknown }[], event: string): string[] {
  return events.filter((entry) => entry.event === event).map((entry) => (entry.data as { id: string }).id);
}
