/**
 * Where an identifier was found in a text: the span to mask and its kind. Detectors never hand
 * out the matched text itself, so nothing downstream (a reason, a log line) can carry it.
 */
import type { SensitiveContentKind } from '../../../src-shared/capture-policy.js';

export type IdentifierSpan = { kind: SensitiveContentKind; start: number; end: number };

/** Finds the identifiers of one kind in a text. */
export type IdentifierDetector = (text: string) => IdentifierSpan[];

/**
 * Words that name what a number refers to when it is not a card or an account: a Luhn-valid order
 * or tracking number is indistinguishable from a card number by its digits alone, so the label in
 * front of it decides (the near-miss test in test/unit/rules/sensitive-content-near-miss.test.ts).
 */
const REFERENCE_LABEL =
  /(?:order|ord|tracking|track|trace|shipment|shipping|parcel|package|consignment|waybill|awb|invoice|inv|receipt|ref|reference|po|p\.o|purchase|ticket|case|booking|confirmation|reservation|serial|s\/n|imei|customer|member|policy|claim|account id|transaction id|commande|facture|colis|pedido|factura)\b[^\n\d]{0,16}$|(?:bestell|auftrags?|sendungs?|rechnungs?|liefer|kunden|vertrags?)\p{L}*[^\n\d]{0,16}$/iu;

/** How far before a number its label may start. */
const LABEL_WINDOW = 40;

/** True when the text just before `start` labels the number as a reference (an order, a parcel, an invoice ...). */
export function isLabelledReference(text: string, start: number): boolean {
  return REFERENCE_LABEL.test(text.slice(Math.max(0, start - LABEL_WINDOW), start));
}
