/**
 * A big list's table on a desk (RecordList): server paging and sorting, the chosen columns, keyboard
 * scrolling. A chunk of its own: a phone shows the same rows as cards and never loads it, and on a
 * desk the route asks for it together with the page (routes.ts `withTable`).
 */
import { Empty, Table, type TableProps } from 'antd';
import { useI18n } from '../i18n/index.js';
import { KeyboardScroll } from './KeyboardScroll.js';
import type { ListColumn } from './RecordList.js';

export interface RecordTableProps<T extends { id: number }> {
  /** Names the scrolling region for keyboard and screen-reader users. */
  label: string;
  columns: ListColumn<T>[];
  /** The keys of the columns shown (显示列). */
  chosen: string[];
  loading: boolean;
  items: T[] | undefined;
  total: number;
  paging: { page: number; pageSize: number };
  onPage: (paging: { page: number; pageSize: number }) => void;
  /** A column's sorter turned: the server's sort key and order, or none (the list's default). */
  onSort: (sort: { sort: string; order: 'asc' | 'desc' } | undefined) => void;
  emptyText: string;
  scrollX: number;
  testId?: string;
}

export function RecordTable<T extends { id: number }>(p: RecordTableProps<T>) {
  const { t } = useI18n();
  const columns = p.columns
    .filter((c) => p.chosen.includes(c.key))
    .map(({ sortBy, defaultHidden: _d, ...c }) => ({ ...c, sorter: sortBy !== undefined }));
  const sortKeyOf = new Map(p.columns.map((c) => [c.key, c.sortBy]));
  const onChange: TableProps<T>['onChange'] = (pagination, _f, sorter) => {
    p.onPage({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? 20 });
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const by = s?.order && s.columnKey ? sortKeyOf.get(String(s.columnKey)) : undefined;
    p.onSort(by ? { sort: by, order: s!.order === 'ascend' ? 'asc' : 'desc' } : undefined);
  };
  return (
    <KeyboardScroll label={p.label}>
      <Table<T>
        rowKey="id"
        size="small"
        loading={p.loading}
        dataSource={p.items ?? []}
        columns={columns}
        onChange={onChange}
        locale={{ emptyText: <Empty description={p.emptyText} /> }}
        pagination={{
          current: p.paging.page,
          pageSize: p.paging.pageSize,
          total: p.total,
          showSizeChanger: { 'aria-label': t('common.pageSize') },
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => t('common.total', { n }),
        }}
        scroll={{ x: p.scrollX }}
        data-testid={p.testId}
      />
    </KeyboardScroll>
  );
}
