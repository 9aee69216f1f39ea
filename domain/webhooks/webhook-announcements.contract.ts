import { describe, expect, it } from 'vitest';
import type { WebhookAnnouncements } from './webhook-announcements.port.ts';

/** What every WebhookAnnouncements must do; each adapter's test runs it against its own store. */
export function describeWebhookAnnouncementsContract(adapterName: string, makeAnnouncements: () => Promise<WebhookAnnouncements> | WebhookAnnouncements): void {
  describe(`WebhookAnnouncements contract: ${adapterName}`, () => {
    it('knows nothing at first, then what was recorded', async () => {
      const announcements = await makeAnnouncements();
      expect(await announcements.lastAnnounced('occupancy#a')).toBeUndefined();
      expect(await announcements.recordAnnounced('occupancy#a', 'occupied', undefined)).toBe(true);
      expect(await announcements.lastAnnounced('occupancy#a')).toBe('occupied');
      expect(await announcements.recordAnnounced('occupancy#a', 'vacated', 'occupied')).toBe(true);
      expect(await announcements.lastAnnounced('occupancy#a')).toBe('vacated');
    });

    it('records a change only if the state is still what was read, so one of two racing workers wins', async () => {
      const announcements = await makeAnnouncements();
      const outcomes = await Promise.all([announcements.recordAnnounced('member#p#u', 'added', undefined), announcements.recordAnnounced('member#p#u', 'added', undefined)]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await announcements.recordAnnounced('member#p#u', 'removed', 'removed')).toBe(false);
      expect(await announcements.lastAnnounced('member#p#u')).toBe('added');
    });
  });
}
