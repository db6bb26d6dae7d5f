import { Progress, Select, Tag, Tooltip, theme } from 'antd';
import { formatYuan } from '../../core/money.js';
import { PROJECT_STAGE_LABELS, type ProjectStage } from '../../core/projects/stages.js';
import { indicatorDef } from '../../core/targets.js';
import { useOrgs } from '../api/hooks.js';
import type { Project, TargetRow } from '../api/types.js';
import { useI18n } from '../i18n/index.js';

const STAGE_COLOURS: Record<ProjectStage, string> = {
  signed: 'blue',
  started: 'orange',
  in_production: 'green',
};

export function ProjectStageTag({ stage }: { stage: ProjectStage }) {
  const { lang } = useI18n();
  return <Tag color={STAGE_COLOURS[stage]}>{PROJECT_STAGE_LABELS[stage][lang]}</Tag>;
}

/** An indicator's value in the unit people read: 个, 亿元 or %. */
export function formatIndicator(indicator: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const unit = indicatorDef(indicator)?.unit;
  if (unit === 'yuan') return formatYuan(value);
  if (unit === 'percent') return `${Number(value.toFixed(2))}%`;
  return `${Number(value.toFixed(2))}`;
}

export const COLOUR_HEX = { red: '#cf1322', amber: '#d48806', green: '#389e0d', none: '#bfbfbf' } as const;
/** The same colours dark enough for text on white (4.5:1). */
export const COLOUR_TEXT = { red: '#a8071a', amber: '#874d00', green: '#237804', none: '#595959' } as const;

/** Completion as a bar, with the time-elapsed mark (序时进度) drawn across it for cumulative indicators. */
export function TargetProgress({
  row,
}: {
  row: Pick<TargetRow, 'kind' | 'completionRate' | 'timeElapsedRate' | 'colour'>;
}) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const pct = row.completionRate === null ? 0 : Math.round(row.completionRate * 1000) / 10;
  const said =
    row.kind === 'cumulative'
      ? t('target.tooltipCumulative', { c: pct, e: Math.round(row.timeElapsedRate * 1000) / 10 })
      : t('target.tooltipRate', { c: pct });
  return (
    <Tooltip title={said}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 150 }} data-colour={row.colour}>
        <div style={{ position: 'relative', flex: 1 }}>
          <Progress
            percent={Math.min(100, pct)}
            showInfo={false}
            strokeColor={COLOUR_HEX[row.colour]}
            size="small"
            style={{ margin: 0 }}
            aria-label={said}
          />
          {row.kind === 'cumulative' && (
            <div
              title={t('target.timeElapsed')}
              style={{
                position: 'absolute',
                top: 0,
                bottom: 0,
                width: 2,
                // The theme's text colour: dark on the pages, light on the wall screen.
                background: token.colorText,
                left: `${Math.min(100, row.timeElapsedRate * 100)}%`,
              }}
            />
          )}
        </div>
        <span style={{ fontSize: 12, width: 48, textAlign: 'right', color: COLOUR_TEXT[row.colour] }}>
          {row.completionRate === null ? '—' : `${pct}%`}
        </span>
      </div>
    </Tooltip>
  );
}

/** Whole city (empty) or one county or platform, for the dashboard and the period report. */
export function OrgScopeSelect({
  value,
  onChange,
}: {
  value?: number;
  onChange: (id: number | undefined) => void;
}) {
  const { t } = useI18n();
  const { data: orgs } = useOrgs();
  return (
    <Select
      style={{ width: 180 }}
      allowClear
      showSearch
      optionFilterProp="label"
      aria-label={t('target.org')}
      placeholder={t('dash.wholeCity')}
      value={value}
      onChange={onChange}
      options={(orgs ?? [])
        .filter((o) => o.kind === 'county' || o.kind === 'platform')
        .map((o) => ({ value: o.id, label: o.name }))}
    />
  );
}

/** A project's status as a tag colour (the lists, the key-project report, the project page). */
export const STATUS_TAG: Record<Project['status'], string> = {
  normal: 'green',
  lagging: 'gold',
  stalled: 'volcano',
  terminated: 'default',
};
