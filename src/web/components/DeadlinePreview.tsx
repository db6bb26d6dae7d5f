import { useQuery } from '@tanstack/react-query';
import { Alert, Card, DatePicker, Descriptions, Form, InputNumber, Select, Space, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { DeadlineDto } from '../../core/api/platform.js';
import { UNIT_LABELS } from '../../core/sla.js';
import { formatShanghai } from '../../core/time.js';
import { api, toQuery } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { calendarKeys } from '../pages/calendar/queries.js';

type Deadline = DeadlineDto;

/** Asks the server (the same engine that runs the clocks) when a period started at a moment ends. */
export function DeadlinePreview({ initialAmount = 1 }: { initialAmount?: number }) {
  const { t, lang } = useI18n();
  const [start, setStart] = useState<Dayjs>(() => dayjs());
  const [amount, setAmount] = useState<number>(initialAmount);
  const [unit, setUnit] = useState<'workday' | 'natural'>('workday');
  const query = useQuery({
    queryKey: calendarKeys.deadline(start.toISOString(), amount, unit),
    queryFn: () =>
      api<Deadline>(
        'GET',
        `/api/calendar/deadline${toQuery({ start: start.format('YYYY-MM-DDTHH:mm:ssZ'), amount, unit })}`,
      ),
    enabled: Number.isInteger(amount) && amount >= 1,
  });
  return (
    <Card title={t('preview.title')} size="small" data-testid="deadline-preview">
      <Form layout="vertical">
        <Form.Item label={t('preview.start')}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={start}
            allowClear={false}
            onChange={(v) => v && setStart(v)}
            style={{ width: '100%' }}
            data-testid="preview-start"
          />
        </Form.Item>
        <Form.Item label={t('sla.amount')}>
          <Space.Compact style={{ width: '100%' }}>
            <InputNumber
              min={1}
              max={365}
              value={amount}
              onChange={(v) => setAmount(Number(v))}
              style={{ width: '50%' }}
            />
            <Select
              value={unit}
              onChange={setUnit}
              style={{ width: '50%' }}
              options={(['workday', 'natural'] as const).map((u) => ({
                value: u,
                label: UNIT_LABELS[u][lang],
              }))}
            />
          </Space.Compact>
        </Form.Item>
      </Form>
      {query.data && (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('preview.due')}>
            <span data-testid="preview-due">{query.data.dueDate}</span>{' '}
            {query.data.provisional && <Tag color="orange">{t('preview.provisional')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('preview.dueAt')}>{formatShanghai(query.data.dueAt)}</Descriptions.Item>
        </Descriptions>
      )}
      {query.error && <Alert type="error" title={query.error.message} />}
    </Card>
  );
}
