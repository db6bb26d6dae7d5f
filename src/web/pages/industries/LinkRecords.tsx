import { Badge, Card, Empty, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { ChainMapDto } from '../../../core/api/industries.js';
import { formatYuan } from '../../../core/money.js';
import { StageTag } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';
import { useLinkRecords } from './queries.js';

type LinkCell = ChainMapDto['links'][number];

/** One link's projects and leads (those the reader may see) and, for a gap, the firms to target. */
export function LinkRecords({
  link: openLink,
  orgName,
}: {
  link: LinkCell;
  orgName: (id: number | null) => string;
}) {
  const { t } = useI18n();
  const records = useLinkRecords(openLink.id);
  return (
    <>
      <Typography.Title level={5}>{t('chain.projects')}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        loading={records.isLoading}
        dataSource={records.data?.projects ?? []}
        locale={{ emptyText: <Empty description={t('chain.noRecords')} /> }}
        data-testid="link-projects"
        columns={[
          {
            title: t('chain.projectCode'),
            dataIndex: 'code',
            render: (code: string, p: { id: number }) => <Link to={`/projects/${p.id}`}>{code}</Link>,
          },
          { title: t('lead.projectName'), dataIndex: 'name' },
          { title: t('lead.signCounty'), dataIndex: 'countyOrgId', render: orgName },
          { title: t('lead.totalInvestment'), dataIndex: 'investmentYuan', render: formatYuan },
          { title: t('lead.signedOn'), dataIndex: 'signedOn' },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('chain.leads')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        loading={records.isLoading}
        dataSource={records.data?.leads ?? []}
        locale={{ emptyText: <Empty description={t('chain.noRecords')} /> }}
        data-testid="link-leads"
        columns={[
          {
            title: t('lead.code'),
            dataIndex: 'code',
            render: (v: string, r) => <Link to={`/leads/${r.id}`}>{v}</Link>,
          },
          { title: t('lead.projectName'), dataIndex: 'name' },
          { title: t('lead.stage'), dataIndex: 'stage', render: (s: string) => <StageTag stage={s} /> },
          { title: t('lead.planned'), dataIndex: 'investmentYuan', render: formatYuan },
        ]}
      />
      {openLink?.coverage === 'gap' && openLink.firms.some((f) => f.kind === 'target') && (
        <Badge.Ribbon text={t('chain.gap')} color="red">
          <Card size="small" title={t('chain.targets')} style={{ marginTop: 16 }}>
            {openLink.firms
              .filter((f) => f.kind === 'target')
              .map((f) => (
                <Tag key={f.id}>{f.name}</Tag>
              ))}
          </Card>
        </Badge.Ribbon>
      )}
    </>
  );
}
