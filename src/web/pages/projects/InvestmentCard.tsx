/**
 * A project's key-project work (#16): its lists, status and 纳统, each year's plan against the months
 * reported (a chart and a table), the next report due, and the dialogs that change them.
 */
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { formatYuan } from '../../../core/money.js';
import {
  KEY_LEVEL_LABELS,
  PROJECT_STATUS_LABELS,
  PROJECT_STATUSES,
} from '../../../core/projects/keyProjects.js';
import { api } from '../../api/client.js';
import type { Investment, Project } from '../../api/types.js';
import { Attachments, useAttachments } from '../../components/Attachments.js';
import { afterToday } from '../../components/dates.js';
import { EChart } from '../../components/EChart.js';
import { errorMessage, showFieldErrors } from '../../components/forms.js';
import { MoneyInput } from '../../components/leadBits.js';
import { COLOUR_TEXT, STATUS_TAG, TargetProgress } from '../../components/projectBits.js';
import { useI18n } from '../../i18n/index.js';
import { yi } from '../dashboard/charts.js';
import { useInvestment, useProjectWrite } from './queries.js';

type Dialog = { kind: 'status' } | { kind: 'plan'; year: number } | { kind: 'month'; month?: string };

export function InvestmentCard({ project: p, actions }: { project: Project; actions: Set<string> }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const query = useInvestment(p.id);
  const inv = query.data;
  const [year, setYear] = useState<number | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [form] = Form.useForm();
  const chosenMonth = Form.useWatch('month', form) as string | undefined;
  const photos = useAttachments('project', p.id).data ?? [];
  const shownYear = year ?? inv?.years[0]?.year ?? null;
  const y = inv?.years.find((x) => x.year === shownYear);
  const yearMonths = useMemo(
    () => (inv?.months ?? []).filter((m) => m.month.startsWith(`${shownYear}-`)),
    [inv, shownYear],
  );

  const run = useProjectWrite(
    ({ method, path, body }: { method: string; path: string; body: unknown }) => api(method, path, body),
    {
      onSuccess: () => {
        message.success(
          dialog?.kind === 'month'
            ? t('key.notice.month')
            : dialog?.kind === 'plan'
              ? t('key.notice.plan')
              : t('key.notice.status'),
          6,
        );
        setDialog(null);
        form.resetFields();
      },
      onError: (e) => {
        if (!showFieldErrors(form, e)) message.error(errorMessage(e));
      },
    },
  );

  const open = (d: Dialog) => {
    form.resetFields();
    if (d.kind === 'plan')
      form.setFieldsValue({
        plannedYuan: inv?.years.find((x) => x.year === d.year)?.plannedYuan ?? undefined,
      });
    if (d.kind === 'month') pickMonth(d.month ?? inv?.due?.month ?? inv?.reportableMonths[0]);
    setDialog(d);
  };
  /** Choosing a month already reported fills in what was reported: saving corrects it. */
  const pickMonth = (month: string | undefined) => {
    const done = inv?.months.find((m) => m.month === month);
    form.setFieldsValue({
      month,
      completedYuan: done?.completedYuan,
      progress: done?.progress,
      problems: done?.problems ?? undefined,
    });
  };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !dialog) return;
    if (dialog.kind === 'status')
      run.mutate({
        method: 'POST',
        path: `/api/projects/${p.id}/status`,
        body: {
          version: p.version,
          status: v.status,
          reason: v.reason,
          on: (v.on as Dayjs | undefined)?.format('YYYY-MM-DD'),
        },
      });
    else if (dialog.kind === 'plan') {
      const plan = inv?.years.find((x) => x.year === dialog.year);
      run.mutate({
        method: 'PUT',
        path: `/api/projects/${p.id}/plans/${dialog.year}`,
        body: { plannedYuan: v.plannedYuan, ...(plan?.planVersion ? { version: plan.planVersion } : {}) },
      });
    } else {
      const done = inv?.months.find((m) => m.month === v.month);
      run.mutate({
        method: 'PUT',
        path: `/api/projects/${p.id}/months/${v.month}`,
        body: {
          completedYuan: v.completedYuan,
          progress: v.progress,
          ...(v.problems ? { problems: v.problems } : {}),
          ...(done ? { version: done.version } : {}),
        },
      });
    }
  };

  const levels = p.keyLevels.length
    ? p.keyLevels.map((l) => (
        <Tag color="purple" key={l}>
          {KEY_LEVEL_LABELS[l][lang]}
        </Tag>
      ))
    : [<Tag key="general">{KEY_LEVEL_LABELS.general[lang]}</Tag>];
  const stats = p.statsRegisteredOn ? (
    <span>{t('key.statsIn', { d: p.statsRegisteredOn, code: p.statsCode ?? '' })}</span>
  ) : p.awaitingStats ? (
    <Tag color="red">{t('key.awaitingStats')}</Tag>
  ) : (
    <Typography.Text type="secondary">{t('key.statsNotYet')}</Typography.Text>
  );
  const isCorrection =
    dialog?.kind === 'month' && inv?.months.some((m) => m.month === form.getFieldValue('month'));

  return (
    <Card
      title={t('key.title')}
      data-testid="investment-card"
      extra={
        <Space wrap>
          {actions.has('set_status') && (
            <Button onClick={() => open({ kind: 'status' })}>{t('key.setStatus')}</Button>
          )}
          {actions.has('report_month') && inv?.canReport && (
            <Button type="primary" onClick={() => open({ kind: 'month' })} data-testid="report-month">
              {t('key.reportMonth')}
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('key.levels')}>{levels}</Descriptions.Item>
        <Descriptions.Item label={t('key.status')}>
          <Tag color={STATUS_TAG[p.status]} data-testid="project-status">
            {PROJECT_STATUS_LABELS[p.status][lang]}
          </Tag>
          {p.statusOn && <Typography.Text type="secondary">{p.statusOn}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label={t('key.stats')}>{stats}</Descriptions.Item>
        {(p.startOverdue || p.productionOverdue) && (
          <Descriptions.Item label={t('key.milestones')}>
            {p.startOverdue && <Tag color="red">{t('key.startOverdue', { d: p.plannedStartOn ?? '' })}</Tag>}
            {p.productionOverdue && (
              <Tag color="red">{t('key.productionOverdue', { d: p.plannedProductionOn ?? '' })}</Tag>
            )}
          </Descriptions.Item>
        )}
        {inv?.due && (
          <Descriptions.Item label={t('key.due')}>
            <span data-testid="month-due" data-status={inv.due.status}>
              {t('key.dueText', { m: inv.due.month, d: inv.due.dueDate })}{' '}
              <Tag color={DUE_TAG[inv.due.status]}>{t(`key.dueStatus.${inv.due.status}`)}</Tag>
            </span>
          </Descriptions.Item>
        )}
      </Descriptions>

      {inv && inv.years.length > 0 && (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Segmented
              value={shownYear ?? undefined}
              onChange={(v) => setYear(Number(v))}
              options={inv.years.map((x) => ({ value: x.year, label: t('key.year', { y: x.year }) }))}
            />
          </Space>
          {y && (
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginBottom: 8 }}>
              <Descriptions.Item label={t('key.planned')}>
                <span data-testid="year-plan">
                  {y.plannedYuan === null ? t('key.noPlan') : formatYuan(y.plannedYuan)}
                </span>
                {inv.canReport && (
                  <Button type="link" size="small" onClick={() => open({ kind: 'plan', year: y.year })}>
                    {y.plannedYuan === null ? t('key.setPlan') : t('common.edit')}
                  </Button>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('key.completed')}>
                {formatYuan(y.completedYuan)}
                {y.reportedThrough && (
                  <Typography.Text type="secondary">
                    （{t('key.through', { m: y.reportedThrough })}）
                  </Typography.Text>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('key.rate')} span={2}>
                <div style={{ width: 260 }} data-testid="year-progress" data-colour={y.colour}>
                  <TargetProgress row={{ ...y, kind: 'cumulative' }} />
                </div>
                <Typography.Text style={{ color: COLOUR_TEXT[y.colour], marginLeft: 12 }}>
                  {t('key.elapsed', { p: Math.round(y.timeElapsedRate * 1000) / 10 })}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          )}
          {y && yearMonths.length > 0 && (
            <MonthChart year={y.year} months={yearMonths} planned={y.plannedYuan} />
          )}
          <Table
            size="small"
            rowKey="month"
            pagination={false}
            dataSource={yearMonths}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('key.noMonths')} /> }}
            columns={[
              { title: t('key.month'), dataIndex: 'month' },
              {
                title: t('key.monthDone'),
                dataIndex: 'completedYuan',
                align: 'right',
                render: (v) => formatYuan(v),
              },
              {
                title: t('key.yearCumulative'),
                dataIndex: 'yearCumulativeYuan',
                align: 'right',
                render: (v) => formatYuan(v),
              },
              { title: t('key.progress'), dataIndex: 'progress' },
              { title: t('key.problems'), dataIndex: 'problems', render: (v) => v ?? '—' },
              {
                title: t('key.photos'),
                key: 'photos',
                render: (_, m) => {
                  const of = photos.filter((a) => a.month === m.month);
                  return of.length ? (
                    <Image.PreviewGroup>
                      <Space size={4}>
                        {of.map((a) => (
                          <Image
                            key={a.id}
                            src={`/api/attachments/${a.id}/content`}
                            width={40}
                            height={30}
                            alt={a.name}
                            style={{ objectFit: 'cover' }}
                          />
                        ))}
                      </Space>
                    </Image.PreviewGroup>
                  ) : (
                    '—'
                  );
                },
              },
              {
                title: t('key.reported'),
                key: 'reported',
                render: (_, m) => (
                  <Space size={4} wrap>
                    <span>{m.reportedByName}</span>
                    <Typography.Text type="secondary">{m.reportedAt.slice(0, 10)}</Typography.Text>
                    <Tag color={m.onTime ? 'green' : 'orange'}>
                      {m.onTime ? t('key.onTime') : t('key.late')}
                    </Tag>
                  </Space>
                ),
              },
              ...(inv.canReport
                ? [
                    {
                      title: t('common.actions'),
                      key: 'edit',
                      render: (_: unknown, m: Investment['months'][number]) => (
                        <Button
                          type="link"
                          size="small"
                          onClick={() => open({ kind: 'month', month: m.month })}
                        >
                          {t('key.correct')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}

      {inv && inv.statusChanges.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('key.history')}
          </Typography.Title>
          <Timeline
            items={inv.statusChanges.map((c) => ({
              color: STATUS_TAG[c.status] === 'default' ? 'gray' : STATUS_TAG[c.status],
              children: (
                <span>
                  {c.on} {PROJECT_STATUS_LABELS[c.fromStatus][lang]} → {PROJECT_STATUS_LABELS[c.status][lang]}
                  ：{c.reason}
                  <Typography.Text type="secondary">（{c.byName}）</Typography.Text>
                </span>
              ),
            }))}
          />
        </>
      )}
      {query.isError && <Alert type="error" showIcon message={errorMessage(query.error)} />}

      <Modal
        open={dialog !== null}
        title={
          dialog?.kind === 'status'
            ? t('key.setStatus')
            : dialog?.kind === 'plan'
              ? t('key.planTitle', { y: dialog.year })
              : isCorrection
                ? t('key.correctTitle')
                : t('key.reportMonth')
        }
        onCancel={() => setDialog(null)}
        onOk={submit}
        okText={t('common.save')}
        confirmLoading={run.isPending}
        destroyOnHidden
        mask={{ closable: false }}
      >
        <Form form={form} layout="vertical" preserve={false}>
          {dialog?.kind === 'status' && (
            <>
              <Form.Item name="status" label={t('key.status')} rules={[{ required: true }]}>
                <Select
                  options={PROJECT_STATUSES.filter((s) => s !== p.status).map((s) => ({
                    value: s,
                    label: PROJECT_STATUS_LABELS[s][lang],
                  }))}
                />
              </Form.Item>
              <Form.Item name="on" label={t('key.statusOn')}>
                <DatePicker
                  style={{ width: '100%' }}
                  disabledDate={afterToday}
                  placeholder={t('key.todayDefault')}
                />
              </Form.Item>
              <Form.Item name="reason" label={t('key.reason')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={3} maxLength={500} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'plan' && (
            <Form.Item name="plannedYuan" label={t('key.planned')} rules={[{ required: true }]}>
              <MoneyInput />
            </Form.Item>
          )}
          {dialog?.kind === 'month' && (
            <>
              <Form.Item name="month" label={t('key.month')} rules={[{ required: true }]}>
                <Select
                  onChange={pickMonth}
                  options={(inv?.reportableMonths ?? []).map((m) => ({
                    value: m,
                    label: inv?.months.some((x) => x.month === m) ? `${m}（${t('key.reportedMark')}）` : m,
                  }))}
                />
              </Form.Item>
              <Form.Item name="completedYuan" label={t('key.monthDone')} rules={[{ required: true }]}>
                <MoneyInput defaultUnit="wan" />
              </Form.Item>
              <Form.Item
                name="progress"
                label={t('key.progress')}
                rules={[{ required: true, whitespace: true }]}
                extra={t('key.progressHint')}
              >
                <Input.TextArea rows={3} maxLength={1000} />
              </Form.Item>
              <Form.Item name="problems" label={t('key.problems')}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
              {chosenMonth && (
                <Form.Item label={t('key.photos')} extra={t('attach.hint')}>
                  <Attachments
                    entityType="project"
                    entityId={p.id}
                    canWrite
                    month={chosenMonth}
                    filter={(a) => a.month === chosenMonth}
                  />
                </Form.Item>
              )}
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

const DUE_TAG: Record<NonNullable<Investment['due']>['status'], string> = {
  not_started: 'default',
  pending: 'blue',
  due_soon: 'orange',
  overdue: 'red',
  met: 'green',
  met_late: 'gold',
};

/** The year by month: each month's completion as a bar, the cumulative line against the plan's 序时 line. */
function MonthChart({
  year,
  months,
  planned,
}: {
  year: number;
  months: Investment['months'];
  planned: number | null;
}) {
  const { t } = useI18n();
  const labels = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
  const byMonth = new Map(months.map((m) => [Number(m.month.slice(5)), m]));
  let last = 0;
  const cumulative = labels.map((_, i) => {
    const m = byMonth.get(i + 1);
    if (m) last = m.yearCumulativeYuan;
    return m || i + 1 <= Math.max(...byMonth.keys()) ? yi(last) : null;
  });
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', name: t('key.yiUnit') },
    series: [
      {
        name: t('key.monthDone'),
        type: 'bar',
        data: labels.map((_, i) => (byMonth.has(i + 1) ? yi(byMonth.get(i + 1)!.completedYuan) : null)),
        itemStyle: { color: '#1677ff' },
      },
      { name: t('key.yearCumulative'), type: 'line', data: cumulative, itemStyle: { color: '#fa8c16' } },
      ...(planned
        ? [
            {
              name: t('key.planLine'),
              type: 'line',
              data: labels.map((_, i) => yi((planned * (i + 1)) / 12)),
              lineStyle: { type: 'dashed' },
              itemStyle: { color: '#8c8c8c' },
              symbol: 'none',
            },
          ]
        : []),
    ],
  };
  return <EChart option={option} height={260} testId={`month-chart-${year}`} />;
}
