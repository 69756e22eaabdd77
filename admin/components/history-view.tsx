import React from 'react';
import { Box, Label, Text } from '@adminjs/design-system';
import { useTranslation, type ShowPropertyProps } from 'adminjs';

/** A registration's history: one line per event, as the domain wrote them (newline-separated). */
const HistoryView = ({ property, record }: ShowPropertyProps) => {
  const { translateProperty } = useTranslation();
  const lines = String(record?.params?.[property.path] ?? '')
    .split('\n')
    .filter(Boolean);
  return (
    <Box mb="xl" data-testid={property.path}>
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      {lines.length ? (
        lines.map((line, i) => (
          <Text key={i} mb="sm">
            {line}
          </Text>
        ))
      ) : (
        <Text>—</Text>
      )}
    </Box>
  );
};

export default HistoryView;
