import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { EmailTemplateSpec } from '#infra/spec/email-templates.ts';
import type { LocalCredentials } from './credentials.ts';
import { closeServer, listen, localEndpoint } from './listen.ts';

/**
 * A local Amazon SES v2 endpoint (REST-JSON, `POST /v2/email/outbound-emails` = SendEmail) reached by
 * the unchanged `@aws-sdk/client-sesv2` client through AWS_ENDPOINT_URL_SESV2. It does what the
 * notifications consumer relies on SES for, and keeps every message it accepts instead of sending it:
 *
 * - stored templates (`Content.Template`, the same list as the CDK's `AWS::SES::Template`s) rendered as
 *   SES renders them (Handlebars, without HTML escaping), or simple content (`Content.Simple`);
 * - the sender must be the verified identity and the configuration set must exist, as in AWS;
 * - recipients on a `.invalid` domain are refused with `MessageRejected` (SES's answer for an address
 *   it will not send to in the sandbox), so a failing send can be tried for real; `failNext(n)` makes
 *   the next n sends fail with `TooManyRequestsException` (a throttled account), for retry tests;
 * - each accepted message is kept (headers, text and HTML parts) in `<dataDir>/mailbox/` as JSON and
 *   as a MIME `.eml` file, or in memory without a data folder; `messages()` lists them, newest first
 *   (the local runtime serves them at `GET /_local/mailbox` for the ops mailbox page).
 *
 * Like the other local endpoints it is a `localEndpoint` (local/listen.ts): it binds 127.0.0.1, refuses
 * a request with an `Origin` header (a web page) and any request whose SigV4 signature (signing name
 * `ses`) does not verify with the install's credentials (local/sigv4.ts).
 */
export interface MailMessage {
  readonly messageId: string;
  readonly at: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly template?: string;
  readonly configurationSet?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface LocalSes {
  readonly endpoint: string;
  readonly port: number;
  /** Accepted messages, newest first. */
  messages(): readonly MailMessage[];
  /** The next `count` sends fail with TooManyRequestsException (tests of retries). */
  failNext(count: number): void;
  stop(): Promise<void>;
}

export interface SesOptions {
  readonly dataDir?: string | undefined;
  readonly port?: number;
  readonly credentials: LocalCredentials;
  readonly templates: readonly EmailTemplateSpec[];
  /** The verified sender identity: an address, or a domain whose addresses may all send. */
  readonly identity: string;
  readonly configurationSets: readonly string[];
  readonly now?: () => number;
}

const maxBodyBytes = 10 * 1024 * 1024;

/** The `Content` of a SendEmail request (Simple or Template; Raw is not supported locally). */
interface SendContent {
  readonly Template?: { readonly TemplateName?: string; readonly TemplateData?: string };
  readonly Simple?: {
    readonly Subject?: { readonly Data?: string };
    readonly Body?: {
      readonly Text?: { readonly Data?: string };
      readonly Html?: { readonly Data?: string };
    };
  };
}
const region = 'ca-central-1';

const encodeHeader = (s: string) =>
  /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

/** The message as a MIME file (multipart/alternative: text then HTML), as SES would send it. */
function toEml(msg: MailMessage): string {
  const boundary = `=_comptoir_${msg.messageId}`;
  const b64 = (s: string) => Buffer.from(s).toString('base64').replace(/.{76}/g, '$&\r\n');
  const head = Object.entries(msg.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return [
    head,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(msg.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(msg.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

export async function startSes(options: SesOptions): Promise<LocalSes> {
  const folder = options.dataDir ? join(options.dataDir, 'mailbox') : undefined;
  if (folder) mkdirSync(folder, { recursive: true });
  const kept: MailMessage[] = folder
    ? readdirSync(folder)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')) as MailMessage)
    : [];
  const templates = new Map(
    options.templates.map((t) => [
      t.name,
      {
        subject: Handlebars.compile(t.subject, { noEscape: true }),
        text: Handlebars.compile(t.text, { noEscape: true }),
        html: Handlebars.compile(t.html, { noEscape: true }),
      },
    ]),
  );
  let failures = 0;

  const fail = (res: ServerResponse, status: number, code: string, message: string) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-amzn-errortype': code,
      'x-amzn-requestid': randomUUID(),
    });
    res.end(JSON.stringify({ message }));
  };

  const verified = (from: string) => {
    const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from;
    const lower = address.trim().toLowerCase();
    const identity = options.identity.toLowerCase();
    return lower === identity || (!identity.includes('@') && lower.endsWith(`@${identity}`));
  };

  const sendEmail = (res: ServerResponse, input: Record<string, unknown>) => {
    const from = String(input.FromEmailAddress ?? '');
    const dest = (input.Destination ?? {}) as Record<string, string[] | undefined>;
    const to = dest.ToAddresses ?? [];
    const cc = dest.CcAddresses ?? [];
    const bcc = dest.BccAddresses ?? [];
    if (to.length + cc.length + bcc.length === 0)
      return fail(res, 400, 'BadRequestException', 'Missing required parameter: Destination');
    if (to.length + cc.length + bcc.length > 50)
      return fail(res, 400, 'BadRequestException', 'Recipient count exceeds 50.');
    if (!from || !verified(from))
      return fail(
        res,
        400,
        'MessageRejected',
        `Email address is not verified. The following identities failed the check in region CA-CENTRAL-1: ${from}`,
      );
    const set = input.ConfigurationSetName as string | undefined;
    if (set !== undefined && !options.configurationSets.includes(set))
      return fail(res, 404, 'NotFoundException', `Configuration set <${set}> does not exist.`);
    const rejected = [...to, ...cc, ...bcc].filter((a) => /\.invalid>?$/i.test(a.trim()));
    if (rejected.length > 0)
      return fail(
        res,
        400,
        'MessageRejected',
        `Email address is not verified. The following identities failed the check in region CA-CENTRAL-1: ${rejected.join(', ')}`,
      );
    if (failures > 0) {
      failures--;
      return fail(res, 429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');
    }
    const content = (input.Content ?? {}) as SendContent;
    let subject: string;
    let text: string;
    let html: string;
    let template: string | undefined;
    if (content.Template) {
      template = String(content.Template.TemplateName ?? '');
      const t = templates.get(template);
      if (!t) return fail(res, 404, 'NotFoundException', `Template ${template} does not exist.`);
      let data: unknown;
      try {
        data = JSON.parse(String(content.Template.TemplateData ?? '{}'));
      } catch {
        return fail(res, 400, 'BadRequestException', 'TemplateData is not valid JSON.');
      }
      subject = t.subject(data);
      text = t.text(data);
      html = t.html(data);
    } else if (content.Simple) {
      subject = String(content.Simple.Subject?.Data ?? '');
      text = String(content.Simple.Body?.Text?.Data ?? '');
      html = String(content.Simple.Body?.Html?.Data ?? '');
    } else
      return fail(
        res,
        400,
        'BadRequestException',
        'Content must be Simple or Template here (Raw is not supported locally).',
      );
    const at = new Date(options.now?.() ?? Date.now());
    const messageId = `${at.getTime().toString(16)}-${randomUUID()}-000000`;
    const tags = Object.fromEntries(
      ((input.EmailTags ?? []) as { Name: string; Value: string }[]).map((t) => [t.Name, t.Value]),
    );
    const msg: MailMessage = {
      messageId,
      at: at.toISOString(),
      from,
      to,
      cc,
      bcc,
      subject,
      text,
      html,
      headers: {
        From: encodeHeader(from),
        To: to.join(', '),
        ...(cc.length ? { Cc: cc.join(', ') } : {}),
        Subject: encodeHeader(subject),
        Date: at.toUTCString(),
        'Message-ID': `<${messageId}@${region}.amazonses.com>`,
        'MIME-Version': '1.0',
        ...(set ? { 'X-SES-CONFIGURATION-SET': set } : {}),
        ...(Object.keys(tags).length
          ? {
              'X-SES-MESSAGE-TAGS': Object.entries(tags)
                .map(([k, v]) => `${k}=${v}`)
                .join(', '),
            }
          : {}),
      },
      ...(template ? { template } : {}),
      ...(set ? { configurationSet: set } : {}),
      tags,
    };
    kept.push(msg);
    if (folder) {
      const base = `${msg.at.replace(/[:.]/g, '-')}-${messageId}`;
      writeFileSync(join(folder, `${base}.json`), JSON.stringify(msg, null, 2));
      writeFileSync(join(folder, `${base}.eml`), toEml(msg));
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
    res.end(JSON.stringify({ MessageId: messageId }));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/v2/email/outbound-emails') {
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        return fail(res, 400, 'BadRequestException', 'The request body is not JSON.');
      }
      return sendEmail(res, input);
    }
    const template = /^\/v2\/email\/templates\/([^/]+)$/.exec(path ?? '');
    if (req.method === 'GET' && template) {
      const name = decodeURIComponent(template[1]!);
      const spec = options.templates.find((t) => t.name === name);
      if (!spec) return fail(res, 404, 'NotFoundException', `Template ${name} does not exist.`);
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(
        JSON.stringify({
          TemplateName: name,
          TemplateContent: { Subject: spec.subject, Text: spec.text, Html: spec.html },
        }),
      );
    }
    return fail(res, 404, 'NotFoundException', `${req.method} ${path} is not supported by the local SES`);
  };

  const server = localEndpoint({
    service: 'ses',
    credentials: options.credentials,
    maxBodyBytes,
    refuse: (res, refusal) => fail(res, refusal.status, refusal.code, refusal.message),
    handle,
  });
  const port = await listen(server, options.port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    messages: () => [...kept].reverse(),
    failNext: (count) => {
      failures = count;
    },
    stop: () => closeServer(server),
  };
}

/** Whether a data folder already holds a mailbox (the banner mentions it). */
export const hasMailbox = (dataDir: string): boolean => existsSync(join(dataDir, 'mailbox'));
