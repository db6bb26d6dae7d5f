import { Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, useMemo } from 'react';
import { Link } from 'react-router';
import { CHANNEL_LABELS, LEAD_STAGES, STAGE_LABELS } from '../../../core/leads/stages.js';
import { formatYuan } from '../../../core/money.js';
import { formatShanghai } from '../../../core/time.js';
import { useNames, useOrgs } from '../../api/hooks.js';
import type { Lead } from '../../api/types.js';
import { NewMark, SlaTag, StageTag } from '../../components/leadBits.js';
import { LaterFilters, SearchFilter, SelectFilter } from '../../components/listFilters.js';
import {
  type FiltersShown,
  type ListColumn,
  RecordList,
  type UrlFilters,
  urlFilters,
} from '../../components/RecordList.js';
import { useI18n } from '../../i18n/index.js';
import { leadKeys } from './queries.js';

const FILTER_KEYS = [
  'stage',
  'countyOrgId',
  'channel',
  'industryCode',
  'clusterId',
  'chainId',
  'slaStatus',
  'q',
  'minYuan',
  'maxYuan',
  'receivedFrom',
  'receivedTo',
] as const;
const NUMERIC = new Set(['countyOrgId', 'clusterId', 'chainId']);
const LISTS = new Set(['stage', 'channel']);
const YI = 1e8;

/** Behind 展开: loaded when first opened, so the list arrives with less code. */
const MoreLedgerFilters = lazy(() =>
  import('./MoreLedgerFilters.js').then((m) => ({ default: m.MoreLedgerFilters })),
);

/** The form's values (amounts typed in 亿元, a date range) as the URL's filters. */
function toUrl(v: Record<string, unknown>): UrlFilters {
  const out = urlFilters(v, FILTER_KEYS);
  const yuan = (x: unknown) => (typeof x === 'number' ? String(Math.round(x * YI)) : undefined);
  const min = yuan(v.minYi);
  const max = yuan(v.maxYi);
  if (min) out.minYuan = min;
  if (max) out.maxYuan = max;
  const period = v.period as [Dayjs, Dayjs] | undefined;
  if (period) {
    out.receivedFrom = period[0].format('YYYY-MM-DD');
    out.receivedTo = period[1].format('YYYY-MM-DD');
  }
  return out;
}

function toForm(f: UrlFilters): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f))
    out[k] = NUMERIC.has(k) ? Number(v) : LISTS.has(k) ? v.split(',') : v;
  if (f.minYuan) out.minYi = Number(f.minYuan) / YI;
  if (f.maxYuan) out.maxYi = Number(f.maxYuan) / YI;
  if (f.receivedFrom && f.receivedTo) out.period = [dayjs(f.receivedFrom), dayjs(f.receivedTo)];
  return out;
}

function LedgerFilterFields({ shown }: { shown: FiltersShown }) {
  const { t, lang } = useI18n();
  const { data: orgs } = useOrgs();
  const counties = (orgs ?? []).filter((o) => o.kind === 'county' || o.kind === 'platform');
  return (
    <>
      <SearchFilter placeholder={t('lead.searchPlaceholder')} />
      {shown !== 'search' && (
        <>
          <SelectFilter
            name="stage"
            multiple
            placeholder={t('lead.stage')}
            span={{ xs: 12, md: 8, xl: 6 }}
            options={LEAD_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s][lang] }))}
          />
          <SelectFilter
            name="countyOrgId"
            placeholder={t('lead.counties')}
            options={counties.map((o) => ({ value: o.id, label: o.name }))}
          />
        </>
      )}
      {shown === 'all' && (
        <LaterFilters>
          <MoreLedgerFilters />
        </LaterFilters>
      )}
    </>
  );
}

function useLedgerColumns(): ListColumn<Lead>[] {
  const { t, lang } = useI18n();
  const { orgName } = useNames();
  return [
    {
      key: 'code',
      title: t('lead.code'),
      dataIndex: 'code',
      sortBy: 'code',
      render: (v: string, l: Lead) => <Link to={`/leads/${l.id}`}>{v}</Link>,
      // A county's own registrations carry its division code: JM-440781-2026-0003.
      width: 158,
    },
    {
      key: 'projectName',
      title: t('lead.projectName'),
      dataIndex: 'projectName',
      // One line a row (at least 12 rows above the fold at 1366×768); the full text on hover.
      ellipsis: true,
      render: (v: string, l: Lead) => (
        <>
          <NewMark isNew={l.isNew} />
          <Link to={`/leads/${l.id}`} title={v}>
            {v}
          </Link>
        </>
      ),
    },
    {
      key: 'investorName',
      title: t('lead.investorName'),
      dataIndex: 'investorName',
      ellipsis: true,
      render: (v: string) => <span title={v}>{v}</span>,
    },
    {
      key: 'plannedInvestmentYuan',
      title: t('lead.planned'),
      dataIndex: 'plannedInvestmentYuan',
      sortBy: 'plannedInvestmentYuan',
      align: 'right',
      render: formatYuan,
      width: 104,
    },
    {
      key: 'stage',
      title: t('lead.stage'),
      dataIndex: 'stage',
      render: (s: string) => <StageTag stage={s} />,
      width: 84,
    },
    {
      key: 'counties',
      title: t('lead.counties'),
      dataIndex: 'countyOrgIds',
      ellipsis: true,
      width: 128,
      render: (ids: number[]) => ids.map((id) => orgName.get(id)).join('、') || '—',
    },
    {
      key: 'channel',
      title: t('lead.channel'),
      dataIndex: 'channel',
      ellipsis: true,
      render: (c: string) => CHANNEL_LABELS[c as keyof typeof CHANNEL_LABELS]?.[lang] ?? c,
      width: 120,
      defaultHidden: true,
    },
    {
      key: 'receivedAt',
      title: t('lead.receivedAt'),
      dataIndex: 'receivedAt',
      sortBy: 'receivedAt',
      // The day; the minute on hover.
      render: (v: string) => <span title={formatShanghai(v)}>{formatShanghai(v).slice(0, 10)}</span>,
      width: 112,
    },
    {
      key: 'deadline',
      title: t('lead.nextDeadline'),
      dataIndex: 'waiting',
      sortBy: 'dueAt',
      render: (_: unknown, l: Lead) =>
        l.waiting ? (
          <span style={{ whiteSpace: 'nowrap' }} title={l.waiting.dueDate ?? undefined}>
            <span style={{ fontSize: 12, marginInlineEnd: 4 }}>{l.waiting.dueDate?.slice(5)}</span>
            <SlaTag view={l.sla[l.waiting.step]} />
          </span>
        ) : (
          '—'
        ),
      width: 184,
    },
  ];
}

function LeadCard({ lead }: { lead: Lead }) {
  return (
    <>
      <Link to={`/leads/${lead.id}`}>
        <Typography.Text strong>{lead.projectName}</Typography.Text>
      </Link>
      <NewMark isNew={lead.isNew} />
      <div style={{ fontSize: 12, color: '#595959' }}>
        {lead.code} · {formatYuan(lead.plannedInvestmentYuan)}
      </div>
      {lead.waiting && <SlaTag view={lead.sla[lead.waiting.step]} />}
    </>
  );
}

export function LedgerPage() {
  const { t, lang } = useI18n();
  const columns = useLedgerColumns();
  const board = useMemo(
    () => ({
      stages: LEAD_STAGES,
      label: (s: (typeof LEAD_STAGES)[number]) => STAGE_LABELS[s][lang],
      card: (l: Lead) => <LeadCard lead={l} />,
      testId: (s: string) => `board-${s}`,
      query: { sort: 'dueAt', order: 'asc' },
      minColumnWidth: 170,
    }),
    [lang],
  );
  return (
    <RecordList<Lead, (typeof LEAD_STAGES)[number]>
      title={t('lead.ledger')}
      endpoint="/api/leads"
      queryKey={leadKeys.all}
      filterKeys={FILTER_KEYS}
      toUrl={toUrl}
      toForm={toForm}
      filterFields={(shown) => <LedgerFilterFields shown={shown} />}
      primaryFilters={['q', 'stage', 'countyOrgId']}
      columns={columns}
      columnsStorageKey="investtrack.ledger.columns"
      defaultSort={{ sort: 'receivedAt', order: 'desc' }}
      board={board}
      create={{ ability: 'lead.register', to: '/leads/new', label: t('lead.register') }}
      emptyText={t('lead.none')}
      scrollX={1000}
      testIds={{ filters: 'ledger-filters', export: 'export-ledger' }}
      importKind="leads"
    />
  );
}
