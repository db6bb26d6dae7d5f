/** A server-paged list on a phone: cards, no table (and no table's chunk). */
import { Card, Empty, List, Pagination } from 'antd';
import type { ReactNode } from 'react';

export interface PhoneCardsProps<T extends { id: number }> {
  items: T[] | undefined;
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  loading: boolean;
  card: (item: T) => ReactNode;
  emptyText: string;
  testId?: string;
}

/**
 * A phone's list (CardsOrTable's and RecordList's): cards one under the other, then a simple pager once
 * the first page has come (drawn under the loading list, it jumped down when the cards came).
 */
export function PhoneCards<T extends { id: number }>(p: PhoneCardsProps<T>) {
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
