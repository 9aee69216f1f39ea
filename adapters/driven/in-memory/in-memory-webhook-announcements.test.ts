import { describeWebhookAnnouncementsContract } from '../../../domain/webhooks/webhook-announcements.contract.ts';
import { InMemoryWebhookAnnouncements } from './in-memory-webhook-announcements.ts';

describeWebhookAnnouncementsContract('in memory', () => new InMemoryWebhookAnnouncements());
