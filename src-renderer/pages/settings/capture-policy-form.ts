/**
 * The capture policy section's form state and its conversion to the `capturePolicy` settings
 * field (replaced whole on save, as settings.update does). The core's schema is the judge.
 */
import type { CapturePolicySettings } from '../../../src-shared/capture-policy.js';

export type CapturePolicyForm = {
  personal: 'import' | 'skip';
  private: 'import' | 'skip';
  confidential: 'import' | 'skip';
  paymentCard: 'mask' | 'skip';
  iban: 'mask' | 'skip';
  usSsn: 'mask' | 'skip';
  /** Empty: the mass-mail rule is off. */
  maxRecipients: string;
};

export function capturePolicyFormOf(policy: CapturePolicySettings): CapturePolicyForm {
  return {
    ...policy.sensitivity,
    ...policy.sensitiveContent,
    maxRecipients: policy.massMail.maxRecipients === null ? '' : String(policy.massMail.maxRecipients),
  };
}

export function capturePolicyOf(form: CapturePolicyForm): CapturePolicySettings {
  const text = form.maxRecipients.trim();
  return {
    sensitivity: { personal: form.personal, private: form.private, confidential: form.confidential },
    sensitiveContent: { paymentCard: form.paymentCard, iban: form.iban, usSsn: form.usSsn },
    massMail: { maxRecipients: text === '' ? null : /^\d+$/.test(text) ? Number(text) : Number.NaN },
  };
}
