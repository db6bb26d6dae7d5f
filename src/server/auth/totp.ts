/**
 * The second factor: time-based one-time passwords (TOTP, RFC 6238: SHA-1, 6 digits, 30 s) as every
 * authenticator app reads them from a QR code, through the otpauth library. Secrets are stored
 * encrypted (AES-256-GCM under a key derived from the audit key, which is not in the database); a
 * code is accepted once (the step it belongs to must be newer than the last one used); ten
 * one-time recovery codes stand in when the phone is lost (only their hashes are kept).
 *
 * Who must use it: administrators and the auditor, and everyone in an organisation that requires it
 * (orgs.require_totp) — unless the deployment sets INVESTTRACK_TOTP=optional.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Role } from '../../core/roles.js';
import { derivedKey } from '../modules/audit/record.js';
import { needsSecondFactor } from './policies.js';

export const TOTP_PERIOD_S = 30;
const ISSUER = 'InvestTrack 招商通';

export type TotpMode = 'required' | 'optional';
let mode: TotpMode = 'required';
/** Set once at start from INVESTTRACK_TOTP. */
export function setTotpMode(m: TotpMode): void {
  mode = m;
}

/** Whether this account must sign in with a second factor. */
export function totpRequired(roles: readonly Role[], orgRequires: boolean): boolean {
  return mode === 'required' && needsSecondFactor(roles, orgRequires);
}

const totp = (base32: string, label: string) =>
  new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_S,
    secret: Secret.fromBase32(base32),
  });

export function newSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUri(base32: string, username: string): string {
  return totp(base32, username).toString();
}

export function qrCodeDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { margin: 1, width: 220 });
}

/**
 * The step a code belongs to (now, or one step either side for clock drift); null for a wrong
 * code. That it was not used before is the caller's conditional UPDATE of the last step.
 */
export function acceptedStep(base32: string, code: string, now: Date): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(base32, 'x').validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_S) + delta;
}

const secretKey = () => derivedKey('investtrack totp secrets');

export function encryptSecret(base32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey(), iv);
  const data = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(
    '.',
  );
}

export function decryptSecret(stored: string): string {
  const [v, iv, tag, data] = stored.split('.');
  if (v !== 'v1' || !iv || !tag || !data) throw new Error('not an encrypted TOTP secret');
  const decipher = createDecipheriv('aes-256-gcm', secretKey(), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}

/** Ten recovery codes, e.g. "k7qm-3xv9-pt2d", each good once. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: 10 }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export function recoveryCodeHash(code: string): string {
  return createHash('sha256')
    .update(
      code
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]/g, ''),
    )
    .digest('hex');
}
