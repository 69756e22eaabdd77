import React, { useState } from 'react';
import { FormGroup, Input, Label, Select, SelectAsync } from '@adminjs/design-system';
import { ApiClient, useTranslation, type FilterPropertyProps } from 'adminjs';

/*
 * AdminJS's filter fields with a placeholder and "nothing found" in the admin's language (react-select
 * would say "Select..." and "No options"). Same behaviour as AdminJS's own (lib/frontend/components/
 * property-type/{default-type,boolean,reference}/filter.js), registered over them in admin/components.ts.
 */

type Option = { value: string | number | boolean; label: string };

/** A picker's texts in the admin's language: its placeholder (a key of admin/locale.ts), "nothing found", loading. */
export function usePickerTexts(placeholder: 'selectAny' | 'selectOne' | 'selectNone') {
  const { translateMessage } = useTranslation();
  return { placeholder: translateMessage(placeholder), noOptionsMessage: () => translateMessage('noOptions'), loadingMessage: () => '…' };
}

function useTexts() {
  const { translateProperty } = useTranslation();
  return {
    label: (p: FilterPropertyProps['property']) => translateProperty(p.label, p.resourceId),
    select: usePickerTexts('selectAny'),
  };
}

export const DefaultFilter = ({ property, onChange, filter = {} }: FilterPropertyProps) => {
  const { tl } = useTranslation();
  const texts = useTexts();
  const value = filter[property.path] || '';
  let field: React.ReactNode;
  if (property.availableValues) {
    const options: Option[] = property.availableValues.map((v) => ({
      value: v.value,
      label: tl(`${property.path}.${v.value}`, property.resourceId, { defaultValue: v.label ?? v.value }),
    }));
    const selected = options.find((o) => o.value === value);
    field = (
      <Select variant="filter" value={selected ?? ''} isClearable options={options} {...texts.select} onChange={(s: Option | null) => onChange(property.path, s ? s.value : '')} />
    );
  } else {
    field = <Input name={`filter-${property.path}`} value={value} onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(property.path, e.target.value)} />;
  }
  return (
    <FormGroup variant="filter">
      <Label>{texts.label(property)}</Label>
      {field}
    </FormGroup>
  );
};

export const BooleanFilter = ({ property, onChange, filter = {} }: FilterPropertyProps) => {
  const { tl } = useTranslation();
  const texts = useTexts();
  const raw = filter[property.path];
  const value = raw === undefined || raw === '' ? '' : /true/i.test(String(raw));
  const options: Option[] = [true, false].map((v) => ({ value: v, label: tl(`${property.path}.${v}`, property.resourceId, { defaultValue: v ? 'Yes' : 'No' }) }));
  const selected = options.find((o) => o.value === value);
  return (
    <FormGroup variant="filter">
      <Label>{texts.label(property)}</Label>
      <Select
        variant="filter"
        value={selected ?? ''}
        isClearable
        options={options}
        {...texts.select}
        onChange={(s: Option | null) => onChange(property.path, s ? s.value : undefined)}
      />
    </FormGroup>
  );
};

export const ReferenceFilter = ({ property, onChange, filter = {} }: FilterPropertyProps) => {
  const texts = useTexts();
  const [options, setOptions] = useState<Option[]>([]);
  const load = async (query: string) => {
    const records = await new ApiClient().searchRecords({ resourceId: property.reference!, query });
    const loaded = records.map((r) => ({ value: String(r.id), label: r.title }));
    setOptions(loaded);
    return loaded;
  };
  const value = filter[property.path] === undefined ? '' : String(filter[property.path]);
  const selected = options.find((o) => o.value === value);
  return (
    <FormGroup variant="filter">
      <Label>{texts.label(property)}</Label>
      <SelectAsync
        variant="filter"
        value={selected ?? ''}
        isClearable
        cacheOptions
        defaultOptions
        loadOptions={load}
        {...texts.select}
        onChange={(s: Option | null) => onChange(property.path, s ? s.value : '')}
      />
    </FormGroup>
  );
};
