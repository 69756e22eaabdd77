import React from 'react';
import { Box, Label } from '@adminjs/design-system';
import { useTranslation, type BasePropertyProps } from 'adminjs';
import { STATUS_COLOURS } from './look.js';

/**
 * A status (registration, delivery, broadcast state) as a coloured badge, its text from the catalogue
 * (`labels.status.pending` …): the same colour for the same meaning on every page, on a phone too.
 */
export const Badge = ({ value, text }: { value: string; text: string }) => {
  const [fg, bg] = STATUS_COLOURS[value] ?? STATUS_COLOURS.neutral;
  return (
    <span
      data-testid="status-badge"
      data-status={value}
      style={{ display: 'inline-block', padding: '2px 8px', borderRadius: 10, fontSize: 12, lineHeight: '18px', whiteSpace: 'nowrap', color: fg, background: bg, fontWeight: 600 }}
    >
      {text}
    </span>
  );
};

const StatusBadge = ({ property, record, where }: BasePropertyProps) => {
  const { translateLabel, translateProperty } = useTranslation();
  const value = String(record?.params?.[property.path] ?? '');
  const badge = value ? <Badge value={value} text={translateLabel(`${property.path}.${value}`, property.resourceId)} /> : null;
  if (where === 'list') return badge;
  return (
    <Box mb="xl">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      {badge ?? '—'}
    </Box>
  );
};

export default StatusBadge;
