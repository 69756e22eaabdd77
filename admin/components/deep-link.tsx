import React from 'react';
import { Box, Label, Link, Text } from '@adminjs/design-system';
import { useTranslation, type ShowPropertyProps } from 'adminjs';

/** A link held by a computed property: the competition's t.me deep link to share, its registrations. */
const DeepLink = ({ property, record }: ShowPropertyProps) => {
  const { translateProperty } = useTranslation();
  const url = String(record?.params?.[property.path] ?? '');
  return (
    <Box mb="xl">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      {url ? (
        url.startsWith('https://t.me/')
          ? <Link href={url} target="_blank" rel="noreferrer" data-testid={property.path}>{url}</Link>
          : <Link href={url} data-testid={property.path}>{translateProperty(property.label, property.resourceId)} →</Link>
      ) : (
        <Text>—</Text>
      )}
    </Box>
  );
};

export default DeepLink;
