/**
 * A bridge from Node's `http` server to a Fetch-API handler. Typed structurally (no `node:`
 * import), so the server entry stays loadable in Deno, Bun and Workers.
 */

/** The parts of `http.IncomingMessage` used. */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

/** The parts of `http.ServerResponse` used. */
export interface NodeResponseLike {
  statusCode: number;
  readonly headersSent: boolean;
  readonly writableFinished: boolean;
  setHeader(name: string, value: string | string[]): unknown;
  write(chunk: Uint8Array): unknown;
  end(chunk?: string): unknown;
  once(event: 'close', listener: () => void): unknown;
  /** Called to drop the connection when an answer cannot be written (Node's `destroy`). */
  destroy?(error?: Error): unknown;
}

export type NodeListener = (req: NodeRequestLike, res: NodeResponseLike) => Promise<void>;

function toRequest(req: NodeRequestLike, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue; // HTTP/2 pseudo-headers
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const authority = req.headers.host ?? req.headers[':authority'];
  const host = typeof authority === 'string' ? authority : 'localhost';
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${host}`);
  } catch {
    url = new URL(req.url ?? '/', 'http://localhost');
  }
  const method = req.method ?? 'GET';
  let body: ReadableStream<Uint8Array> | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const iterator = req[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    // Pulled on demand, so the handler's body-size limit stops reading an oversized upload.
    body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
      },
      async cancel() {
        await iterator.return?.();
      },
    });
  }
  // `duplex` is required by Node's fetch for a streamed body, and not yet in the DOM typings.
  return new Request(url, { method, headers, body, signal, duplex: 'half' } as RequestInit);
}

const FAILURE_BODY = JSON.stringify({ error: { code: 'unknown', message: 'The server failed unexpectedly.' } });

function failure(status = 500, message?: string): Response {
  return new Response(message ? JSON.stringify({ error: { code: 'unknown', message } }) : FAILURE_BODY, {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

function log(error: unknown): void {
  console.error('[rebill-kit] could not answer a request:', error);
}

async function write(res: NodeResponseLike, response: Response): Promise<void> {
  res.statusCode = response.status;
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
  }
  res.end();
}

/** The handler's answer, or a JSON error when there is none to give. Never rejects. */
async function answerFor(handler: (request: Request) => Promise<Response>, req: NodeRequestLike, signal: AbortSignal): Promise<Response> {
  let request: Request;
  try {
    request = toRequest(req, signal);
  } catch {
    return failure(400, 'The request cannot be served: its method, URL or headers are not valid HTTP for this API.');
  }
  try {
    const answered: unknown = await handler(request);
    if (answered instanceof Response) return answered;
    log(new TypeError(`The handler resolved with ${Object.prototype.toString.call(answered)}, not a Response.`));
  } catch (error) {
    log(error);
  }
  return failure();
}

/**
 * Turns a Fetch-API handler into a `node:http` (or `node:http2` compatibility) request listener.
 *
 * ```ts
 * import { createServer } from 'node:http';
 * createServer(toNodeListener(createRebillingHandler(adapter))).listen(3000);
 * ```
 *
 * The listener never rejects (Node would report an unhandled rejection and, by default, exit):
 * a request Fetch cannot represent (a `TRACE`, a forbidden method) gets 400, a handler that
 * throws or resolves with something other than a `Response` gets 500, and a failure while
 * writing the answer (a status or header the transport refuses, a closed stream) is logged and
 * the connection dropped.
 */
export function toNodeListener(handler: (request: Request) => Promise<Response>): NodeListener {
  return async (req, res) => {
    try {
      const controller = new AbortController();
      res.once('close', () => {
        if (!res.writableFinished) controller.abort(new DOMException('The client closed the connection.', 'AbortError'));
      });
      const response = await answerFor(handler, req, controller.signal);
      if (res.headersSent) return;
      try {
        await write(res, response);
      } catch (error) {
        log(error);
        if (res.headersSent) res.destroy?.();
        else await write(res, failure()).catch(() => res.destroy?.());
      }
    } catch (error) {
      log(error);
      try {
        res.destroy?.();
      } catch {
        // Nothing left to close.
      }
    }
  };
}
