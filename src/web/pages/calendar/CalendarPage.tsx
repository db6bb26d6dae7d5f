import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { CalendarDay } from '../../../core/calendar/calendar.js';
import { addDays, weekday } from '../../../core/calendar/dates.js';
import { HOLIDAY_NAMES } from '../../../core/calendar/statutory.js';
import { api } from '../../api/client.js';
import { useCalendarYears } from '../../api/hooks.js';
import { DeadlinePreview } from '../../components/DeadlinePreview.js';
import { errorMessage, showFieldErrors } from '../../components/forms.js';
import { useI18n } from '../../i18n/index.js';
import './calendar.css';
import { leadKeys } from '../leads/queries.js';
import { projectKeys } from '../projects/queries.js';
import { calendarKeys } from './queries.js';

function MonthGrid({
  month,
  days,
  onPick,
}: {
  month: number;
  days: CalendarDay[];
  onPick: (d: CalendarDay) => void;
}) {
  const { t, lang } = useI18n();
  const lead = (weekday(days[0]!.date) + 6) % 7; // Monday first
  return (
    <div className="it-month">
      <div className="it-month-title">
        {lang === 'zh' ? `${month} 月` : new Date(2000, month - 1).toLocaleString('en', { month: 'long' })}
      </div>
      <div className="it-grid">
        {t('calendar.week')
          .split(',')
          .map((w) => (
            <div key={w} className="it-dow">
              {w}
            </div>
          ))}
        {Array.from({ length: lead }, (_, i) => addDays(days[0]!.date, i - lead)).map((date) => (
          <div key={date} />
        ))}
        {days.map((d) => (
          <button
            type="button"
            key={d.date}
            className={`it-day it-${d.kind}`}
            title={`${d.date} ${t(`calendar.kind.${d.kind}`)}${d.name ? ` · ${d.name}` : ''}`}
            onClick={() => onPick(d)}
            data-date={d.date}
          >
            <span>{Number(d.date.slice(8))}</span>
            {d.kind === 'adjusted_workday' && <em>{t('calendar.adjustedMark')}</em>}
            {d.kind === 'holiday' && <em>{t('calendar.holidayMark')}</em>}
          </button>
        ))}
      </div>
    </div>
  );
}

interface YearForm {
  year: number;
  source: string;
  holidays: { name: string; range: [Dayjs, Dayjs] }[];
  adjustedWorkdays: { name: string; date: Dayjs }[];
}

export function CalendarPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const years = useCalendarYears();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [editing, setEditing] = useState<CalendarDay | null>(null);
  const [loadingYear, setLoadingYear] = useState(false);
  const [dayForm] = Form.useForm();
  const [yearForm] = Form.useForm<YearForm>();

  const days = useQuery({
    queryKey: calendarKeys.days(year),
    queryFn: () =>
      api<{ items: CalendarDay[]; missingYears: number[] }>(
        'GET',
        `/api/calendar/days?from=${year}-01-01&to=${year}-12-31`,
      ),
  });
  const months = useMemo(() => {
    const byMonth: CalendarDay[][] = Array.from({ length: 12 }, () => []);
    for (const d of days.data?.items ?? []) byMonth[Number(d.date.slice(5, 7)) - 1]!.push(d);
    return byMonth;
  }, [days.data]);
  // A calendar edit moves the open deadlines of leads and coordination issues too.
  const refresh = () =>
    Promise.all(
      [calendarKeys.all, leadKeys.all, projectKeys.all].map((queryKey) =>
        queryClient.invalidateQueries({ queryKey }),
      ),
    );

  const saveDay = useMutation({
    mutationFn: (v: { workday: boolean; name?: string }) =>
      api<{ clocksMoved: number }>('PUT', `/api/calendar/days/${editing!.date}`, {
        workday: v.workday,
        name: v.name || null,
      }),
    onSuccess: (r) => {
      message.success(t('calendar.dayChanged', { n: r.clocksMoved }));
      setEditing(null);
      void refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const saveYear = useMutation({
    mutationFn: (v: YearForm) =>
      api<{ year: number; holidays: number; adjustedWorkdays: number }>('POST', '/api/calendar/years', {
        year: v.year,
        source: v.source,
        holidays: (v.holidays ?? []).map((h) => ({
          name: h.name,
          from: h.range[0].format('YYYY-MM-DD'),
          to: h.range[1].format('YYYY-MM-DD'),
        })),
        adjustedWorkdays: (v.adjustedWorkdays ?? []).map((w) => ({
          name: w.name,
          date: w.date.format('YYYY-MM-DD'),
        })),
      }),
    onSuccess: (r) => {
      message.success(t('calendar.yearLoaded', { year: r.year, h: r.holidays, a: r.adjustedWorkdays }));
      setLoadingYear(false);
      setYear(r.year);
      void refresh();
    },
    onError: (e) => {
      if (!showFieldErrors(yearForm, e)) message.error(errorMessage(e));
    },
  });

  const loaded = years.data?.items.find((y) => y.year === year);
  const yearOptions = Array.from(
    new Set([
      2024,
      2025,
      2026,
      thisYear - 1,
      thisYear,
      thisYear + 1,
      ...(years.data?.items.map((y) => y.year) ?? []),
    ]),
  )
    .sort()
    .map((y) => ({ value: y, label: String(y) }));
  const nameOptions = HOLIDAY_NAMES.map((n) => ({ value: n }));

  return (
    <Row gutter={16}>
      <Col xs={24} xl={18}>
        <Card
          title={t('calendar.title')}
          extra={
            <Space>
              <Select
                value={year}
                options={yearOptions}
                onChange={setYear}
                style={{ width: 100 }}
                data-testid="year-select"
              />
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => {
                  yearForm.resetFields();
                  yearForm.setFieldsValue({
                    year: years.data?.missingYears[0] ?? year,
                    holidays: [],
                    adjustedWorkdays: [],
                  });
                  setLoadingYear(true);
                }}
              >
                {t('calendar.loadYear')}
              </Button>
            </Space>
          }
        >
          {(years.data?.missingYears.length ?? 0) > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('calendar.missing', { years: years.data!.missingYears.join('、') })}
              data-testid="missing-years"
            />
          )}
          <Space style={{ marginBottom: 12 }} wrap>
            <Typography.Text strong>{year}</Typography.Text>
            {loaded ? (
              <Tag color="green">{t('calendar.loadedFrom', { source: loaded.source })}</Tag>
            ) : (
              <Tag color="orange">{t('calendar.notLoaded')}</Tag>
            )}
            {(['workday', 'weekend', 'holiday', 'adjusted_workday'] as const).map((k) => (
              <span key={k} className={`it-legend it-${k}`}>
                {t(`calendar.kind.${k}`)}
              </span>
            ))}
          </Space>
          <div className="it-year">
            {months.map((m, i) =>
              m.length ? (
                <MonthGrid
                  key={m[0]!.date}
                  month={i + 1}
                  days={m}
                  onPick={(d) => {
                    dayForm.setFieldsValue({ workday: d.workday, name: d.name ?? '' });
                    setEditing(d);
                  }}
                />
              ) : null,
            )}
          </div>
        </Card>
      </Col>
      <Col xs={24} xl={6}>
        <DeadlinePreview />
      </Col>

      <Modal
        open={editing !== null}
        title={editing ? t('calendar.editDay', { date: editing.date }) : ''}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => dayForm.submit()}
        onCancel={() => setEditing(null)}
        confirmLoading={saveDay.isPending}
        forceRender
      >
        <Form form={dayForm} layout="vertical" onFinish={(v) => saveDay.mutate(v)}>
          <Form.Item name="workday" label={t('common.status')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: true, label: t('calendar.isWorkday') },
                { value: false, label: t('calendar.isRestDay') },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" label={t('calendar.dayName')} rules={[{ max: 20 }]}>
            <Input allowClear />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={loadingYear}
        width={720}
        title={t('calendar.loadYear')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => yearForm.submit()}
        onCancel={() => setLoadingYear(false)}
        confirmLoading={saveYear.isPending}
        forceRender
      >
        <Form form={yearForm} layout="vertical" onFinish={(v) => saveYear.mutate(v)}>
          <Space align="start" wrap>
            <Form.Item name="year" label={t('calendar.year')} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} />
            </Form.Item>
            <Form.Item name="source" label={t('calendar.source')} rules={[{ required: true, max: 100 }]}>
              <Input placeholder="国办发明电〔2026〕X号" style={{ width: 320 }} />
            </Form.Item>
          </Space>
          <Typography.Title level={5}>{t('calendar.holidays')}</Typography.Title>
          <Form.List name="holidays">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}>
                      <Select options={nameOptions} style={{ width: 140 }} showSearch />
                    </Form.Item>
                    <Form.Item name={[f.name, 'range']} rules={[{ required: true }]}>
                      <DatePicker.RangePicker />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block>
                  {t('calendar.addHoliday')}
                </Button>
              </>
            )}
          </Form.List>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('calendar.adjusted')}
          </Typography.Title>
          <Form.List name="adjustedWorkdays">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}>
                      <Select options={nameOptions} style={{ width: 140 }} showSearch />
                    </Form.Item>
                    <Form.Item name={[f.name, 'date']} rules={[{ required: true }]}>
                      <DatePicker />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block>
                  {t('calendar.addAdjusted')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Row>
  );
}
