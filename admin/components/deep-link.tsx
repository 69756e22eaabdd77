import React from 'react';
import { Box, Link, Text } from '@adminjs/design-system';
import { useTranslation, type ShowPropertyProps } from 'adminjs';

/**
 * A link held by a computed property (a competition's registrations, its waiting list, its CSV and Excel files): one
 * button-like link named by the property's label, not the label repeated above a link. A download (a
 * file) is a plain link the browser saves — one click.
 */
const DeepLink = ({ property, record }: ShowPropertyProps) => {
  const { translateProperty } = useTranslation();
  const url = String(record?.params?.[property.path] ?? '');
  const label = translateProperty(property.label, property.resourceId);
  const download = /\.(csv|xlsx)$/.test(url);
  if (!url)
    return (
      <Box mb="lg">
        <Text>{label}: —</Text>
      </Box>
    );
  return (
    <Box mb="lg" style={{ display: 'inline-block', marginRight: 12 }}>
      <Link
        href={url}
        data-testid={property.path}
        {...(download ? { download: '' } : {})}
        style={{ display: 'inline-block', padding: '8px 14px', border: '1px solid #3040d6', borderRadius: 4, textDecoration: 'none' }}
      >
        {label}
      </Link>
    </Box>
  );
};

export default DeepLink;
