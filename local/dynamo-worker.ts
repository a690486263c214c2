import { parentPort, workerData } from 'node:worker_threads';
import type { LocalCredentials } from './credentials.ts';
import { guardedDynalite } from './dynalite-server.ts';
import { listen } from './listen.ts';

/**
 * The worker thread that runs dynalite for the local runtime (local/dynamodb.ts starts it), so that
 * DynamoDB's work — HTTP, JSON, expression evaluation, LevelDB — runs on a core of its own instead of
 * sharing the gateway's event loop, behind the guard of every local endpoint (local/dynalite-server.ts).
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

const server = guardedDynalite(dataDir, credentials);

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
