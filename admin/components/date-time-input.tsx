import React from 'react';
import { FormGroup, Input, Label, FormMessage } from '@adminjs/design-system';
import { useTranslation, type EditPropertyProps } from 'adminjs';

/** The zone's name in the reader's language ("Москва, стандартное время"), not its IANA id. */
function zoneName(timeZone: string): string {
  try {
    const parts = new Intl.DateTimeFormat(navigator.language, { timeZone, timeZoneName: 'longGeneric' }).formatToParts(new Date());
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

/** Date and time typed in the event's time zone (TZ_DISPLAY), day first: "20.03.2027 11:00". */
const DateTimeInput = ({ property, record, onChange }: EditPropertyProps) => {
  const value = String(record?.params?.[property.path] ?? '');
  const error = record?.errors?.[property.path];
  const { translateProperty } = useTranslation();
  return (
    <FormGroup error={Boolean(error)}>
      <Label required={property.isRequired}>
        {translateProperty(property.label, property.resourceId)}
        {property.description ? ` (${zoneName(property.description)})` : ''}
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
