import { describe, expect, it } from 'vitest';
import { settingsPatchSchema, settingsSchema } from '../../../src-shared/settings.js';
import { fieldOfPath, issuesByField } from '../../../src-renderer/field-issues.js';
import { FIELD_PATHS, formOf, parseHeaderLine, patchOf } from '../../../src-renderer/pages/settings/settings-form.js';

describe('the settings form', () => {
  it('round-trips every edited setting through the form unchanged', () => {
    const settings = settingsSchema.parse({
      orgDomains: ['contoso.example'],
      blockedDomains: ['rival.example', 'spam.example'],
      scheduleMinutes: 30,
      lookbackMaxDays: 90,
      retentionDays: null,
      automatedMail: {
        sensitivity: 'high',
        allow: { senders: ['boss@partner.example'], headers: [{ name: 'X-Keep' }] },
        block: { senders: ['news@*'], headers: [{ name: 'X-Mailer', contains: 'Bulk Sender' }] },
      },
      network: { proxyUrl: 'http://proxy.example:8080', noProxy: 'localhost,.corp.example', extraCaFile: '/etc/ssl/corp.pem' },
      onlineArchive: true,
    });
    const patch = settingsPatchSchema.parse(patchOf(formOf(settings)));
    const { orgDomains: _org, ...edited } = settings;
    expect(patch).toEqual(edited);
  });

  it('sends empty optional fields as null and blank lines as nothing', () => {
    const form = { ...formOf(settingsSchema.parse({})), lookbackMaxDays: ' ', proxyUrl: '', blockedDomains: '\n a.example \n\n' };
    const patch = patchOf(form);
    expect(patch.lookbackMaxDays).toBeNull();
    expect(patch.network?.proxyUrl).toBeNull();
    expect(patch.blockedDomains).toEqual(['a.example']);
  });

  it('sends a non-number as NaN so the schema refuses it on its field', () => {
    const form = { ...formOf(settingsSchema.parse({})), scheduleMinutes: '15 minutes' };
    const result = settingsPatchSchema.safeParse(patchOf(form));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([FIELD_PATHS.scheduleMinutes]);
  });

  it('reads header rules as "Name" or "Name: text"', () => {
    expect(parseHeaderLine('X-Mailer')).toEqual({ name: 'X-Mailer' });
    expect(parseHeaderLine('X-Mailer:  Bulk: v2 ')).toEqual({ name: 'X-Mailer', contains: 'Bulk: v2' });
    expect(parseHeaderLine('X-Mailer:')).toEqual({ name: 'X-Mailer' });
  });
});

describe('per-field issues', () => {
  it('files a list item\'s issue under its list, naming the line', () => {
    expect(fieldOfPath('automatedMail.block.senders.2')).toBe('automatedMail.block.senders');
    expect(fieldOfPath('automatedMail.allow.headers.0.name')).toBe('automatedMail.allow.headers');
    const issues = issuesByField({
      code: 'invalid-input',
      message: 'Invalid',
      retryable: false,
      issues: [
        { path: 'blockedDomains.1', message: 'must be a domain name such as example.com' },
        { path: 'blockedDomains.3', message: 'second problem, not shown' },
        { path: 'scheduleMinutes', message: 'Too small' },
      ],
    });
    expect(issues).toEqual({ blockedDomains: 'Line 2: must be a domain name such as example.com', scheduleMinutes: 'Too small' });
  });

  it('has nothing per field for other errors', () => {
    expect(issuesByField({ code: 'database-unavailable', message: 'down', retryable: true })).toEqual({});
    expect(issuesByField(null)).toEqual({});
  });
});
