import React from 'react';
import { Box, FormGroup, FormMessage, Label, Text, TextArea } from '@adminjs/design-system';
import { PropertyLabel, useTranslation, type EditPropertyProps } from 'adminjs';
import { DefaultEdit } from './edit-select.js';

/**
 * A field of the question form shown only for the kinds that use it (`custom.kinds`: a list's options, a number's
 * min and max, a text's pattern, a file's size…), with its hint below (`description`, a message key). The kind
 * picked in the form decides at once (admin/resources/question.ts). On the question's page it shows its value, when set.
 */
const QuestionField = (props: EditPropertyProps) => {
  const { property, record, onChange } = props;
  const { tm, translateProperty } = useTranslation();
  const kinds = (property.custom as { kinds?: string[] } | undefined)?.kinds;
  const kind = String(record?.params?.kind ?? '');
  if (kinds && !kinds.includes(kind)) return null;
  // On the question's page: the value, only when there is one.
  if ((props as { where?: string }).where === 'show') {
    const value = String(record?.params?.[property.path] ?? '');
    if (!value) return null;
    return (
      <Box mb="xl" data-testid={`show-${property.path}`}>
        <Label>{translateProperty(property.label, property.resourceId)}</Label>
        <Text style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{value}</Text>
      </Box>
    );
  }
  const hint = property.description ? (
    <Text mt="sm" mb="default" style={{ fontSize: 13, color: '#555', whiteSpace: 'pre-line' }} data-testid={`${property.path}-hint`}>
      {tm(property.description, property.resourceId)}
    </Text>
  ) : null;
  if (property.type !== 'textarea') {
    return (
      <div data-testid={`field-${property.path}`}>
        <DefaultEdit {...props} />
        {hint}
      </div>
    );
  }
  const error = record?.errors?.[property.path];
  return (
    <FormGroup error={Boolean(error)} data-testid={`field-${property.path}`}>
      <PropertyLabel property={property} />
      <TextArea
        id={property.path}
        name={property.path}
        rows={5}
        style={{ width: '100%' }}
        value={String(record?.params?.[property.path] ?? '')}
        onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange(property.path, e.target.value)}
      />
      <FormMessage>{error && tm(error.message, property.resourceId)}</FormMessage>
      {hint}
    </FormGroup>
  );
};

export default QuestionField;
