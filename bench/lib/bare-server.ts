import { createServer } from 'node:http';

/**
 * The machine's ceiling: a bare `node:http` server answering every request with a fixed JSON body
 * (the system's own answer to `GET /products/{id}`, passed in `BARE_BODY`). Run as a child process
 * by the harness, like the system under test, so both are measured from the same load generator.
 */
const body = Buffer.from(process.env.BARE_BODY ?? '{}');
const port = Number(process.env.PORT ?? 0);

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
