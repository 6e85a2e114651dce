/**
 * The optional alert webhook (docs/notifications.md): one JSON POST per change of the alerts,
 * for the admin's monitoring. Best effort with a time-out: a monitoring endpoint that is down is
 * logged (its host only: a webhook URL often carries a token) and never delays or fails a sync.
 */
import type { Alert } from '../../../src-shared/alerts.js';
import type { Logger } from '../../logging/logger.js';

export type WebhookPayload = { raised: Alert[]; resolved: string[]; alerts: Alert[]; at: string };

export interface WebhookSender {
  send(payload: WebhookPayload): Promise<void>;
}

export type PostJson = (url: string, body: string, signal: AbortSignal) => Promise<{ status: number }>;

const TIMEOUT_MS = 10_000;

export const fetchPost: PostJson = async (url, body, signal) => {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal, redirect: 'error' });
  await response.body?.cancel();
  return { status: response.status };
};

export function createWebhookSender(url: string, logger: Logger, post: PostJson = fetchPost): WebhookSender {
  const host = new URL(url).host;
  return {
    async send(payload) {
      const body = JSON.stringify({ type: 'correspondent.alerts', version: 1, ...payload });
      try {
        const { status } = await post(url, body, AbortSignal.timeout(TIMEOUT_MS));
        if (status >= 300) logger.warn({ host, status }, 'the alert webhook refused the notification');
      } catch (error) {
        logger.warn({ host, err: error instanceof Error ? error.name : 'error' }, 'the alert webhook could not be reached');
      }
    },
  };
}
