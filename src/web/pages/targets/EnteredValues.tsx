import { useQuery } from '@tanstack/react-query';
import { Card, Table } from 'antd';
import dayjs from 'dayjs';
import type { IndicatorValueDto } from '../../../core/api/stats.js';
import { indicatorDef } from '../../../core/targets.js';
import { api } from '../../api/client.js';
import { useOrgs } from '../../api/hooks.js';
import { formatIndicator } from '../../components/projectBits.js';
import { useI18n } from '../../i18n/index.js';
import { targetKeys } from './queries.js';

/** The indicator values entered for a year (GDP growth and the like), with who entered them and when. */
export function EnteredValues({ year }: { year: number }) {
  const { t, lang } = useI18n();
  const { data: orgs } = useOrgs();
  const values = useQuery({
    queryKey: targetKeys.values(year),
    queryFn: () => api<{ items: IndicatorValueDto[] }>('GET', `/api/indicator-values?year=${year}`),
  });
  return (
    <Card title={t('target.enteredValues')} size="small">
      <Table
        rowKey="id"
        size="small"
        dataSource={values.data?.items ?? []}
        pagination={{ pageSize: 10 }}
        columns={[
          {
            title: t('target.org'),
            dataIndex: 'orgId',
            render: (id: number) => orgs?.find((o) => o.id === id)?.name,
          },
          {
            title: t('target.indicator'),
            dataIndex: 'indicator',
            render: (k: string) => indicatorDef(k)?.label[lang] ?? k,
          },
          { title: t('target.period'), dataIndex: 'period' },
          { title: t('target.value'), render: (_, v) => formatIndicator(v.indicator, v.value) },
          {
            title: t('target.enteredByCol'),
            render: (_, v) => `${v.enteredByName} ${dayjs(v.enteredAt).format('YYYY-MM-DD HH:mm')}`,
          },
        ]}
      />
    </Card>
  );
}
