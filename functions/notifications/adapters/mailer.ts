import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

/**
 * Sends one templated e-mail through Amazon SES v2 — on AWS, and locally the same client reaches the
 * local endpoint through AWS_ENDPOINT_URL_SESV2 (local/ses.ts). The sender and configuration set come
 * from MAIL_FROM and MAIL_CONFIGURATION_SET (set by the CDK stack and by the local runtime).
 */
export interface Mailer {
  send(mail: {
    readonly to: string;
    readonly template: string;
    readonly data: unknown;
    readonly tags: Readonly<Record<string, string>>;
  }): Promise<string>;
}

/** SES errors a retry cannot fix: the address or the message is refused as such. */
export const permanentMailErrors = new Set(['MessageRejected', 'BadRequestException', 'NotFoundException']);

export class SesMailer implements Mailer {
  private readonly client = new SESv2Client({});

  async send(mail: Parameters<Mailer['send']>[0]): Promise<string> {
    const out = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: process.env.MAIL_FROM,
        Destination: { ToAddresses: [mail.to] },
        ConfigurationSetName: process.env.MAIL_CONFIGURATION_SET,
        Content: { Template: { TemplateName: mail.template, TemplateData: JSON.stringify(mail.data) } },
        EmailTags: Object.entries(mail.tags).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    return out.MessageId ?? '';
  }
}
