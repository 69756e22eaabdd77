import React from 'react';
import { FormGroup, Input, Label, FormMessage, Text } from '@adminjs/design-system';
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
  const { translateProperty, translateMessage } = useTranslation();
  // A section may say what the time does (`<path>_hint` among its messages: a broadcast's send time).
  const hintKey = `${property.path}_hint`;
  const hint = translateMessage(hintKey, property.resourceId);
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
      {hint !== hintKey && (
        <Text mt="sm" style={{ fontSize: 13, color: '#555' }} data-testid={`${property.path}-hint`}>
          {hint}
        </Text>
      )}
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  );
};

export default DateTimeInput;
