import QRCode from 'qrcode';

/** A QR image (a ticket's code, a team's invite link): large modules, a quiet zone, readable from a phone screen. */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 10 });
}
