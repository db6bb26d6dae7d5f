/**
 * Filter fields the list pages show only behind 展开 (an industry picker, clusters, chains): in the
 * lazily loaded chunk of those filters, so a list arrives without the tree and the lists they need.
 */
import { useClusters } from '../api/hooks.js';
import { useI18n } from '../i18n/index.js';
import { useChains } from '../pages/industries/queries.js';
import { IndustryPicker } from './IndustryPicker.js';
import { FilterField, SelectFilter, WIDE } from './listFilters.js';

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
