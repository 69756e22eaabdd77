import React, { useState } from 'react';
import { Box, Button, Label, Text } from '@adminjs/design-system';
import { useTranslation, type ShowPropertyProps } from 'adminjs';

/**
 * The competition's t.me deep link to share: the link, a copy button, and its QR code (drawn on the server,
 * a PNG data URL) with the way to its printable poster.
 */
const ShareLink = ({ property, record }: ShowPropertyProps) => {
  const { translateProperty, translateMessage } = useTranslation();
  const [copied, setCopied] = useState(false);
  const url = String(record?.params?.[property.path] ?? '');
  const qr = String(record?.params?.deepLinkQr ?? '');
  // "Print the QR code" opens the poster (admin/print/): the title, date, place, a big code and the link.
  const poster = String(record?.params?.posterLink ?? '');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      const field = document.getElementById('share-link-text') as HTMLInputElement | null;
      field?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  };
  return (
    <Box mb="xl" data-testid="share-link">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      {url ? (
        <Box flex flexDirection="row" flexWrap="wrap" alignItems="center" style={{ gap: 12 }}>
          <input
            id="share-link-text"
            readOnly
            value={url}
            data-testid={property.path}
            onFocus={(e) => e.target.select()}
            style={{ flex: '1 1 260px', minWidth: 0, padding: 8, border: '1px solid #ccc', borderRadius: 4, fontSize: 14 }}
          />
          <Button type="button" variant="contained" onClick={copy} data-testid="copy-link">
            {translateMessage(copied ? 'linkCopied' : 'copyLink', property.resourceId)}
          </Button>
          {qr && poster && (
            <Button as="a" href={poster} variant="outlined" data-testid="print-qr">
              {translateMessage('printQr', property.resourceId)}
            </Button>
          )}
        </Box>
      ) : (
        <Text>—</Text>
      )}
      {qr && <img src={qr} alt="QR" width={200} height={200} data-testid="share-qr" style={{ display: 'block', marginTop: 12, imageRendering: 'pixelated' }} />}
    </Box>
  );
};

export default ShareLink;
