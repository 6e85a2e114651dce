/**
 * Server-Sent Events transport of ApiEvent for the headless console. Each event is parsed against
 * the contract before it leaves the process, like every Api output.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiEventSchema, type ApiEvent } from '../../src-shared/api.js';
import { SECURITY_HEADERS } from './security-headers.js';

export interface ApiEventSource {
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

export function streamApiEvents(req: IncomingMessage, res: ServerResponse, source: ApiEventSource | undefined): void {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  if (!source) return;
  const unsubscribe = source.subscribe((event) => {
    const parsed = apiEventSchema.safeParse(event);
    if (parsed.success) res.write(`data: ${JSON.stringify(parsed.data)}\n\n`);
  });
  req.on('close', unsubscribe);
}
