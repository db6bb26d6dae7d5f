/** The filter fields the list pages share: each a form item in a responsive column. */
import { Col, Form, Input, Select, Spin } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { useClusters } from '../api/hooks.js';
import { useI18n } from '../i18n/index.js';
import { useChains } from '../pages/industries/queries.js';
import { IndustryPicker } from './IndustryPicker.js';

type Span = { xs: number; md: number; xl: number };
const NARROW: Span = { xs: 12, md: 8, xl: 4 };
const WIDE: Span = { xs: 24, md: 8, xl: 6 };

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

export function IndustryFilter() {
  return (
    <FilterField name="industryCode" span={WIDE}>
      <IndustryPicker />
    </FilterField>
  );
}

export function ChainFilter() {
  const { t } = useI18n();
  const chains = useChains();
  return (
    <SelectFilter
      name="chainId"
      placeholder={t('chain.chain')}
      options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}

export function ClusterFilter({ placeholder }: { placeholder: string }) {
  const clusters = useClusters();
  return (
    <SelectFilter
      name="clusterId"
      placeholder={placeholder}
      span={WIDE}
      options={(clusters.data ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}
