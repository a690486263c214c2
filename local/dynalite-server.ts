import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import dynalite from 'dynalite';
import type { LocalCredentials } from './credentials.ts';
import { guardedListener } from './listen.ts';

/**
 * dynalite's HTTP server (kept in `dataDir`, or in memory) with its request handler moved behind the
 * guard of every local endpoint (local/listen.ts): no browser (`Origin`), and a valid SigV4 signature
 * made with the install's credentials. Not listening yet; its `close()` also closes LevelDB.
 */
export function guardedDynalite(dataDir: string | undefined, credentials: LocalCredentials): Server {
  const server: Server = dynalite({
    ...(dataDir ? { path: dataDir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
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
  return server;
}
