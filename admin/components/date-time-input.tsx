import React from 'react';
import { FormGroup, Input, Label, FormMessage } from '@adminjs/design-system';
import { useTranslation, type EditPropertyProps } from 'adminjs';

/** Date and time typed in the event's time zone (TZ_DISPLAY), as "YYYY-MM-DD HH:mm". */
const DateTimeInput = ({ property, record, onChange }: EditPropertyProps) => {
  const value = String(record?.params?.[property.path] ?? '');
  const error = record?.errors?.[property.path];
  const { translateProperty } = useTranslation();
  return (
    <FormGroup error={Boolean(error)}>
      <Label required={property.isRequired}>
        {translateProperty(property.label, property.resourceId)}
        {property.description ? ` (${property.description})` : ''}
      </Label>
      <Input
        id={property.path}
        name={property.path}
        value={value}
        placeholder={(navigator.language || '').startsWith('en') ? 'DD.MM.YYYY HH:mm' : 'ДД.ММ.ГГГГ ЧЧ:ММ'}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(property.path, event.target.value)}
      />
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  );
};

export default DateTimeInput;
