import { describe, expect, it } from 'vitest';
import { appSdk } from './support/app.ts';
import { subscribed, uniqueName } from './support/clients.ts';
import { useConformance } from './support/suite.ts';

// The Pusher HTTP API through the pusher package: trigger and triggerBatch (with socket_id
// exclusion), the channel queries, and the refusals Pusher answers.
const context = useConformance();

const json = async (response: Promise<{ json(): Promise<unknown> }>) => (await response).json();

describe('publishing', () => {
  it("leaves out the socket named by trigger's socket_id, and no one else", async () => {
    const name = uniqueName('', 'excluding');
    const excluded = await subscribed(await context.clients.pusherJs('excluded'), name);
    const included = await subscribed(await context.clients.pusherJs('included'), name);
    await context.app.pusher.trigger(name, 'echo', { n: 1 }, { socket_id: excluded.channel.pusher.connection.socket_id });
    await context.app.pusher.trigger(name, 'after', { n: 2 });
    await expect.poll(() => included.events.map((entry) => entry.event).filter((event) => !event.startsWith('pusher:'))).toEqual(['echo', 'after']);
    await expect.poll(() => excluded.events.map((entry) => entry.event)).toContain('after');
    expect(excluded.events.map((entry) => entry.event)).not.toContain('echo');
  });

  it('publishes every event of a triggerBatch, each to its channel, leaving out the socket an event names', async () => {
    const [first, second] = [uniqueName('', 'batch-a'), uniqueName('', 'batch-b')];
    const client = await context.clients.pusherJs('batcher');
    const [a, b] = [await subscribed(client, first), await subscribed(client, second)];
    const socketId = client.connection.socket_id;
    await context.app.pusher.triggerBatch([
      { channel: first, name: 'one', data: { n: 1 } },
      { channel: second, name: 'two', data: { n: 2 } },
      { channel: first, name: 'not-for-me', data: { n: 3 }, socket_id: socketId },
    ]);
    await context.app.pusher.trigger(first, 'after', {});
    await expect.poll(() => a.events.map((entry) => entry.event)).toContain('after');
    expect(a.events.filter((entry) => !entry.event.startsWith('pusher:'))).toEqual([{ event: 'one', data: { n: 1 } }, { event: 'after', data: {} }]);
    await expect.poll(() => b.events.filter((entry) => !entry.event.startsWith('pusher:'))).toEqual([{ event: 'two', data: { n: 2 } }]);
  });

  it('refuses a request signed with the wrong secret (401 or 403)', async () => {
    const forger = appSdk(context.target, 'not-the-secret');
    const status = await forger.trigger(uniqueName('', 'forged'), 'x', {}).then(() => 200, (error: { status?: number }) => error.status);
    expect([401, 403]).toContain(status);
  });

  it("refuses Pusher's limits: data over 10 KB (413) and a batch over 10 events (400)", async () => {
    const name = uniqueName('', 'limits');
    await expect(context.app.pusher.trigger(name, 'big', 'y'.repeat(11 * 1024))).rejects.toMatchObject({ status: 413 });
    await expect(context.app.pusher.triggerBatch(Array.from({ length: 11 }, () => ({ channel: name, name: 'x', data: 1 })))).rejects.toMatchObject({ status: 400 });
  });
});

describe('channel queries', () => {
  it('lists the occupied channels with filter_by_prefix, and user_count for presence channels', async () => {
    const prefix = uniqueName('', 'listed');
    const presencePrefix = uniqueName('presence-', 'listed');
    const client = await context.clients.pusherJs('lister');
    await subscribed(client, `${prefix}-one`);
    await subscribed(client, `${prefix}-two`);
    await subscribed(client, `${presencePrefix}-room`);
    await subscribed(await context.clients.pusherJs('lister-2'), `${presencePrefix}-room`);
    await expect.poll(() => json(context.app.pusher.get({ path: '/channels', params: { filter_by_prefix: prefix } }))).toEqual({ channels: { [`${prefix}-one`]: {}, [`${prefix}-two`]: {} } });
    await expect.poll(() => json(context.app.pusher.get({ path: '/channels', params: { filter_by_prefix: presencePrefix, info: 'user_count' } }))).toEqual({ channels: { [`${presencePrefix}-room`]: { user_count: 2 } } });
  });

  it('describes a channel: occupied or not, and the user_count of a presence channel', async () => {
    const [name, presence] = [uniqueName('', 'described'), uniqueName('presence-', 'described')];
    expect(await json(context.app.pusher.get({ path: `/channels/${name}` }))).toMatchObject({ occupied: false });
    await subscribed(await context.clients.pusherJs('describer'), name);
    await expect.poll(() => json(context.app.pusher.get({ path: `/channels/${name}` }))).toMatchObject({ occupied: true });
    await subscribed(await context.clients.pusherJs('describer'), presence);
    await subscribed(await context.clients.pusherJs('describer'), presence);
    await expect.poll(() => json(context.app.pusher.get({ path: `/channels/${presence}`, params: { info: 'user_count' } }))).toMatchObject({ occupied: true, user_count: 1 });
  });

  it("lists a presence channel's users, each user once", async () => {
    const name = uniqueName('presence-', 'users');
    await subscribed(await context.clients.pusherJs('una'), name);
    await subscribed(await context.clients.pusherJs('vic'), name);
    await subscribed(await context.clients.pusherJs('vic'), name);
    await expect.poll(async () => ((await json(context.app.pusher.get({ path: `/channels/${name}/users` }))) as { users: { id: string }[] }).users.map((user) => user.id).sort()).toEqual(['una', 'vic']);
  });

  it('refuses to list the users of a channel that is not a presence channel (400)', async () => {
    const status = await context.app.pusher.get({ path: `/channels/${uniqueName('', 'not-presence')}/users` }).then((response) => response.status, (error: { status?: number }) => error.status);
    expect(status).toBe(400);
  });
});
