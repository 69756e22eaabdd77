import React, { useEffect } from 'react';
import { CheckBox, FormGroup, Label } from '@adminjs/design-system';
import { useTranslation, type EditPropertyProps } from 'adminjs';

/** A yes/no field that starts as "yes" on a new record ("Регистрация открыта" for a new competition). */
const DefaultOn = ({ property, record, onChange }: EditPropertyProps) => {
  const { translateProperty } = useTranslation();
  const raw = record?.params?.[property.path];
  const isNew = !record?.id;
  useEffect(() => {
    if (isNew && (raw === undefined || raw === '')) onChange(property.path, true);
  }, []);
  const checked = raw === true || raw === 'true' || (isNew && (raw === undefined || raw === ''));
  return (
    <FormGroup>
      <CheckBox id={property.path} name={property.path} checked={checked} onChange={() => onChange(property.path, !checked)} />
      <Label inline htmlFor={property.path} ml="default">
        {translateProperty(property.label, property.resourceId)}
      </Label>
    </FormGroup>
  );
};

export default DefaultOn;
