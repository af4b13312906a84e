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
}

export type NodeListener = (req: NodeRequestLike, res: NodeResponseLike) => Promise<void>;

function toRequest(req: NodeRequestLike, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue; // HTTP/2 pseudo-headers
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const host = typeof req.headers.host === 'string' ? req.headers.host : 'localhost';
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

/**
 * Turns a Fetch-API handler into a `node:http` request listener.
 *
 * ```ts
 * import { createServer } from 'node:http';
 * createServer(toNodeListener(createRebillingHandler(adapter))).listen(3000);
 * ```
 */
export function toNodeListener(handler: (request: Request) => Promise<Response>): NodeListener {
  return async (req, res) => {
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort(new DOMException('The client closed the connection.', 'AbortError'));
    });
    let response: Response;
    try {
      response = await handler(toRequest(req, controller.signal));
    } catch {
      response = new Response(JSON.stringify({ error: { code: 'unknown', message: 'The server failed unexpectedly.' } }), {
        status: 500,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      });
    }
    if (res.headersSent) return;
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
  };
}
