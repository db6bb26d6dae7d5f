/** The named parts of the targets page: one organisation's figure for one indicator, and the dialog's fields. */
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Form, type FormInstance, Input, InputNumber, Popconfirm, Select, Space, Tag } from 'antd';
import { ENTERED_KEYS, INDICATOR_UNIT_TEXT, INDICATORS, indicatorDef } from '../../../core/targets.js';
import { useOrgs } from '../../api/hooks.js';
import type { TargetRow } from '../../api/types.js';
import { formatIndicator, TargetProgress } from '../../components/projectBits.js';
import { useI18n } from '../../i18n/index.js';

const unitText = (indicator: string) => INDICATOR_UNIT_TEXT[indicatorDef(indicator)?.unit ?? 'count'];

/** A target and its actual figure, progress against 序时进度, and who entered the value. */
export function TargetCell({
  orgName,
  indicator,
  cell,
  manage,
  onEdit,
  onDelete,
}: {
  orgName: string;
  indicator: string;
  cell: TargetRow;
  manage: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t } = useI18n();
  return (
    <div data-testid={`target-${orgName}-${indicator}`}>
      <Space size={4} style={{ fontSize: 12 }}>
        <span>
          {formatIndicator(indicator, cell.actualValue)} / {formatIndicator(indicator, cell.targetValue)}
        </span>
        {cell.rank && <Tag>{t('target.rank', { n: cell.rank })}</Tag>}
        {manage && <EditOutlined onClick={onEdit} style={{ color: '#1677ff' }} />}
        {manage && (
          <Popconfirm title={t('target.deleteConfirm')} onConfirm={onDelete}>
            <DeleteOutlined style={{ color: '#cf1322' }} />
          </Popconfirm>
        )}
      </Space>
      <TargetProgress row={cell} />
      {cell.period && (
        <div style={{ fontSize: 11, color: '#595959' }}>
          {t('target.enteredBy', { p: cell.period, n: cell.enteredByName ?? '' })}
        </div>
      )}
    </div>
  );
}

/** Setting a target ('target') or entering an indicator's value for a period ('value'). */
export function TargetDialogFields({ dialog, form }: { dialog: 'target' | 'value'; form: FormInstance }) {
  const { t, lang } = useI18n();
  const { data: orgs } = useOrgs();
  const granularity = Form.useWatch('granularity', form);
  const chosenIndicator = Form.useWatch('indicator', form);
  const orgOptions = (orgs ?? [])
    .filter((o) => ['city', 'county', 'platform'].includes(o.kind))
    .map((o) => ({ value: o.id, label: o.name }));
  return (
    <>
      <Form.Item name="orgId" label={t('target.org')} rules={[{ required: true }]}>
        <Select options={orgOptions} showSearch optionFilterProp="label" />
      </Form.Item>
      <Form.Item name="indicator" label={t('target.indicator')} rules={[{ required: true }]}>
        <Select
          options={INDICATORS.filter(
            (i) => dialog === 'target' || (ENTERED_KEYS as string[]).includes(i.key),
          ).map((i) => ({
            value: i.key,
            label: i.label[lang],
          }))}
        />
      </Form.Item>
      {dialog === 'target' ? (
        <>
          <Form.Item
            name="targetValue"
            label={`${t('target.targetValue')}（${chosenIndicator ? unitText(chosenIndicator) : ''}）`}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="note" label={t('project.note')} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
        </>
      ) : (
        <>
          <Space>
            <Form.Item name="granularity" label={t('target.period')}>
              <Select
                style={{ width: 100 }}
                options={[
                  { value: 'year', label: t('dash.year') },
                  { value: 'quarter', label: t('dash.quarter') },
                  { value: 'month', label: t('target.month') },
                ]}
              />
            </Form.Item>
            {granularity === 'quarter' && (
              <Form.Item name="quarter" label=" " rules={[{ required: true }]}>
                <Select
                  style={{ width: 100 }}
                  options={[1, 2, 3, 4].map((q) => ({ value: q, label: `Q${q}` }))}
                />
              </Form.Item>
            )}
            {granularity === 'month' && (
              <Form.Item name="month" label=" " rules={[{ required: true }]}>
                <Select
                  style={{ width: 100 }}
                  options={Array.from({ length: 12 }, (_, m) => ({ value: m + 1, label: `${m + 1}月` }))}
                />
              </Form.Item>
            )}
          </Space>
          <Form.Item
            name="value"
            label={`${t('target.value')}（${chosenIndicator ? unitText(chosenIndicator) : ''}）`}
            rules={[{ required: true }]}
          >
            <InputNumber style={{ width: '100%' }} />
          </Form.Item>
        </>
      )}
    </>
  );
}
