import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';
import type { LocalCredentials } from './credentials.ts';
import { guardedListener, listen } from './listen.ts';

/**
 * The worker thread that runs dynalite for the local runtime (local/dynamodb.ts starts it), so that
 * DynamoDB's work — HTTP, JSON, expression evaluation, LevelDB — runs on a core of its own instead of
 * sharing the gateway's event loop. In front of dynalite, the same guard as every local endpoint:
 * no browser (`Origin`), and a valid SigV4 signature made with the install's credentials.
 */
export interface DynamoWorkerData {
  readonly dataDir: string | undefined;
  readonly port: number;
  readonly credentials: LocalCredentials;
}

export type DynamoWorkerMessage =
  | { readonly kind: 'ready'; readonly port: number }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'stopped' };

const { dataDir, port, credentials } = workerData as DynamoWorkerData;
const parent = parentPort!;

const server: Server = dynalite({
  ...(dataDir ? { path: dataDir } : {}),
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
});
// dynalite's own request handler now runs behind the guard, once a request is verified and read.
const serveDynalite = server.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
server.removeAllListeners('request');
server.on(
  'request',
  guardedListener({
    service: 'dynamodb',
    credentials,
    // DynamoDB's own request limit (dynalite's too).
    maxBodyBytes: 16 * 1024 * 1024,
    refuse: (res, refusal) => {
      res.writeHead(refusal.status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(
        JSON.stringify({ __type: `com.amazon.coral.service#${refusal.code}`, message: refusal.message }),
      );
    },
    handle: (req, res, body) => {
      // dynalite reads the request as `data` events: replay the body the guard has already read.
      const replay = Object.assign(new EventEmitter(), {
        headers: req.headers,
        method: req.method,
        url: req.url,
      });
      serveDynalite(replay as unknown as IncomingMessage, res);
      if (body.length > 0) replay.emit('data', body);
      replay.emit('end');
    },
  }),
);
server.keepAliveTimeout = 65_000;

parent.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  // dynalite's close() stops the server, waits for its pending writes and closes LevelDB (the folder's lock).
  server.close(() => parent.postMessage({ kind: 'stopped' } satisfies DynamoWorkerMessage));
  server.closeAllConnections();
});

try {
  const bound = await listen(server, port);
  parent.postMessage({ kind: 'ready', port: bound } satisfies DynamoWorkerMessage);
} catch (error) {
  parent.postMessage({ kind: 'failed', error: String(error) } satisfies DynamoWorkerMessage);
}
