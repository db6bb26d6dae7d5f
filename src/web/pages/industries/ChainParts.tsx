/** The named parts of the chain map: one link's card, and the fields of the chain, link and firm dialogs. */
import { StarFilled } from '@ant-design/icons';
import { Card, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import type { ChainMapDto } from '../../../core/api/industries.js';
import { CHAIN_POSITION_LABELS, CHAIN_POSITIONS, type Coverage } from '../../../core/chains.js';
import { formatYuan } from '../../../core/money.js';
import { useI18n } from '../../i18n/index.js';

export type LinkCell = ChainMapDto['links'][number];
export type ChainDialogKind = 'link' | 'firm' | 'editLink' | 'chain' | 'editChain';

export const COVERAGE_STYLE: Record<Coverage, { border: string; background: string; color: string }> = {
  projects: { border: '#52c41a', background: '#f6ffed', color: 'green' },
  firms: { border: '#1677ff', background: '#e6f4ff', color: 'blue' },
  leads: { border: '#fa8c16', background: '#fff7e6', color: 'orange' },
  gap: { border: '#ff4d4f', background: '#fff1f0', color: 'red' },
};

/** A link of the chain, coloured by how it is covered: projects, local firms, open leads, or a gap. */
export function LinkCard({ link, onOpen }: { link: LinkCell; onOpen: () => void }) {
  const { t } = useI18n();
  const style = COVERAGE_STYLE[link.coverage];
  return (
    <Card
      size="small"
      hoverable
      onClick={onOpen}
      style={{
        borderColor: style.border,
        background: style.background,
        borderStyle: link.coverage === 'gap' ? 'dashed' : 'solid',
      }}
      data-testid={`chain-link-${link.name}`}
      data-coverage={link.coverage}
    >
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text strong>{link.name}</Typography.Text>
        <Tag color={style.color}>{t(`chain.coverage.${link.coverage}`)}</Tag>
      </Space>
      {link.products && <div style={{ fontSize: 12, color: '#595959' }}>{link.products}</div>}
      <div style={{ fontSize: 12, marginTop: 4 }}>
        {t('chain.counts', { p: link.projects, f: link.localFirms, l: link.openLeads })}
        {link.projects > 0 && ` · ${formatYuan(link.projectInvestmentYuan)}`}
      </div>
      <Space size={4} wrap style={{ marginTop: 4 }}>
        {link.firms
          .filter((f) => f.kind === 'local')
          .map((f) => (
            <Tag key={f.id} icon={f.isLeader ? <StarFilled style={{ color: '#faad14' }} /> : undefined}>
              {f.name}
            </Tag>
          ))}
      </Space>
      {link.firms.some((f) => f.kind === 'target') && (
        <div style={{ fontSize: 12, marginTop: 4 }}>
          {t('chain.targets')}：
          {link.firms
            .filter((f) => f.kind === 'target')
            .map((f) => f.name)
            .join('、')}
        </div>
      )}
    </Card>
  );
}

/** The fields of the dialog that adds or edits a chain, a link, or a firm on a link. */
export function ChainDialogFields({ kind }: { kind: ChainDialogKind }) {
  const { t, lang } = useI18n();
  return (
    <>
      {kind === 'chain' || kind === 'editChain' ? (
        <>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 50 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label={t('chain.description')} rules={[{ max: 1000 }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
      ) : kind === 'link' || kind === 'editLink' ? (
        <>
          <Form.Item name="position" label={t('chain.position')} rules={[{ required: true }]}>
            <Radio.Group
              options={CHAIN_POSITIONS.map((p) => ({ value: p, label: CHAIN_POSITION_LABELS[p][lang] }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 50 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="products" label={t('chain.products')}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
      ) : (
        <>
          <Form.Item name="kind" label={t('orgs.kind')} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'local', label: t('chain.local') },
                { value: 'target', label: t('chain.target') },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="isLeader" label={t('chain.leader')}>
            <Radio.Group
              options={[
                { value: true, label: '✓' },
                { value: false, label: '—' },
              ]}
            />
          </Form.Item>
        </>
      )}
    </>
  );
}
