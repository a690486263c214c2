import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts a local endpoint (loopback unless told otherwise) and answers the port it got (0 picks a free one). */
export async function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
