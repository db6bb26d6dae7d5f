/**
 * A server-paged list for the field's pages: a small table on a desk, cards on a phone (no page
 * scrolls sideways at 390 px), the same rows and paging either way.
 */
import { Empty, Table, type TableColumnType } from 'antd';
import { useI18n } from '../i18n/index.js';
import { PhoneCards, type PhoneCardsProps } from './PhoneCards.js';
import { usePhone } from './screens.js';

export interface CardsOrTableProps<T extends { id: number }> extends PhoneCardsProps<T> {
  columns: TableColumnType<T>[];
  testId: string;
}

export function CardsOrTable<T extends { id: number }>(p: CardsOrTableProps<T>) {
  const { t } = useI18n();
  const phone = usePhone();
  const empty = { emptyText: <Empty description={p.emptyText} /> };
  if (phone) return <PhoneCards {...p} />;
  return (
    <Table<T>
      data-testid={p.testId}
      rowKey="id"
      size="small"
      loading={p.loading}
      dataSource={p.items ?? []}
      columns={p.columns}
      locale={empty}
      pagination={{
        current: p.page,
        pageSize: p.pageSize,
        total: p.total,
        onChange: p.onPage,
        showSizeChanger: { 'aria-label': t('common.pageSize') },
        showTotal: (n) => t('common.total', { n }),
      }}
    />
  );
}
