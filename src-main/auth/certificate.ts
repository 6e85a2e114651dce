/**
 * The app registration's certificate credential, from what an admin has at hand: a PEM bundle
 * (certificate + private key, the key possibly encrypted) or a PFX/PKCS#12 file with its
 * password. msal-node wants the SHA-256 thumbprint in hex and an unencrypted PKCS#8 key; consent
 * health wants notAfter. node:crypto parses PEM and X.509; only PKCS#12 needs node-forge.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { AppError } from '../../src-shared/errors.js';

export type CertificateCredential = {
  certificatePem: string;
  /** PKCS#8, unencrypted: it lives only in memory and, encrypted, in the vault. */
  privateKeyPem: string;
  /** Hex SHA-256 of the DER certificate (msal-node's `thumbprintSha256`). */
  thumbprintSha256: string;
  notAfter: Date;
  subject: string;
};

export type CertificateInput = { pem: string; passphrase?: string | undefined } | { pfxBase64: string; passphrase?: string | undefined };

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const KEY_BLOCK = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

function fromPfx(pfxBase64: string, passphrase: string): { certificatePem: string; key: KeyObject } {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const der = forge.util.decode64(pfxBase64.replace(/\s+/g, ''));
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), passphrase);
  } catch (error) {
    throw new AppError('invalid-input', 'The PFX file cannot be opened: check the file and its password.', { cause: error });
  }
  const bags = (type: string | undefined): forge.pkcs12.Bag[] => (type ? (p12.getBags({ bagType: type })[type] ?? []) : []);
  const keyBag = [...bags(forge.pki.oids['pkcs8ShroudedKeyBag']), ...bags(forge.pki.oids['keyBag'])].find((bag) => bag.key);
  const certBag = bags(forge.pki.oids['certBag']).find((bag) => bag.cert);
  if (!keyBag?.key || !certBag?.cert) throw new AppError('invalid-input', 'The PFX file must contain the certificate and its private key.');
  return { certificatePem: forge.pki.certificateToPem(certBag.cert), key: createPrivateKey(forge.pki.privateKeyToPem(keyBag.key)) };
}

function fromPem(pem: string, passphrase: string | undefined): { certificatePem: string; key: KeyObject } {
  const certificatePem = CERT_BLOCK.exec(pem)?.[0];
  const keyPem = KEY_BLOCK.exec(pem)?.[0];
  if (!certificatePem || !keyPem) throw new AppError('invalid-input', 'The PEM must contain both the certificate and its private key.');
  try {
    return { certificatePem, key: createPrivateKey({ key: keyPem, ...(passphrase ? { passphrase } : {}) }) };
  } catch (error) {
    throw new AppError('invalid-input', 'The private key cannot be read: it may need a passphrase, or the passphrase is wrong.', { cause: error });
  }
}

export function loadCertificate(input: CertificateInput): CertificateCredential {
  const { certificatePem, key } = 'pfxBase64' in input ? fromPfx(input.pfxBase64, input.passphrase ?? '') : fromPem(input.pem, input.passphrase);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certificatePem);
  } catch (error) {
    throw new AppError('invalid-input', 'The certificate cannot be read.', { cause: error });
  }
  if (!cert.checkPrivateKey(key)) throw new AppError('invalid-input', 'The private key does not belong to the certificate.');
  return {
    certificatePem: cert.toString(),
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    thumbprintSha256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
    notAfter: new Date(cert.validTo),
    subject: cert.subject.replace(/\n/g, ', '),
  };
}
