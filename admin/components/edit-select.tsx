import React, { useEffect, useMemo, useState } from 'react';
import { FormGroup, FormMessage, Input, Select, SelectAsync } from '@adminjs/design-system';
import { ApiClient, PropertyLabel, flat, useTranslation, type EditPropertyProps } from 'adminjs';
import { usePickerTexts } from './filter-select.js';

/*
 * AdminJS's form fields with the pickers' placeholder and "nothing found" in the admin's language (react-select
 * would say "Select..." and "No options"). Same behaviour as AdminJS's own (lib/frontend/components/
 * property-type/{default-type,reference}/edit.js), registered over them in admin/components.ts; the filters'
 * twins are in filter-select.tsx.
 */

type Option = { value: string | number; label: string };

/** A required picker asks for a choice; an optional one left empty says so (a broadcast's role: any). */
const placeholderOf = (property: EditPropertyProps['property']) => (property.isRequired ? 'selectOne' : 'selectNone');

function FieldError({ property, record }: EditPropertyProps) {
  const { tm } = useTranslation();
  const error = record?.errors?.[property.path];
  return <FormMessage>{error && tm(error.message, property.resourceId)}</FormMessage>;
}

const SelectEdit = ({ property, record, onChange }: EditPropertyProps) => {
  const { tl } = useTranslation();
  const texts = usePickerTexts(placeholderOf(property));
  const value = record?.params?.[property.path] ?? property.props.value ?? '';
  const options: Option[] = (property.availableValues ?? []).map((v) => ({
    value: v.value,
    label: tl(`${property.path}.${v.value}`, property.resourceId, { defaultValue: v.label ?? v.value }),
  }));
  // AdminJS compares loosely too: a stored 1 matches the option '1'.
  const selected = options.find((o) => String(o.value) === String(value)) ?? null;
  return (
    <Select
      value={selected}
      options={options}
      {...texts}
      isDisabled={property.isDisabled}
      onChange={(s: Option | null) => onChange(property.path, s?.value ?? '')}
      {...property.props}
    />
  );
};

const TextEdit = ({ property, record, onChange }: EditPropertyProps) => {
  const stored = record?.params?.[property.path] ?? property.props.value ?? '';
  const [value, setValue] = useState(stored);
  useEffect(() => {
    if (value !== stored) setValue(stored);
    // Only a new stored value (another record, a server answer) replaces what is being typed.
  }, [stored]);
  return (
    <Input
      id={property.path}
      name={property.path}
      required={property.isRequired}
      value={value}
      disabled={property.isDisabled}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) => setValue(e.target.value)}
      onBlur={() => onChange(property.path, value)}
      onKeyDown={(e: React.KeyboardEvent) => e.key === 'Enter' && onChange(property.path, value)}
      {...property.props}
    />
  );
};

export const DefaultEdit = (props: EditPropertyProps) => {
  const error = props.record?.errors?.[props.property.path];
  return (
    <FormGroup error={Boolean(error)}>
      <PropertyLabel property={props.property} />
      {props.property.availableValues ? <SelectEdit {...props} /> : <TextEdit {...props} />}
      <FieldError {...props} />
    </FormGroup>
  );
};

type RecordOption = Option & { record?: unknown };

export const ReferenceEdit = (props: EditPropertyProps) => {
  const { property, record, onChange } = props;
  const texts = usePickerTexts(placeholderOf(property));
  const resourceId = property.reference;
  if (!resourceId) throw new Error(`Cannot reference resource in property '${property.path}'`);
  const selectedId = useMemo(() => flat.get(record?.params, property.path) as string | number | undefined, [record]);
  const [loaded, setLoaded] = useState<{ id: string; title: string } | undefined>();
  const [loading, setLoading] = useState(0);
  useEffect(() => {
    if (!selectedId) return;
    setLoading((n) => n + 1);
    void new ApiClient()
      .recordAction({ actionName: 'show', resourceId, recordId: String(selectedId) })
      .then(({ data }) => setLoaded(data.record))
      .finally(() => setLoading((n) => n - 1));
  }, [selectedId, resourceId]);
  const load = async (query: string): Promise<RecordOption[]> => {
    const records = await new ApiClient().searchRecords({ resourceId, query });
    return records.map((r) => ({ value: r.id, label: r.title, record: r }));
  };
  const selected = selectedId && loaded ? { value: loaded.id, label: loaded.title } : null;
  const error = record?.errors?.[property.path];
  return (
    <FormGroup error={Boolean(error)}>
      <PropertyLabel property={property} />
      <SelectAsync
        cacheOptions
        defaultOptions
        loadOptions={load}
        value={selected}
        isClearable
        {...texts}
        isDisabled={property.isDisabled}
        isLoading={loading > 0}
        onChange={(s: RecordOption | null) => (s ? onChange(property.path, s.value, s.record as never) : onChange(property.path, null))}
        {...property.props}
      />
      <FieldError {...props} />
    </FormGroup>
  );
};
