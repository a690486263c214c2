import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { LocalCredentials } from './credentials.ts';
import { closeServer, listen, localEndpoint } from './listen.ts';

/**
 * A small S3-compatible endpoint for the local runtime, limited to what the project calls:
 * CreateBucket, PutObject, GetObject, HeadObject, ListObjectsV2 — path-style requests
 * (`/<bucket>/<key>`), which the SDK uses by itself for an endpoint given as an IP address.
 * Handlers reach it through the SDK's standard AWS_ENDPOINT_URL_S3, so the same client code works
 * against AWS. Every request must be signed with the install's credentials (local/listen.ts), and a
 * presigned GET link is checked as S3 checks it — signature and expiry — before a byte is served.
 * Objects live in `<dataDir>/s3/<bucket>/` (key URL-encoded into a flat file name, metadata in a
 * `.meta.json` beside it), or in memory when there is no data folder.
 *
 * Why not a package: the maintained-looking npm S3 servers are either unmaintained for years
 * (s3rver, last release 2021, koa 2 era) or need Docker/Java/Python (MinIO, S3Mock, LocalStack).
 */
export interface LocalS3 {
  readonly endpoint: string;
  readonly port: number;
  createBucket(name: string): void;
  stop(): Promise<void>;
}

interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
  readonly lastModified: string;
}

interface ObjectStore {
  hasBucket(bucket: string): boolean;
  createBucket(bucket: string): void;
  put(bucket: string, key: string, object: StoredObject): void;
  get(bucket: string, key: string): StoredObject | undefined;
  keys(bucket: string): string[];
}

function memoryStore(): ObjectStore {
  const buckets = new Map<string, Map<string, StoredObject>>();
  return {
    hasBucket: (b) => buckets.has(b),
    createBucket: (b) => void (buckets.has(b) || buckets.set(b, new Map())),
    put: (b, k, o) => void buckets.get(b)?.set(k, o),
    get: (b, k) => buckets.get(b)?.get(k),
    keys: (b) => [...(buckets.get(b)?.keys() ?? [])],
  };
}

function folderStore(root: string): ObjectStore {
  const dir = (b: string) => join(root, b);
  const file = (b: string, k: string) => join(dir(b), encodeURIComponent(k));
  return {
    hasBucket: (b) => existsSync(dir(b)),
    createBucket: (b) => mkdirSync(dir(b), { recursive: true }),
    put: (b, k, o) => {
      writeFileSync(file(b, k), o.body);
      const { body: _body, ...meta } = o;
      writeFileSync(`${file(b, k)}.meta.json`, JSON.stringify(meta));
    },
    get: (b, k) => {
      if (!existsSync(`${file(b, k)}.meta.json`)) return undefined;
      const meta = JSON.parse(readFileSync(`${file(b, k)}.meta.json`, 'utf8')) as Omit<StoredObject, 'body'>;
      return { ...meta, body: readFileSync(file(b, k)) };
    },
    keys: (b) =>
      existsSync(dir(b))
        ? readdirSync(dir(b))
            .filter((f) => !f.endsWith('.meta.json'))
            .map((f) => decodeURIComponent(f))
        : [],
  };
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function errorXml(res: ServerResponse, status: number, code: string, message: string, head = false) {
  res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID() });
  res.end(
    head
      ? undefined
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`,
  );
}

/** Decodes an `aws-chunked` body (`<hex size>[;chunk-signature=…]\r\n<data>\r\n` …, then trailers). */
export function decodeAwsChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < raw.length) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(raw.subarray(at, eol).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** S3's names for the refusals of the signature check. */
const s3Codes: Readonly<Record<string, string>> = {
  MissingAuthenticationTokenException: 'AccessDenied',
  AccessDeniedException: 'AccessDenied',
  UnrecognizedClientException: 'InvalidAccessKeyId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  IncompleteSignatureException: 'AuthorizationHeaderMalformed',
};

/** Objects up to 64 MiB (exports are a few hundred KB). */
const maxObjectBytes = 64 * 1024 * 1024;

export async function startS3(options: {
  readonly credentials: LocalCredentials;
  readonly dataDir?: string | undefined;
  readonly port?: number;
}): Promise<LocalS3> {
  const store = options.dataDir ? folderStore(join(options.dataDir, 's3')) : memoryStore();

  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = rest.map((s) => decodeURIComponent(s)).join('/');
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    if (!bucket) return errorXml(res, 400, 'InvalidRequest', 'ListBuckets is not supported locally');

    if (key === '') {
      if (method === 'PUT') {
        store.createBucket(bucket);
        res.writeHead(200, { location: `/${bucket}` });
        return res.end();
      }
      if (!store.hasBucket(bucket))
        return errorXml(res, 404, 'NoSuchBucket', `${bucket} does not exist`, head);
      if (method === 'GET' && url.searchParams.get('list-type') === '2') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const max = Math.min(1000, Number(url.searchParams.get('max-keys') ?? 1000));
        const after = url.searchParams.get('continuation-token') ?? url.searchParams.get('start-after') ?? '';
        const all = store
          .keys(bucket)
          .filter((k) => k.startsWith(prefix) && k > after)
          .sort();
        const page = all.slice(0, max);
        const contents = page
          .map((k) => {
            const o = store.get(bucket, k)!;
            return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified}</LastModified><ETag>&quot;${o.etag}&quot;</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
          })
          .join('');
        const truncated = all.length > page.length;
        res.writeHead(200, { 'content-type': 'application/xml' });
        return res.end(
          `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${xmlEscape(page.at(-1)!)}</NextContinuationToken>` : ''}${contents}</ListBucketResult>`,
        );
      }
      if (head) {
        res.writeHead(200);
        return res.end();
      }
      return errorXml(res, 501, 'NotImplemented', `${method} on a bucket is not supported locally`);
    }

    if (!store.hasBucket(bucket)) return errorXml(res, 404, 'NoSuchBucket', `${bucket} does not exist`, head);
    if (method === 'PUT') {
      const chunked =
        String(req.headers['content-encoding'] ?? '').includes('aws-chunked') ||
        String(req.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
      const body = chunked ? decodeAwsChunked(raw) : raw;
      const etag = createHash('md5').update(body).digest('hex');
      store.put(bucket, key, {
        body,
        contentType: String(req.headers['content-type'] ?? 'application/octet-stream'),
        etag,
        lastModified: new Date().toISOString(),
      });
      res.writeHead(200, { etag: `"${etag}"` });
      return res.end();
    }
    if (method === 'GET' || head) {
      const o = store.get(bucket, key);
      if (!o) return errorXml(res, 404, 'NoSuchKey', 'The specified key does not exist.', head);
      res.writeHead(200, {
        'content-type': url.searchParams.get('response-content-type') ?? o.contentType,
        'content-length': String(o.body.length),
        etag: `"${o.etag}"`,
        'last-modified': new Date(o.lastModified).toUTCString(),
        ...(url.searchParams.get('response-content-disposition')
          ? { 'content-disposition': url.searchParams.get('response-content-disposition')! }
          : {}),
      });
      return res.end(head ? undefined : o.body);
    }
    return errorXml(res, 501, 'NotImplemented', `${method} is not supported locally`);
  };

  const server = localEndpoint({
    service: 's3',
    credentials: options.credentials,
    maxBodyBytes: maxObjectBytes,
    presigned: true,
    // S3 signs the path as sent, without the second URI-escaping of the other services.
    uriEscapePath: false,
    refuse: (res, refusal, head) =>
      errorXml(res, refusal.status, s3Codes[refusal.code] ?? refusal.code, refusal.message, head),
    handle,
  });
  const port = await listen(server, options.port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    createBucket: (name) => store.createBucket(name),
    stop: () => closeServer(server),
  };
}
