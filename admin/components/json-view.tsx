import React from 'react';
import { Box, Label } from '@adminjs/design-system';
import { flat, useTranslation, type ShowPropertyProps } from 'adminjs';

/** A JSON column (audit changes, outbox payload) shown as readable JSON. */
const JsonView = ({ property, record }: ShowPropertyProps) => {
  const { translateProperty } = useTranslation();
  const value = flat.get(record?.params ?? {}, property.path);
  return (
    <Box mb="xl">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      <pre style={{ whiteSpace: 'pre-wrap', fontSize: 13, margin: 0 }} data-testid={`json-${property.path}`}>
        {value === undefined || value === null ? '—' : JSON.stringify(value, null, 2)}
      </pre>
    </Box>
  );
};

export default JsonView;
