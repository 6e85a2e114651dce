/**
 * The desktop app's OS notifications for alerts (issue 19): one notification per alert when it is
 * raised (the `alerts.changed` event names the new ones), never again while it lasts. Clicking it
 * brings the window up on the page where the alert is dealt with. Electron's Notification is
 * injected, so this is tested without Electron.
 */
import type { ApiEvent } from '../../src-shared/api.js';

export type NotificationLike = { on(event: 'click', listener: () => void): unknown; show(): void };
export type NotificationFactory = (options: { title: string; body: string }) => NotificationLike;

export function alertNotifier(create: NotificationFactory, open: (page: string) => void): (event: ApiEvent) => void {
  return (event) => {
    if (event.type !== 'alerts.changed') return;
    for (const alert of event.items.filter((a) => event.raised.includes(a.id))) {
      const notification = create({ title: alert.title, body: alert.message });
      notification.on('click', () => open(alert.page));
      notification.show();
    }
  };
}
