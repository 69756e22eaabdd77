import React from 'react';
import { Box, Label, Link, Text } from '@adminjs/design-system';
import { useTranslation, type ShowPropertyProps } from 'adminjs';

/** The competition's t.me deep link, to copy and share. */
const DeepLink = ({ property, record }: ShowPropertyProps) => {
  const { translateProperty } = useTranslation();
  const url = String(record?.params?.[property.path] ?? '');
  return (
    <Box mb="xl">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      {url ? (
        <Link href={url} target="_blank" rel="noreferrer" data-testid="deep-link">{url}</Link>
      ) : (
        <Text>—</Text>
      )}
    </Box>
  );
};

export default DeepLink;
