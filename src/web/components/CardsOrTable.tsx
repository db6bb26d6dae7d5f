/**
 * A server-paged list for the field's pages: a small table on a desk, cards on a phone (no page
 * scrolls sideways at 390 px), the same rows and paging either way.
 */
import { Card, Empty, List, Pagination, Table, type TableColumnType } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';
import { usePhone } from './screens.js';

export interface CardsOrTableProps<T extends { id: number }> {
  items: T[] | undefined;
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  loading: boolean;
  columns: TableColumnType<T>[];
  card: (item: T) => ReactNode;
  emptyText: string;
  testId: string;
}

/**
 * A phone's list (here and in RecordList): cards one under the other, then a simple pager once
 * the first page has come (drawn under the loading list, it jumped down when the cards came).
 */
export function PhoneCards<T extends { id: number }>(
  p: Omit<CardsOrTableProps<T>, 'columns' | 'testId'> & { testId?: string },
) {
  return (
    <div data-testid={p.testId}>
      <List
        loading={p.loading}
        dataSource={p.items ?? []}
        locale={{ emptyText: <Empty description={p.emptyText} /> }}
        renderItem={(item) => (
          <List.Item style={{ display: 'block', padding: 0, border: 0 }}>
            <Card size="small" style={{ marginBottom: 8 }} data-testid="record-card">
              {p.card(item)}
            </Card>
          </List.Item>
        )}
      />
      {p.items && (
        <Pagination
          simple
          align="center"
          current={p.page}
          pageSize={p.pageSize}
          total={p.total}
          onChange={p.onPage}
        />
      )}
    </div>
  );
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
