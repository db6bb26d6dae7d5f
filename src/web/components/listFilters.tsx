/**
 * The filter fields the list pages share: each a form item in a responsive column. Those only
 * behind 展开 (industry, cluster, chain) are in moreFilters.tsx, loaded with the filters behind it.
 */
import { Col, Form, Input, Select, Spin } from 'antd';
import { type ReactNode, Suspense } from 'react';

export type Span = { xs: number; md: number; xl: number };
const NARROW: Span = { xs: 12, md: 8, xl: 4 };
export const WIDE: Span = { xs: 24, md: 8, xl: 6 };

/** Filters behind 展开 kept in a chunk of their own (date and number pickers): a small spinner while it comes. */
export function LaterFilters({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spin size="small" style={{ margin: '6px 12px' }} />}>{children}</Suspense>;
}

export function FilterField({
  name,
  span = NARROW,
  children,
}: {
  name: string;
  span?: Span;
  children: ReactNode;
}) {
  return (
    <Col {...span} className="filter-field">
      <Form.Item name={name}>{children}</Form.Item>
    </Col>
  );
}

export function SelectFilter({
  name,
  placeholder,
  options,
  multiple,
  span,
  testId,
}: {
  name: string;
  placeholder: string;
  options: { value: string | number; label: string }[];
  multiple?: boolean;
  span?: Span;
  testId?: string;
}) {
  return (
    <FilterField name={name} span={span}>
      <Select
        mode={multiple ? 'multiple' : undefined}
        placeholder={placeholder}
        allowClear
        showSearch={options.length > 12 ? { optionFilterProp: 'label' } : undefined}
        options={options}
        aria-label={placeholder}
        data-testid={testId}
      />
    </FilterField>
  );
}

export function SearchFilter({ placeholder }: { placeholder: string }) {
  return (
    <FilterField name="q" span={WIDE}>
      <Input placeholder={placeholder} aria-label={placeholder} allowClear />
    </FilterField>
  );
}
