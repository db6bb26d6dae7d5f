/**
 * 导入台账: the wizard that brings an existing ledger in — upload, map the columns (matched
 * automatically, corrected here, saved for the next file of the same shape), dry run (every row's
 * fate; the report downloads as xlsx to fix the file in Excel), commit all or nothing, undo — and
 * the organisation's past batches below it.
 */
import { DownloadOutlined, InboxOutlined, UndoOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { ImportBatch, ImportBatchDetail, ImportDryRun } from '../../../core/api/imports.js';
import {
  AMOUNT_UNIT_LABELS,
  AMOUNT_UNITS,
  type DuplicateDecision,
  IMPORT_FIELDS,
  type ImportKind,
  ROW_FATE_LABELS,
} from '../../../core/imports.js';
import { formatShanghai } from '../../../core/time.js';
import { api } from '../../api/client.js';
import { errorMessage } from '../../components/forms.js';
import { useI18n } from '../../i18n/index.js';

type Mapping = ImportBatchDetail['mapping'];
const FATE_COLORS = { new: 'green', duplicate: 'orange', file_duplicate: 'gold', refused: 'red' } as const;

export function ImportPage() {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const kind = (params.get('kind') === 'projects' ? 'projects' : 'leads') as ImportKind;
  const [batch, setBatch] = useState<ImportBatchDetail | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [saveMapping, setSaveMapping] = useState(true);
  const [dry, setDry] = useState<ImportDryRun | null>(null);
  const [decisions, setDecisions] = useState<Record<number, DuplicateDecision>>({});
  const [done, setDone] = useState<ImportBatch | null>(null);
  const [busy, setBusy] = useState(false);
  const history = useQuery({
    queryKey: ['imports'],
    queryFn: () => api<{ items: ImportBatch[] }>('GET', '/api/imports'),
  });
  const step = done ? 3 : dry ? 2 : batch ? 1 : 0;
  const fields = IMPORT_FIELDS[kind];

  const reset = () => {
    setBatch(null);
    setMapping(null);
    setDry(null);
    setDecisions({});
    setDone(null);
  };
  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    try {
      await what();
    } catch (e) {
      message.error({ content: errorMessage(e), duration: 8 });
    } finally {
      setBusy(false);
    }
  };
  const upload = (file: File) => {
    void run(async () => {
      reset();
      const b = await api<ImportBatchDetail>(
        'POST',
        `/api/imports?kind=${kind}&fileName=${encodeURIComponent(file.name)}`,
        file,
      );
      setBatch(b);
      setMapping(b.mapping);
      await queryClient.invalidateQueries({ queryKey: ['imports'] });
    });
    return false;
  };
  const chooseSheet = (sheet: string) =>
    run(async () => {
      const b = await api<ImportBatchDetail>(
        'GET',
        `/api/imports/${batch!.id}?sheet=${encodeURIComponent(sheet)}`,
      );
      setBatch(b);
      setMapping(b.mapping);
    });
  const setColumn = (index: number, change: { field?: string | null; unit?: string | null }) => {
    const columns = batch!.columns.map((c) => {
      const m = mapping!.columns.find((x) => x.index === c.index);
      return { index: c.index, field: m?.field ?? null, unit: m?.unit ?? null };
    });
    setMapping({
      ...mapping!,
      columns: columns.map((c) => (c.index === index ? ({ ...c, ...change } as typeof c) : c)),
    });
    setDry(null);
  };
  const dryRun = () =>
    run(async () => {
      setDry(await api<ImportDryRun>('POST', `/api/imports/${batch!.id}/dry-run`, { mapping, saveMapping }));
    });
  const commit = () =>
    run(async () => {
      const b = await api<ImportBatch>('POST', `/api/imports/${batch!.id}/commit`, {
        duplicates: 'skip',
        decisions: Object.entries(decisions).map(([row, decision]) => ({ row: Number(row), decision })),
      });
      setDone(b);
      await queryClient.invalidateQueries();
    });
  const undo = (b: ImportBatch) =>
    modal.confirm({
      title: t('import.undoConfirm', { file: b.fileName }),
      okText: t('import.undo'),
      okButtonProps: { danger: true },
      onOk: () =>
        run(async () => {
          const undone = await api<ImportBatch>('POST', `/api/imports/${b.id}/undo`);
          if (done?.id === b.id) setDone(undone);
          message.success(t('import.undone'));
          await queryClient.invalidateQueries();
        }),
    });
  const fieldOf = (index: number) => mapping?.columns.find((c) => c.index === index);
  const counts = dry?.counts;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('import.title')}
        extra={
          <Segmented
            value={kind}
            onChange={(v) => {
              reset();
              setParams({ kind: String(v) });
            }}
            options={[
              { value: 'leads', label: t('import.kindLeads') },
              { value: 'projects', label: t('import.kindProjects') },
            ]}
          />
        }
      >
        <Steps
          current={step}
          size="small"
          style={{ marginBottom: 24 }}
          items={[
            { title: t('import.stepUpload') },
            { title: t('import.stepMap') },
            { title: t('import.stepDryRun') },
            { title: t('import.stepDone') },
          ]}
        />
        {step === 0 && (
          <Upload.Dragger
            accept=".xlsx,.csv"
            showUploadList={false}
            beforeUpload={upload}
            disabled={busy}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('import.drop')}</p>
            <p className="ant-upload-hint">{t('import.dropHint')}</p>
          </Upload.Dragger>
        )}
        {batch && mapping && !done && (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{batch.fileName}</Typography.Text>
              <span>{t('import.sheet')}</span>
              <Select
                value={mapping.sheet}
                style={{ minWidth: 160 }}
                options={batch.sheets.map((s) => ({ value: s.name, label: `${s.name}（${s.rows}）` }))}
                onChange={chooseSheet}
                aria-label={t('import.sheet')}
              />
              <Typography.Text type="secondary">
                {t('import.headerRow', { row: mapping.headerRow })}
              </Typography.Text>
              {batch.savedMapping && (
                <Tag color="blue">{t('import.savedMapping', { by: batch.savedMapping.savedBy })}</Tag>
              )}
              <Button onClick={reset}>{t('import.again')}</Button>
            </Space>
            <Table
              size="small"
              rowKey="index"
              pagination={false}
              scroll={{ x: 760 }}
              dataSource={batch.columns}
              data-testid="import-columns"
              columns={[
                { title: t('import.column'), dataIndex: 'letter', width: 56 },
                { title: t('import.header'), dataIndex: 'header', width: 180 },
                {
                  title: t('import.samples'),
                  dataIndex: 'samples',
                  ellipsis: true,
                  render: (s: string[]) => s.join(' ｜ '),
                },
                {
                  title: t('import.field'),
                  width: 200,
                  render: (_, c) => (
                    <Select
                      allowClear
                      style={{ width: '100%' }}
                      placeholder={t('import.notImported')}
                      value={fieldOf(c.index)?.field ?? undefined}
                      aria-label={`${c.letter} ${c.header}`}
                      data-testid={`map-${c.letter}`}
                      onChange={(v) => setColumn(c.index, { field: v ?? null })}
                      options={fields.map((f) => ({
                        value: f.key,
                        label: `${f.label[lang]}${f.required ? ' *' : ''}`,
                      }))}
                    />
                  ),
                },
                {
                  title: t('import.unit'),
                  width: 110,
                  render: (_, c) =>
                    fields.find((f) => f.key === fieldOf(c.index)?.field)?.type === 'amount' ? (
                      <Select
                        style={{ width: '100%' }}
                        value={fieldOf(c.index)?.unit ?? undefined}
                        placeholder={t('import.chooseUnit')}
                        aria-label={`${c.letter} ${t('import.unit')}`}
                        data-testid={`unit-${c.letter}`}
                        onChange={(v) => setColumn(c.index, { unit: v })}
                        options={AMOUNT_UNITS.map((u) => ({ value: u, label: AMOUNT_UNIT_LABELS[u] }))}
                      />
                    ) : null,
                },
              ]}
            />
            <Space wrap>
              <Checkbox checked={saveMapping} onChange={(e) => setSaveMapping(e.target.checked)}>
                {t('import.saveMapping')}
              </Checkbox>
              <Button type="primary" loading={busy} onClick={dryRun} data-testid="import-dry-run">
                {t('import.dryRun')}
              </Button>
            </Space>
          </Space>
        )}
        {dry && counts && !done && (
          <Space direction="vertical" size="middle" style={{ width: '100%', marginTop: 24 }}>
            <Row gutter={16} data-testid="import-counts">
              {(['new', 'duplicate', 'file_duplicate', 'refused'] as const).map((f) => (
                <Col key={f} xs={12} md={6}>
                  <Statistic title={ROW_FATE_LABELS[f][lang]} value={counts[f]} />
                </Col>
              ))}
            </Row>
            {counts.refused > 0 ? (
              <Alert
                type="error"
                showIcon
                message={t('import.hasRefused', { n: counts.refused })}
                data-testid="import-refused"
              />
            ) : (
              <Alert type="success" showIcon message={t('import.ready', { n: dry.total })} />
            )}
            <Table
              size="small"
              rowKey="row"
              dataSource={dry.rows}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 760 }}
              data-testid="import-rows"
              columns={[
                { title: t('import.row'), dataIndex: 'row', width: 64 },
                {
                  title: t('import.fate'),
                  dataIndex: 'fate',
                  width: 110,
                  render: (f: keyof typeof FATE_COLORS) => (
                    <Tag color={FATE_COLORS[f]}>{ROW_FATE_LABELS[f][lang]}</Tag>
                  ),
                },
                {
                  title: t('import.reason'),
                  render: (_, r) =>
                    r.fate === 'refused'
                      ? r.issues.map((i) => `${i.cell}：${i.text[lang]}`).join('；')
                      : r.duplicateOf
                        ? t('import.duplicateOf', {
                            code: r.duplicateOf.code,
                            name: r.duplicateOf.name,
                          })
                        : r.fileDuplicateOf
                          ? t('import.fileDuplicateOf', { row: r.fileDuplicateOf })
                          : '',
                },
                {
                  title: t('import.decision'),
                  width: 150,
                  render: (_, r) =>
                    r.fate === 'duplicate' || r.fate === 'file_duplicate' ? (
                      <Select
                        size="small"
                        style={{ width: '100%' }}
                        value={decisions[r.row] ?? 'skip'}
                        aria-label={`${t('import.decision')} ${r.row}`}
                        onChange={(v) => setDecisions({ ...decisions, [r.row]: v })}
                        options={[
                          { value: 'skip', label: t('import.skip') },
                          ...(r.fate === 'duplicate' &&
                          r.duplicateOf?.type === (kind === 'leads' ? 'lead' : 'project')
                            ? [{ value: 'merge', label: t('import.merge') }]
                            : []),
                          { value: 'new', label: t('import.asNew') },
                        ]}
                      />
                    ) : null,
                },
              ]}
            />
            <Space wrap>
              <Button icon={<DownloadOutlined />} href={`/api/imports/${batch!.id}/report.xlsx`}>
                {t('import.report')}
              </Button>
              <Button
                type="primary"
                disabled={counts.refused > 0}
                loading={busy}
                onClick={commit}
                data-testid="import-commit"
              >
                {t('import.commit')}
              </Button>
            </Space>
          </Space>
        )}
        {done && (
          <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="import-done">
            <Alert
              type={done.status === 'undone' ? 'warning' : 'success'}
              showIcon
              message={
                done.status === 'undone'
                  ? t('import.undone')
                  : t('import.committed', {
                      created: done.counts?.created ?? 0,
                      merged: done.counts?.merged ?? 0,
                      skipped: done.counts?.skipped ?? 0,
                    })
              }
            />
            <Space wrap>
              <Button type="primary" onClick={() => navigate(kind === 'leads' ? '/leads' : '/projects')}>
                {kind === 'leads' ? t('import.toLedger') : t('import.toProjects')}
              </Button>
              {done.status === 'committed' && (
                <Button icon={<UndoOutlined />} danger onClick={() => undo(done)} data-testid="import-undo">
                  {t('import.undo')}
                </Button>
              )}
              <Button onClick={reset}>{t('import.another')}</Button>
            </Space>
          </Space>
        )}
      </Card>
      <Card title={t('import.history')}>
        <Table
          size="small"
          rowKey="id"
          loading={history.isLoading}
          dataSource={history.data?.items ?? []}
          data-testid="import-history"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 760 }}
          columns={[
            { title: t('import.file'), dataIndex: 'fileName', width: 200, ellipsis: true },
            {
              title: t('import.kind'),
              dataIndex: 'kind',
              width: 90,
              render: (k: ImportKind) => (k === 'leads' ? t('import.kindLeads') : t('import.kindProjects')),
            },
            { title: t('import.by'), dataIndex: 'userName', width: 150, ellipsis: true },
            {
              title: t('import.when'),
              dataIndex: 'createdAt',
              width: 160,
              render: (v: string) => formatShanghai(v),
            },
            {
              title: t('import.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: string) => <Tag>{t(`import.status.${s}` as 'import.status.draft')}</Tag>,
            },
            {
              title: t('import.result'),
              width: 170,
              render: (_, b) =>
                b.counts
                  ? t('import.resultText', { created: b.counts.created ?? 0, merged: b.counts.merged ?? 0 })
                  : '',
            },
            {
              title: '',
              width: 90,
              render: (_, b) =>
                b.status === 'committed' ? (
                  <Button size="small" onClick={() => undo(b)}>
                    {t('import.undo')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
