import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/**
 * HTTPS for `npm start` on the shop's network (docs/operations.md, "Tills on the shop's network"):
 * the tablets reach the laptop that runs Comptoir over its Wi-Fi address, and a service worker (the
 * offline till) only runs in a secure context — so tokens never cross the network in clear.
 *
 * At first start a local certificate authority is created in `<dir>` (`ca.pem`, and its key
 * `ca-key.pem`, mode 0600) and kept: it is what a tablet trusts once. At every start a server
 * certificate for the machine's current names and addresses (they change with the network) is
 * issued by it (`server.pem`, `server-key.pem`, mode 0600). Keys are ECDSA P-256, signatures SHA-256
 * (the `selfsigned` package, on WebCrypto).
 */
export interface LocalTls {
  /** The server certificate and its private key (PEM), for `https.createServer`. */
  readonly cert: string;
  readonly key: string;
  /** The CA certificate (PEM) a tablet installs, and its SHA-256 fingerprint to check it by. */
  readonly caCert: string;
  readonly caFingerprint: string;
  /** The DNS names and IP addresses the server certificate is valid for. */
  readonly names: readonly string[];
}

const caDays = 5 * 365;
const serverDays = 397;
const day = 86_400_000;

/** The machine's names and addresses: `localhost`, its host name (and `.local`), every interface's address. */
export function machineNames(extra: readonly string[] = []): string[] {
  const host = hostname();
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.address.startsWith('fe80:'))
    .map((a) => a!.address);
  const wildcard = (n: string) => n === '0.0.0.0' || n === '::' || n === '';
  return [
    ...new Set(['localhost', host, `${host}.local`, '127.0.0.1', '::1', ...addresses, ...extra]),
  ].filter((n) => !wildcard(n));
}

async function readIfThere(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function writePrivate(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
}

/**
 * The CA of `dir` (created the first time), and a server certificate for `names` issued by it. No
 * `dir` (tests): a CA of this run only, in memory.
 */
export async function loadOrCreateTls(dir: string | undefined, names: readonly string[]): Promise<LocalTls> {
  const now = Date.now();
  let caCert = dir ? await readIfThere(join(dir, 'ca.pem')) : undefined;
  let caKey = dir ? await readIfThere(join(dir, 'ca-key.pem')) : undefined;
  if (!caCert || !caKey || Date.parse(new X509Certificate(caCert).validTo) < now + serverDays * day) {
    const ca = await generate(
      [
        { name: 'commonName', value: `Comptoir local CA (${hostname()})` },
        { name: 'organizationName', value: 'Comptoir' },
      ],
      {
        keyType: 'ec',
        algorithm: 'sha256',
        notBeforeDate: new Date(now - day),
        notAfterDate: new Date(now + caDays * day),
        extensions: [
          { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
        ],
      },
    );
    caCert = ca.cert;
    caKey = ca.private;
    if (dir) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writePrivate(join(dir, 'ca-key.pem'), caKey);
      await writeFile(join(dir, 'ca.pem'), caCert);
    }
  }
  const server = await generate([{ name: 'commonName', value: names[0] ?? 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - day),
    notAfterDate: new Date(now + serverDays * day),
    ca: { key: caKey, cert: caCert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })),
      },
    ],
  });
  if (dir) {
    await writePrivate(join(dir, 'server-key.pem'), server.private);
    await writeFile(join(dir, 'server.pem'), server.cert);
  }
  return {
    cert: server.cert,
    key: server.private,
    caCert,
    caFingerprint: new X509Certificate(caCert).fingerprint256,
    names,
  };
}
