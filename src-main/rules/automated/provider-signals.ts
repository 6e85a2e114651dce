/**
 * Mailbox-provider soft signals (R11): Exchange Online Protection's bulk complaint level and
 * Graph's Focused Inbox. They break ties and never decide alone: BCL measures complaints, not
 * automation, and Focused/Other is per user and trainable. BCL is read only on inbound mail.
 */
import type { Detector } from './automated-signal.js';

const BCL = /\bBCL:(\d)\b/i;

export function providerDetector(inbound: boolean): Detector {
  return ({ headers, message }, into) => {
    if (inbound) {
      const bcl = Number(BCL.exec(headers.first('x-microsoft-antispam') ?? '')?.[1] ?? '0');
      if (bcl >= 7) into.push({ id: 'bulk-complaint-level', label: `Exchange bulk complaint level ${bcl}`, weight: 20, kind: 'bulk' });
      else if (bcl >= 4) into.push({ id: 'bulk-complaint-level', label: `Exchange bulk complaint level ${bcl}`, weight: 10, kind: 'bulk' });
    }
    if (message.inferenceClassification?.toLowerCase() === 'other') {
      into.push({ id: 'focused-other', label: 'Focused Inbox: Other', weight: 10, kind: 'bulk' });
    }
  };
}
