/**
 * Valid identifiers made by the tests' own arithmetic (not the product's detectors): a Luhn check
 * digit, and ISO 13616 / ISO 7064 mod 97-10 IBAN check digits with BigInt.
 */

/** Appends the Luhn check digit to a payload of digits. */
export function withLuhnDigit(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i += 1) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return payload + String((10 - (sum % 10)) % 10);
}

/** An IBAN with correct check digits for a country and BBAN (ISO 13616: move, letters to numbers, 98 - mod 97). */
export function ibanOf(country: string, bban: string): string {
  const digits = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  const check = 98n - (BigInt(digits) % 97n);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

