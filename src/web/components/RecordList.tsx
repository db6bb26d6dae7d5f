/**
 * The shape both big lists share (the lead ledger, the project list): filters that live in the URL
 * (so a dashboard click-through and the back button land on the same list), a table with server
 * paging and sorting and a column chooser, a board by stage, and an xlsx export of exactly the
 * filtered rows. A page gives its endpoint, its filter fields, its columns and its board cards.
 */
import {
  AppstoreOutlined,
  DownloadOutlined,
  DownOutlined,
  ImportOutlined,
  PlusOutlined,
  SettingOutlined,
  UnorderedListOutlined,
  UpOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  Dropdown,
  Form,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  type TableColumnType,
} from 'antd';
import {
  type ComponentType,
  lazy,
  type ReactNode,
  Suspense,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, toQuery } from '../api/client.js';
import type { Page } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';
import { BoardColumn } from './BoardColumn.js';
import { PhoneCards } from './PhoneCards.js';
import type { RecordTableProps } from './RecordTable.js';
import { usePhone } from './screens.js';

/** The desk's table, a chunk of its own (a phone shows cards); routes.ts asks for it with a list page. */
const RecordTable = lazy(
  () => import('./RecordTable.js').then((m) => ({ default: m.RecordTable as ComponentType })),
  // lazy() forgets that the table is generic in its rows.
) as unknown as <T extends { id: number }>(p: RecordTableProps<T>) => ReactNode;

/** The list's filters as the URL has them: parameter → value (lists comma-separated). */
export type UrlFilters = Record<string, string>;

/**
 * Which filter fields a list draws: the search box alone (a phone, collapsed: one row, as Ant
 * Design Pro's query filter at that width), the first three (a desk, collapsed), or all (展开).
 */
export type FiltersShown = 'search' | 'primary' | 'all';

export interface ListColumn<T> extends TableColumnType<T> {
  key: string;
  title: string;
  /** The server's sort key, for a sortable column. */
  sortBy?: string;
  /** Not shown until chosen in 显示列 (to keep the default table within 1366 px). */
  defaultHidden?: boolean;
}

export interface RecordListProps<T extends { id: number }, S extends string> {
  title: string;
  /** `/api/leads`: the list; `${endpoint}/export.xlsx` the export. */
  endpoint: string;
  /** The feature's query key, so its writes refresh the list (e.g. leadKeys.all). */
  queryKey: readonly unknown[];
  /** The URL parameters that are filters. */
  filterKeys: readonly string[];
  /** Form values → URL parameters, and back (units, date ranges, lists). */
  toUrl: (values: Record<string, unknown>) => UrlFilters;
  toForm: (filters: UrlFilters) => Record<string, unknown>;
  /**
   * The filter fields (FilterFields, and Cols of their own marked className "filter-field"):
   * collapsed, only the first three on a desk and the search box alone on a phone; the rest are
   * rendered once 展开 is pressed (a page arrives with less to draw).
   */
  filterFields: (shown: FiltersShown) => ReactNode;
  /** The URL keys of those first three (the search box's first); others in the URL open the filters. */
  primaryFilters: readonly string[];
  columns: ListColumn<T>[];
  /** Where the chosen columns are remembered; without it every column shows and there is no chooser. */
  columnsStorageKey?: string;
  defaultSort: { sort: string; order: 'asc' | 'desc' };
  board: {
    stages: readonly S[];
    label: (stage: S) => string;
    card: (item: T) => ReactNode;
    testId: (stage: S) => string;
    /** Query for one column, besides the filters (e.g. soonest deadline first). */
    query?: Record<string, string>;
    minColumnWidth: number;
  };
  /** The "new" button, for those whose role may create one. */
  create?: { ability: string; to: string; label: string };
  emptyText: string;
  scrollX: number;
  testIds: { filters: string; export: string; table?: string };
  /** Offers the import wizard for this kind of record to those who may import. */
  importKind?: 'leads' | 'projects';
}

const BOARD_SIZE = 30;

function useChosenColumns(all: string[], storageKey: string | undefined) {
  const [chosen, setChosen] = useState<string[]>(() => {
    if (!storageKey) return all;
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
      return Array.isArray(saved) ? saved : all;
    } catch {
      return all;
    }
  });
  const set = (next: string[]) => {
    if (storageKey) localStorage.setItem(storageKey, JSON.stringify(next));
    setChosen(next);
  };
  return [chosen, set] as const;
}

function StageColumn<T extends { id: number }, S extends string>({
  props,
  stage,
  filters,
}: {
  props: RecordListProps<T, S>;
  stage: S;
  filters: UrlFilters;
}) {
  const { board, endpoint, queryKey } = props;
  const hidden = filters.stage && !filters.stage.split(',').includes(stage);
  const query = useQuery({
    queryKey: [...queryKey, 'board', stage, filters],
    queryFn: () =>
      api<Page<T>>(
        'GET',
        `${endpoint}${toQuery({ ...filters, ...board.query, stage, pageSize: BOARD_SIZE })}`,
      ),
    enabled: !hidden,
  });
  return (
    <BoardColumn
      title={board.label(stage)}
      total={query.data?.total ?? 0}
      shown={BOARD_SIZE}
      testId={board.testId(stage)}
    >
      {(query.data?.items ?? []).map((item) => (
        <Card key={item.id} size="small" style={{ marginBottom: 8 }}>
          {board.card(item)}
        </Card>
      ))}
    </BoardColumn>
  );
}

export function RecordList<T extends { id: number }, S extends string>(props: RecordListProps<T, S>) {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm();
  const filters: UrlFilters = useMemo(
    () => Object.fromEntries(props.filterKeys.filter((k) => params.get(k)).map((k) => [k, params.get(k)!])),
    [params, props.filterKeys],
  );
  const [view, setView] = useState<'table' | 'board'>('table');
  // Filters in one row, as Ant Design Pro lists: the rest behind 展开, open when the URL uses them.
  // On a phone the rows are cards (the board's), one below the other, under the search box alone.
  const phone = usePhone();
  const primary = phone ? props.primaryFilters.slice(0, 1) : props.primaryFilters;
  const moreInUse = Object.keys(filters).some((k) => !primary.includes(k));
  const [expanded, setExpanded] = useState(moreInUse);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [sort, setSort] = useState(props.defaultSort);
  const [chosen, setChosen] = useChosenColumns(
    props.columns.filter((c) => !c.defaultHidden).map((c) => c.key),
    props.columnsStorageKey,
  );

  // The form shows what the URL says; a new filter starts at page 1. Opened without filters, the
  // form is already blank and at page 1: resetting it would draw every field and the table again,
  // synchronously, in the first commit.
  const { toForm } = props;
  const opened = useRef(true);
  useEffect(() => {
    const first = opened.current;
    opened.current = false;
    if (first && Object.keys(filters).length === 0) return;
    form.resetFields();
    form.setFieldsValue(toForm(filters));
    setPaging((p) => (p.page === 1 ? p : { ...p, page: 1 }));
  }, [filters, form, toForm]);

  const query = useQuery({
    queryKey: [...props.queryKey, 'list', filters, paging, sort],
    queryFn: () => api<Page<T>>('GET', `${props.endpoint}${toQuery({ ...filters, ...paging, ...sort })}`),
    enabled: view === 'table',
  });
  // The rows are drawn in a deferred (interruptible) render: a page of rows arriving never blocks
  // the page for long; the table shows loading until they are drawn.
  const data = useDeferredValue(query.data);
  const loading = query.isLoading || data !== query.data;

  return (
    <Card
      title={props.title}
      extra={
        <Space wrap>
          <Segmented
            value={view}
            onChange={(v) => setView(v as 'table' | 'board')}
            options={[
              { value: 'table', icon: <UnorderedListOutlined />, label: t('lead.tableView') },
              { value: 'board', icon: <AppstoreOutlined />, label: t('lead.boardView') },
            ]}
          />
          <Space.Compact>
            <Button
              icon={<DownloadOutlined />}
              href={`${props.endpoint}/export.xlsx${toQuery(filters)}`}
              data-testid={props.testIds.export}
            >
              {t('lead.export')}
            </Button>
            <Button href={`${props.endpoint}/export.csv${toQuery(filters)}`} title="CSV (UTF-8)">
              {t('lead.exportCsv')}
            </Button>
          </Space.Compact>
          {props.importKind && can('import.use') && (
            <Button icon={<ImportOutlined />} onClick={() => navigate(`/imports?kind=${props.importKind}`)}>
              {t('lead.import')}
            </Button>
          )}
          {props.create && can(props.create.ability) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(props.create!.to)}>
              {props.create.label}
            </Button>
          )}
        </Space>
      }
    >
      <Form
        form={form}
        // Every value the form holds, those of fields not shown (collapsed) included.
        onFinish={() => setParams(props.toUrl(form.getFieldsValue(true)))}
        onReset={() => setParams({})}
        data-testid={props.testIds.filters}
      >
        <Row gutter={12} className="record-filters">
          {props.filterFields(expanded ? 'all' : phone ? 'search' : 'primary')}
          <Col flex="auto" className="filter-actions">
            <Space wrap>
              <Button type="primary" htmlType="submit">
                {t('common.search')}
              </Button>
              <Button htmlType="reset">{t('common.reset')}</Button>
              <Button
                type="link"
                onClick={() => setExpanded(!expanded)}
                aria-expanded={expanded}
                data-testid="filters-toggle"
                style={{ paddingInline: 4 }}
              >
                <Badge dot={!expanded && moreInUse} offset={[4, 0]}>
                  {expanded ? t('common.collapse') : t('common.expand')}{' '}
                  {expanded ? <UpOutlined /> : <DownOutlined />}
                </Badge>
              </Button>
              {props.columnsStorageKey && !phone && (
                <Dropdown
                  trigger={['click']}
                  popupRender={() => (
                    <Card size="small">
                      <Checkbox.Group
                        style={{ display: 'grid', gap: 4 }}
                        value={chosen}
                        onChange={(v) => setChosen(v as string[])}
                        options={props.columns.map((c) => ({ value: c.key, label: c.title }))}
                      />
                    </Card>
                  )}
                >
                  <Button icon={<SettingOutlined />}>{t('lead.columns')}</Button>
                </Dropdown>
              )}
            </Space>
          </Col>
        </Row>
      </Form>
      {view === 'table' && phone ? (
        <>
          {/* A phone's list has no column headers to sort by: the same orders in one select. */}
          <Select
            aria-label={t('common.sortBy')}
            data-testid="phone-sort"
            style={{ width: '100%', marginBottom: 8 }}
            value={`${sort.sort}:${sort.order}`}
            onChange={(v: string) => {
              const [by, order] = v.split(':') as [string, 'asc' | 'desc'];
              setSort({ sort: by, order });
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            options={props.columns
              .filter((c) => c.sortBy !== undefined)
              .flatMap((c) => [
                { value: `${c.sortBy}:desc`, label: t('common.sortDesc', { title: c.title }) },
                { value: `${c.sortBy}:asc`, label: t('common.sortAsc', { title: c.title }) },
              ])}
          />
          <PhoneCards
            testId={props.testIds.table}
            loading={loading}
            items={data?.items}
            total={data?.total ?? 0}
            page={paging.page}
            pageSize={paging.pageSize}
            onPage={(page, pageSize) => setPaging({ page, pageSize })}
            card={props.board.card}
            emptyText={props.emptyText}
          />
        </>
      ) : view === 'table' ? (
        <Suspense fallback={<Spin style={{ display: 'block', padding: 48 }} />}>
          <RecordTable
            label={props.title}
            columns={props.columns}
            chosen={chosen}
            loading={loading}
            items={data?.items}
            total={data?.total ?? 0}
            paging={paging}
            onPage={setPaging}
            onSort={(s) => setSort(s ?? props.defaultSort)}
            emptyText={props.emptyText}
            scrollX={props.scrollX}
            testId={props.testIds.table}
          />
        </Suspense>
      ) : (
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: `repeat(${props.board.stages.length}, minmax(${props.board.minColumnWidth}px, 1fr))`,
            gap: 12,
            overflowX: 'auto',
          }}
        >
          {props.board.stages.map((s) => (
            <StageColumn key={s} props={props} stage={s} filters={filters} />
          ))}
        </div>
      )}
    </Card>
  );
}

/** URL value of a form value: lists comma-separated, empty ones left out. */
function urlValue(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value.length ? value.join(',') : undefined;
  return String(value);
}

/** The form's values for these keys as URL filters (empty ones left out). */
export function urlFilters(values: Record<string, unknown>, keys: readonly string[]): UrlFilters {
  const out: UrlFilters = {};
  for (const k of keys) {
    const value = urlValue(values[k]);
    if (value) out[k] = value;
  }
  return out;
}
