import crypto from 'node:crypto';

/**
 * Door tickets: `<registration id>-<nonce>-<mac>`, all RFC 4648 base32 (A–Z, 2–7: QR's compact alphanumeric
 * mode, easy to type). The nonce (40 bits) is the registration's `ticket_nonce`, replaced on a cancel or a
 * reissue so an old or forwarded ticket stops working; the mac is HMAC-SHA256 over id and nonce with the
 * ticket secret (TICKET_SECRET, or derived from SESSION_SECRET), truncated to 80 bits. No personal data.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const MAC_BYTES = 10;
const NONCE_BYTES = 5;

export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function idToBase32(id: number): string {
  let out = '';
  let n = id;
  do {
    out = ALPHABET[n % 32] + out;
    n = Math.floor(n / 32);
  } while (n > 0);
  return out;
}

function idFromBase32(text: string): number | null {
  if (!/^[A-Z2-7]{1,7}$/.test(text)) return null;
  let n = 0;
  for (const ch of text) n = n * 32 + ALPHABET.indexOf(ch);
  return n > 0 ? n : null;
}

/** A fresh nonce for a registration's ticket (8 base32 characters). */
export function newTicketNonce(): string {
  return base32(crypto.randomBytes(NONCE_BYTES));
}

function mac(secret: string, registrationId: number, nonce: string): string {
  return base32(crypto.createHmac('sha256', secret).update(`ticket:v1:${registrationId}:${nonce}`).digest().subarray(0, MAC_BYTES));
}

export function ticketCode(secret: string, registrationId: number, nonce: string): string {
  return `${idToBase32(registrationId)}-${nonce}-${mac(secret, registrationId, nonce)}`;
}

export interface TicketClaim {
  registrationId: number;
  nonce: string;
}

/**
 * The registration and nonce a code names when its signature holds, else null (forged, truncated, another
 * secret, garbage). Typed codes are forgiving: lower case, spaces and a missing dash are accepted.
 */
export function verifyTicketCode(secret: string, input: string): TicketClaim | null {
  if (typeof input !== 'string' || input.length > 80) return null;
  const parts = input.toUpperCase().replace(/\s+/g, '').split('-');
  if (parts.length !== 3) return null;
  const [idText, nonce, given] = parts;
  const registrationId = idFromBase32(idText);
  if (registrationId === null || !/^[A-Z2-7]{8}$/.test(nonce) || !/^[A-Z2-7]{16}$/.test(given)) return null;
  const expected = mac(secret, registrationId, nonce);
  if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(given))) return null;
  return { registrationId, nonce };
}
