import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  configurationSetName,
  emailTemplates,
  mailIdentity,
  mailSender,
} from '#infra/spec/email-templates.ts';
import { rules } from '#infra/spec/rules.ts';
import { appStacks, templateOf } from './support/stacks.ts';

/**
 * E-mail on AWS (issue 16): the SES v2 identity and configuration set, one template per kind and
 * language (the same list the local SES endpoint renders), and the notifications consumer — its rule,
 * dead-letter queue and alarm come with every rule (events.test.ts) — allowed to send with exactly
 * those, and nothing else.
 */
let events: Template;

beforeAll(() => {
  events = templateOf(appStacks().events);
});

describe('SES resources', () => {
  it('has the sending identity with its configuration set, and every template of the spec', () => {
    events.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: mailIdentity,
      ConfigurationSetAttributes: { ConfigurationSetName: configurationSetName },
    });
    events.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    events.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: configurationSetName });
    const templates = Object.values(events.findResources('AWS::SES::Template')).map(
      (r) =>
        (r as { Properties: { Template: { TemplateName: string; SubjectPart: string } } }).Properties
          .Template,
    );
    expect(templates.map((t) => t.TemplateName).sort()).toEqual(emailTemplates.map((t) => t.name).sort());
    for (const t of emailTemplates)
      expect(templates.find((x) => x.TemplateName === t.name)?.SubjectPart).toBe(t.subject);
  });

  it('lets only the e-mail consumer send, with the identity, the configuration set and the templates', () => {
    const senders = rules.filter((r) => r.sendsEmail).map((r) => r.name);
    expect(senders).toEqual(['notifications-email']);
    events.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          COMPTOIR_RULE: 'notifications-email',
          MAIL_FROM: mailSender,
          MAIL_CONFIGURATION_SET: configurationSetName,
        }),
      },
    });
    const policies = Object.values(events.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes('ses:SendEmail'),
    );
    expect(policies).toHaveLength(1);
    const statements = (
      policies[0] as {
        Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } };
      }
    ).Properties.PolicyDocument.Statement.filter((st) => JSON.stringify(st.Action).includes('ses:'));
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Action).toBe('ses:SendEmail');
    const text = JSON.stringify(statements[0]!.Resource);
    expect(text).toContain(`identity/${mailIdentity}`);
    expect(text).toContain(`configuration-set/${configurationSetName}`);
    for (const t of emailTemplates) expect(text).toContain(`template/${t.name}`);
    expect(text).not.toContain('"*"');
  });
});
