/** The ledger's filters behind 展开: a chunk of their own (date and number pickers), loaded when first opened. */
import { Col, DatePicker, Form, InputNumber, Space } from 'antd';
import { CHANNEL_LABELS, CHANNELS } from '../../../core/leads/stages.js';
import { SelectFilter } from '../../components/listFilters.js';
import { ChainFilter, ClusterFilter, IndustryFilter } from '../../components/moreFilters.js';
import { useI18n } from '../../i18n/index.js';

export function MoreLedgerFilters() {
  const { t, lang } = useI18n();
  return (
    <>
      <SelectFilter
        name="slaStatus"
        placeholder={t('lead.slaStatus')}
        options={[
          { value: 'overdue', label: t('sla.status.overdue') },
          { value: 'due_soon', label: t('sla.status.due_soon') },
          { value: 'pending', label: t('sla.status.pending') },
        ]}
      />
      <SelectFilter
        name="channel"
        multiple
        placeholder={t('lead.channel')}
        options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c][lang] }))}
      />
      <IndustryFilter />
      <ChainFilter />
      <ClusterFilter placeholder={t('lead.clusters')} />
      <Col xs={24} md={8} xl={6} className="filter-field">
        <Form.Item name="period">
          <DatePicker.RangePicker
            style={{ width: '100%' }}
            placeholder={[t('lead.receivedFrom'), t('lead.receivedTo')]}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={8} xl={6} className="filter-field">
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="minYi" noStyle>
            <InputNumber placeholder={t('lead.minYi')} min={0} style={{ width: '50%' }} />
          </Form.Item>
          <Form.Item name="maxYi" noStyle>
            <InputNumber placeholder={t('lead.maxYi')} min={0} style={{ width: '50%' }} />
          </Form.Item>
        </Space.Compact>
      </Col>
    </>
  );
}
