/**
 * The wall screen (大屏): the dashboard's figures on one 1920×1080 screen without scrolling — no
 * menu or header, large type, dark, refreshing itself every minute (`?refresh=` seconds, at least
 * 5). The period and organisation come from the dashboard that opened it (`?from&to&orgId`).
 */
import { FullscreenExitOutlined } from '@ant-design/icons';
import { Button, ConfigProvider, theme } from 'antd';
import dayjs from 'dayjs';
import { type CSSProperties, type ReactNode, useDeferredValue } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { indicatorDef } from '../../../core/targets.js';
import { useOrgs } from '../../api/hooks.js';
import type { Figure } from '../../api/types.js';
import { today } from '../../components/dates.js';
import { EChart } from '../../components/EChart.js';
import { formatIndicator } from '../../components/projectBits.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { forWall, STAGE_COLOURS, STAGES, yi } from './charts.js';
import { Change, ON_DARK, OwnTargets, periodOf, useDashboardCharts } from './parts.js';
import { useDashboard } from './queries.js';

const BG = '#071a35';
const PANEL: CSSProperties = {
  background: 'rgba(22, 119, 255, 0.08)',
  border: '1px solid rgba(64, 150, 255, 0.35)',
  borderRadius: 8,
  padding: '10px 16px',
  display: 'flex',
  flexDirection: 'column',
  minHeight: 0,
  minWidth: 0,
  overflow: 'hidden',
};

function Panel({
  title,
  children,
  style,
  testId,
}: {
  title: string;
  children: ReactNode;
  style?: CSSProperties;
  testId?: string;
}) {
  return (
    <section style={{ ...PANEL, ...style }} data-testid={testId} aria-label={title}>
      <h2 style={{ margin: '0 0 6px', fontSize: 20, fontWeight: 600, color: '#e6f4ff' }}>{title}</h2>
      <div style={{ flex: 1, minHeight: 0, position: 'relative' }}>{children}</div>
    </section>
  );
}

/** One line of a wall list: what, cut to fit, and its figure in its colour. */
function WallRow({ what, figure, colour }: { what: string; figure: string; colour: string }) {
  return (
    <div
      style={{ display: 'flex', justifyContent: 'space-between', gap: 8, fontSize: 17, lineHeight: '34px' }}
    >
      <span style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={what}>
        {what}
      </span>
      <span style={{ color: colour, whiteSpace: 'nowrap' }}>{figure}</span>
    </div>
  );
}

export function WallPage() {
  const { t, lang } = useI18n();
  const { can, me } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { data: orgs } = useOrgs();
  const from = params.get('from');
  const to = params.get('to');
  const period = from && to ? { from, to } : periodOf('ytd', today(), null);
  const orgId = params.get('orgId') ? Number(params.get('orgId')) : undefined;
  const refreshSeconds = Math.max(5, Number(params.get('refresh') ?? 60) || 60);
  const query = useDashboard(period, orgId, refreshSeconds * 1000);
  // Each refresh is drawn in a deferred (interruptible) render, not in one synchronous task.
  const d = useDeferredValue(query.data);
  const charts = useDashboardCharts(d);
  const cityWide = can('project.readAll');
  const orgName = (orgs ?? []).find((o) => o.id === (orgId ?? (cityWide ? undefined : me?.user.orgId)))?.name;
  const title = t('dash.wallTitle', {
    org: orgName ?? (orgs ?? []).find((o) => o.kind === 'city')?.name ?? '',
  });
  const leave = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    navigate('/dashboard');
  };

  const kpi = (s: (typeof STAGES)[number], f: Figure) => (
    <section
      key={s}
      style={{ ...PANEL, borderTop: `4px solid ${STAGE_COLOURS[s]}` }}
      data-testid={`wall-kpi-${s}`}
    >
      <div style={{ fontSize: 20, color: '#bae0ff' }}>{t(`dash.kpi.${s}`)}</div>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 24 }}>
        <span style={{ fontSize: 52, fontWeight: 700, color: '#fff', lineHeight: 1.15 }}>
          {f.count}
          <span style={{ fontSize: 22, marginLeft: 4 }}>{t('dash.countUnit')}</span>
        </span>
        <span style={{ fontSize: 30, color: '#fff' }}>
          {yi(f.investmentYuan).toFixed(2)}
          <span style={{ fontSize: 18, marginLeft: 4 }}>{t('dash.yi')}</span>
        </span>
      </div>
      <div style={{ fontSize: 17, color: '#d9d9d9', display: 'flex', gap: 24 }}>
        <span>
          {t('dash.yoyCount')} <Change value={d!.change[s].count} dark />
        </span>
        <span>
          {t('dash.yoyAmount')} <Change value={d!.change[s].investmentYuan} dark />
        </span>
      </div>
    </section>
  );

  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm, token: { fontSize: 16 } }}>
      <div
        data-testid="wall"
        style={{
          height: '100vh',
          overflow: 'hidden',
          background: BG,
          color: '#fff',
          padding: 16,
          boxSizing: 'border-box',
          display: 'grid',
          gridTemplateRows: '56px 176px minmax(0, 1fr) minmax(0, 1fr)',
          gridTemplateColumns: 'repeat(4, minmax(0, 1fr))',
          gap: 14,
        }}
      >
        <header style={{ gridColumn: '1 / -1', display: 'flex', alignItems: 'center', gap: 24 }}>
          <h1 style={{ margin: 0, fontSize: 34, fontWeight: 700, letterSpacing: 2, color: '#fff' }}>
            {title}
          </h1>
          <span style={{ fontSize: 20, color: '#bae0ff' }}>
            {period.from} ~ {period.to}
          </span>
          <span style={{ marginLeft: 'auto', fontSize: 18, color: '#bfbfbf' }} data-testid="wall-updated">
            {query.dataUpdatedAt
              ? t('dash.updatedAt', { t: dayjs(query.dataUpdatedAt).format('HH:mm:ss') })
              : ''}
          </span>
          <Button icon={<FullscreenExitOutlined />} onClick={leave} data-testid="leave-wall">
            {t('dash.exitWall')}
          </Button>
        </header>
        {d && (
          <>
            {STAGES.map((s) => kpi(s, d.pipeline[s]))}
            <section style={PANEL} data-testid="wall-overdue">
              <div style={{ fontSize: 20, color: '#bae0ff' }}>{t('dash.leadsAndIssues')}</div>
              <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 8, marginTop: 8 }}>
                {(
                  [
                    ['dash.overdueLeadSteps', d.overdue.leadSteps, true],
                    ['dash.openIssues', d.overdue.issuesOpen, false],
                    ['dash.overdueIssues', d.overdue.issuesOverdue, true],
                  ] as const
                ).map(([label, n, alarm]) => (
                  <div key={label}>
                    <div style={{ fontSize: 44, fontWeight: 700, color: alarm && n ? '#ff7875' : '#fff' }}>
                      {n}
                    </div>
                    <div style={{ fontSize: 16, color: '#d9d9d9' }}>{t(label)}</div>
                  </div>
                ))}
              </div>
            </section>
            {cityWide ? (
              <Panel title={t('dash.countyRanking')} style={{ gridColumn: 'span 2' }} testId="wall-county">
                <EChart option={forWall(charts.county!)} height="100%" theme="dark" />
              </Panel>
            ) : (
              <Panel title={t('dash.ownTargets', { y: d.targets.year })} style={{ gridColumn: 'span 2' }}>
                <OwnTargets year={d.targets.year} dark />
              </Panel>
            )}
            <Panel title={t('dash.funnel')} testId="wall-funnel">
              <EChart option={forWall(charts.funnel!, 18)} height="100%" theme="dark" />
            </Panel>
            <Panel title={t('dash.clusters')} testId="wall-clusters">
              <EChart
                option={forWall(charts.cluster!, 14)}
                height="100%"
                theme="dark"
                testId="wall-cluster-chart"
              />
            </Panel>
            <Panel title={t('dash.trend')} style={{ gridColumn: 'span 2' }} testId="wall-trend">
              <EChart option={forWall(charts.trend!)} height="100%" theme="dark" />
            </Panel>
            <Panel title={t('dash.behind', { n: d.targets.behindCount })} testId="wall-behind">
              {d.targets.behind.slice(0, 7).map((r) => (
                <WallRow
                  key={r.id}
                  what={`${r.orgName} · ${indicatorDef(r.indicator)?.label[lang] ?? r.indicator}`}
                  figure={`${formatIndicator(r.indicator, r.actualValue)} / ${formatIndicator(r.indicator, r.targetValue)}`}
                  colour={ON_DARK[r.colour]}
                />
              ))}
              {d.targets.behind.length === 0 && <div style={{ fontSize: 18 }}>{t('dash.noneBehind')}</div>}
            </Panel>
            <Panel title={t('dash.overdueIssues')} testId="wall-issues">
              {d.overdue.issues.slice(0, 7).map((i) => (
                <WallRow
                  key={i.id}
                  what={`${i.projectName} · ${i.description}`}
                  figure={i.dueDate}
                  colour={ON_DARK.red}
                />
              ))}
              {d.overdue.issues.length === 0 && <div style={{ fontSize: 18 }}>—</div>}
            </Panel>
          </>
        )}
      </div>
    </ConfigProvider>
  );
}
