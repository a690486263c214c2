import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalCredentials } from './credentials.ts';
import { sigV4Verifier, type Refusal } from './sigv4.ts';

/** Starts a local endpoint (loopback unless told otherwise) and answers the port it got (0 picks a free one). */
export async function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export interface LocalEndpointOptions {
  /** The service's signing name (dynamodb, events, secretsmanager, states, s3). */
  readonly service: string;
  readonly credentials: LocalCredentials;
  readonly maxBodyBytes: number;
  /** S3: presigned GET/HEAD links are accepted (signature and expiry checked). */
  readonly presigned?: boolean;
  readonly uriEscapePath?: boolean;
  /** Writes the service's own error answer (JSON `__type` or S3 XML). */
  readonly refuse: (res: ServerResponse, refusal: Refusal, head: boolean) => void;
  /** Called only for a request signed with the install's credentials, with its whole body. */
  readonly handle: (req: IncomingMessage, res: ServerResponse, body: Buffer) => unknown;
}

/**
 * An HTTP server for a local AWS endpoint that only the runtime (and whoever holds the install's
 * credentials) can use: it refuses a request with an `Origin` header (a browser) and any request whose
 * SigV4 signature does not verify (local/sigv4.ts), before the service sees a byte of it. A refused
 * or oversized request also closes its connection, so nothing is left of it on a keep-alive socket.
 */
export function localEndpoint(options: LocalEndpointOptions): Server {
  const server = createServer(guardedListener(options));
  server.keepAliveTimeout = 65_000;
  return server;
}

/** The request listener of `localEndpoint`, for a server made elsewhere (dynalite's). */
export function guardedListener(
  options: LocalEndpointOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const verify = sigV4Verifier({
    credentials: options.credentials,
    service: options.service,
    ...(options.presigned !== undefined ? { presigned: options.presigned } : {}),
    ...(options.uriEscapePath !== undefined ? { uriEscapePath: options.uriEscapePath } : {}),
  });
  const refuse = (res: ServerResponse, refusal: Refusal, head: boolean) => {
    closeAfter(res);
    options.refuse(res, refusal, head);
  };
  const run = async (req: IncomingMessage, res: ServerResponse) => {
    const head = req.method === 'HEAD';
    const body = await readBody(req, options.maxBodyBytes);
    if (body === 'too-large')
      return refuse(res, { status: 413, code: 'RequestEntityTooLarge', message: 'Request too large' }, head);
    let refusal: Refusal | undefined;
    try {
      refusal = await verify({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body,
      });
    } catch (error) {
      refusal = {
        status: 403,
        code: 'InvalidSignatureException',
        message: `The signature cannot be verified: ${String(error)}`,
      };
    }
    if (refusal) return refuse(res, refusal, head);
    await options.handle(req, res, body);
  };
  return (req, res) => {
    run(req, res).catch((error: unknown) => {
      console.error(
        JSON.stringify({ level: 'ERROR', message: `local ${options.service} failure`, error: String(error) }),
      );
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ __type: 'InternalFailure', message: String(error) }));
      } else res.end();
    });
  };
}

/**
 * Reads a request body of at most `maxBytes`. A longer one is read on and thrown away (up to
 * `drainBytes` more, so the client gets to read the answer instead of a reset connection) and
 * answered `'too-large'`; the caller answers 413 with `closeAfter`, which closes the connection, so
 * that no request after it on a keep-alive connection can be mistaken for the rest of its body.
 */
export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  drainBytes = 8 * 1024 * 1024,
): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes + drainBytes) return resolve('too-large');
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else if (size > maxBytes + drainBytes) {
        req.off('data', onData);
        req.pause();
        resolve('too-large');
      } else chunks.length = 0;
    };
    req.on('data', onData);
    req.once('end', () => resolve(size > maxBytes ? 'too-large' : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** The answer being written closes the connection, destroyed at once if the request was not read to its end. */
export function closeAfter(res: ServerResponse): void {
  res.shouldKeepAlive = false;
  res.setHeader('connection', 'close');
  res.once('finish', () => {
    if (!res.req.complete) res.req.socket.destroy();
  });
}

/** Stops a server: idle keep-alive connections now, the others once their answer is sent. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
