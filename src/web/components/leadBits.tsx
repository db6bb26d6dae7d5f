import { InputNumber, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { chainLinkRef } from '../../core/api/industries.js';
import { CHAIN_POSITION_LABELS } from '../../core/chains.js';
import type { LeadStage } from '../../core/leads/stages.js';
import { STAGE_LABELS } from '../../core/leads/stages.js';
import { fromYuan, MONEY_UNIT_LABELS, type MoneyUnit, toYuan } from '../../core/money.js';
import { describeStep } from '../../core/sla.js';
import type { ClockView } from '../api/types.js';
import { useI18n } from '../i18n/index.js';

const STAGE_COLORS: Record<LeadStage, string> = {
  registered: 'default',
  responded: 'cyan',
  assessed: 'geekblue',
  feedback_given: 'purple',
  following: 'blue',
  signed: 'green',
  closed: 'default',
};

export function StageTag({ stage }: { stage: string }) {
  const { lang } = useI18n();
  const s = stage as LeadStage;
  return <Tag color={STAGE_COLORS[s]}>{STAGE_LABELS[s]?.[lang] ?? stage}</Tag>;
}

const STATUS_COLORS: Record<ClockView['status'], string> = {
  not_started: 'default',
  pending: 'processing',
  due_soon: 'warning',
  overdue: 'error',
  met: 'success',
  met_late: 'orange',
};

/** "剩余 2 个工作日" / "今天到期" / "已超期 1 个工作日", coloured by state; 暂定 when provisional. */
export function SlaTag({ view }: { view: ClockView }) {
  const { lang } = useI18n();
  return (
    <Space size={2}>
      <Tag color={STATUS_COLORS[view.status]} data-status={view.status}>
        {describeStep(view, lang)}
      </Tag>
      {view.provisional && <Tag color="orange">{lang === 'zh' ? '暂定' : 'provisional'}</Tag>}
    </Space>
  );
}

/** An amount typed in 万元 or 亿元, held as integer yuan. */
export function MoneyInput({
  value,
  onChange,
  id,
  defaultUnit = 'yi',
}: {
  value?: number;
  onChange?: (yuan: number | undefined) => void;
  id?: string;
  /** The unit shown first: 亿元 for a project, 万元 for a month's figure. */
  defaultUnit?: MoneyUnit;
}) {
  const [unit, setUnit] = useState<MoneyUnit>(defaultUnit);
  // Switching the unit keeps the number typed and reads it in the new unit: 5000 亿元 → 5000 万元.
  const switchUnit = (next: MoneyUnit) => {
    if (value !== undefined) onChange?.(toYuan(fromYuan(value, unit), next));
    setUnit(next);
  };
  return (
    <Space.Compact style={{ width: '100%' }}>
      <InputNumber
        id={id}
        style={{ width: '100%' }}
        min={0}
        // Shown to the 万元 (4 decimals of 亿元, 2 of 万元) without trailing zeros: 9, not 9.0000.
        value={value === undefined ? undefined : Number(fromYuan(value, unit).toFixed(unit === 'yi' ? 4 : 2))}
        onChange={(v) => onChange?.(v === null || v === undefined ? undefined : toYuan(Number(v), unit))}
      />
      <Select
        value={unit}
        onChange={switchUnit}
        style={{ width: 90 }}
        options={(['yi', 'wan'] as const).map((u) => ({ value: u, label: MONEY_UNIT_LABELS[u] }))}
      />
    </Space.Compact>
  );
}

type ChainLinkRef = z.infer<typeof chainLinkRef>;

/** The chain link a lead or project fills, linking to the chain map: 新型储能 · 电芯制造（中游）. */
export function ChainLinkText({ link }: { link: ChainLinkRef | null | undefined }) {
  const { lang } = useI18n();
  if (!link) return <>—</>;
  return (
    <Link to="/industries/chains" data-testid="chain-link">
      {link.chainName} · {link.name}（{CHAIN_POSITION_LABELS[link.position][lang]}）
    </Link>
  );
}

/** 新: dispatched to the user's county and not yet opened by anyone of it. */
export function NewMark({ isNew }: { isNew?: boolean }) {
  const { t } = useI18n();
  if (!isNew) return null;
  return (
    <Tag color="red" title={t('lead.newHint')} data-testid="new-mark" style={{ marginInlineStart: 6 }}>
      {t('lead.new')}
    </Tag>
  );
}
