import type { IncomingMessage } from 'node:http';
import { HttpRefusal } from './http-response.js';

/**
 * Reads a request body of at most `maxBytes` and parses it as JSON (an empty body is `undefined`).
 * Stops buffering as soon as the limit is passed, so an oversized upload costs at most `maxBytes`;
 * the caller answers 413 with `Connection: close` and the socket goes away with the rest.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const tooLarge = () => new HttpRefusal(413, 'payload-too-large', `Request body over ${maxBytes} bytes.`, { Connection: 'close' });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge());

  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  }).then(parse);

  function parse(text: string): unknown {
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new HttpRefusal(400, 'invalid-input', 'Request body is not valid JSON.');
    }
  }
}
