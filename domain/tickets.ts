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
/** Their lengths in base32 characters. */
const MAC_TEXT = 16;
const NONCE_TEXT = 8;

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

/** A ticket code's three parts, before its signature is checked. */
export interface TicketParts {
  idText: string;
  nonce: string;
  mac: string;
}

/**
 * The parts of a code that has the shape of a ticket, else null (not even a ticket: a misread, a URL, a
 * phone number). Typed codes are forgiving: case and separators (dashes, spaces, dots, none at all) are
 * ignored — the mac and the nonce have fixed lengths, so the parts are cut from the end.
 */
export function readTicketCode(input: string): TicketParts | null {
  if (typeof input !== 'string' || input.length > 80) return null;
  const upper = input.toUpperCase();
  // Dashes where the ticket prints them: the parts they mark must have the parts' lengths (a truncated code is
  // unreadable, not a different id). Without them (spaces, nothing): cut from the end.
  const dashed = upper.split('-');
  const text = dashed.length === 3 ? null : upper.replace(/[^A-Z0-9]/g, '');
  const [idText, nonce, macText] =
    text === null
      ? dashed.map((part) => part.replace(/[^A-Z0-9]/g, ''))
      : [text.slice(0, -MAC_TEXT - NONCE_TEXT), text.slice(-MAC_TEXT - NONCE_TEXT, -MAC_TEXT), text.slice(-MAC_TEXT)];
  if (idFromBase32(idText) === null || !/^[A-Z2-7]+$/.test(nonce) || nonce.length !== NONCE_TEXT || !/^[A-Z2-7]+$/.test(macText) || macText.length !== MAC_TEXT) return null;
  return { idText, nonce, mac: macText };
}

/** The registration and nonce a code names when its signature holds, else null (forged, another secret, not a ticket). */
export function verifyTicketCode(secret: string, input: string): TicketClaim | null {
  const parts = readTicketCode(input);
  if (!parts) return null;
  const registrationId = idFromBase32(parts.idText)!;
  const expected = mac(secret, registrationId, parts.nonce);
  if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(parts.mac))) return null;
  return { registrationId, nonce: parts.nonce };
}
