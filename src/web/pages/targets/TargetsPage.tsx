import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Modal,
  Select,
  Space,
  Table,
  type TableProps,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { XLSX_MIME } from '../../../core/api/common.js';
import { INDICATORS, indicatorDef, storedToTyped, typedToStored } from '../../../core/targets.js';
import { ApiError, api } from '../../api/client.js';
import type { TargetRow } from '../../api/types.js';
import { today } from '../../components/dates.js';
import { errorMessage, showFieldErrors } from '../../components/forms.js';
import { KeyboardScroll } from '../../components/KeyboardScroll.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { statsKeys } from '../dashboard/queries.js';
import { EnteredValues } from './EnteredValues.js';
import { targetKeys, useTargets } from './queries.js';
import { TargetCell, TargetDialogFields } from './TargetParts.js';

const ORG_ORDER: Record<string, number> = { city: 0, county: 1, platform: 2 };

interface OrgRow {
  orgId: number;
  orgName: string;
  orgKind: string;
  cells: Record<string, TargetRow>;
}

/** Values are typed as people read them: amounts in 亿元, rates in %, counts as they are. */
const unitOf = (indicator: string) => indicatorDef(indicator)?.unit ?? 'count';
const toStored = (indicator: string, v: number) => typedToStored(unitOf(indicator), v);

export function TargetsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const thisYear = today().year();
  const year = Number(params.get('year') ?? thisYear);
  const [asOf, setAsOf] = useState<string | undefined>();
  const manage = can('target.manage');
  const [dialog, setDialog] = useState<'target' | 'value' | null>(null);
  const [form] = Form.useForm();
  const report = useTargets(year, asOf);
  const save = useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) => api('PUT', path, body),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: targetKeys.all });
      queryClient.invalidateQueries({ queryKey: statsKeys.all });
      setDialog(null);
      message.success(t('common.saved'));
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });

  const remove = useMutation({
    mutationFn: (id: number) => api('DELETE', `/api/targets/${id}`),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: targetKeys.all });
      queryClient.invalidateQueries({ queryKey: statsKeys.all });
      message.success(t('common.saved'));
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const indicators = useMemo(
    () =>
      INDICATORS.filter((i) => report.data?.items.some((r) => r.indicator === i.key)).map(
        (i) => i.key as string,
      ),
    [report.data],
  );
  const rows: OrgRow[] = useMemo(() => {
    const byOrg = new Map<number, OrgRow>();
    for (const r of report.data?.items ?? []) {
      const row = byOrg.get(r.orgId) ?? { orgId: r.orgId, orgName: r.orgName, orgKind: r.orgKind, cells: {} };
      row.cells[r.indicator] = r;
      byOrg.set(r.orgId, row);
    }
    return [...byOrg.values()].sort(
      (a, b) => (ORG_ORDER[a.orgKind] ?? 9) - (ORG_ORDER[b.orgKind] ?? 9) || a.orgId - b.orgId,
    );
  }, [report.data]);

  const openTarget = (orgId?: number, indicator?: string, row?: TargetRow) => {
    form.resetFields();
    form.setFieldsValue({
      orgId,
      indicator,
      targetValue: row ? storedToTyped(row.unit, row.targetValue) : undefined,
      note: row?.note ?? undefined,
    });
    setDialog('target');
  };
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    if (dialog === 'target')
      save.mutate({
        path: '/api/targets',
        body: {
          year,
          orgId: v.orgId,
          indicator: v.indicator,
          targetValue: toStored(v.indicator, v.targetValue),
          ...(v.note ? { note: v.note } : {}),
        },
      });
    else {
      const period =
        v.granularity === 'year'
          ? String(year)
          : `${year}-${v.granularity === 'quarter' ? `Q${v.quarter}` : String(v.month).padStart(2, '0')}`;
      save.mutate({
        path: '/api/indicator-values',
        body: { orgId: v.orgId, indicator: v.indicator, period, value: toStored(v.indicator, v.value) },
      });
    }
  };
  const importFile = useMutation({
    mutationFn: (file: File) =>
      api<{ saved: number }>(
        'POST',
        `/api/targets/import?year=${year}`,
        // Browsers may give an xlsx file no type; the server reads it as xlsx either way.
        file.type ? file : new Blob([file], { type: XLSX_MIME }),
      ),
    onSuccess: (res) => {
      message.success(t('target.uploaded', { n: res.saved }));
      return queryClient.invalidateQueries({ queryKey: targetKeys.all });
    },
  });
  const upload = async (file: File) => {
    try {
      await importFile.mutateAsync(file);
    } catch (e) {
      if (e instanceof ApiError && e.fieldProblems.length)
        modal.error({
          title: t('target.uploadFailed'),
          width: 560,
          content: (
            <ul data-testid="upload-errors">
              {e.fieldProblems.map((d) => (
                <li key={d.path}>
                  {d.path}：{d.message}
                </li>
              ))}
            </ul>
          ),
        });
      else message.error(errorMessage(e));
    }
    return false;
  };

  const columns: TableProps<OrgRow>['columns'] = [
    {
      title: t('target.org'),
      dataIndex: 'orgName',
      fixed: 'left',
      width: 150,
      render: (name: string, r) =>
        r.orgKind === 'city' ? <Typography.Text strong>{name}</Typography.Text> : name,
    },
    ...indicators.map((key) => ({
      title: (
        <span>
          {indicatorDef(key)?.label[lang]}
          <div style={{ fontSize: 11, color: '#595959', fontWeight: 'normal' }}>
            {indicatorDef(key)?.kind === 'rate' ? t('target.rateHint') : t('target.cumulativeHint')}
          </div>
        </span>
      ),
      key,
      width: 210,
      render: (_: unknown, r: OrgRow) => {
        const cell = r.cells[key];
        if (!cell)
          return manage ? (
            <Button size="small" type="dashed" onClick={() => openTarget(r.orgId, key)}>
              +
            </Button>
          ) : (
            '—'
          );
        return (
          <TargetCell
            orgName={r.orgName}
            indicator={key}
            cell={cell}
            manage={manage}
            onEdit={() => openTarget(r.orgId, key, cell)}
            onDelete={() => remove.mutate(cell.id)}
          />
        );
      },
    })),
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        title={t('target.title')}
        extra={
          <Space wrap>
            <Select
              aria-label={t('dash.year')}
              value={year}
              onChange={(y) => setParams({ year: String(y) })}
              options={Array.from({ length: 5 }, (_, k) => thisYear + 1 - k).map((y) => ({
                value: y,
                label: `${y}年`,
              }))}
              data-testid="target-year"
            />
            <DatePicker
              placeholder={t('target.asOf')}
              value={asOf ? dayjs(asOf) : null}
              onChange={(d) => setAsOf(d ? d.format('YYYY-MM-DD') : undefined)}
            />
            {manage && (
              <>
                <Button onClick={() => openTarget()}>{t('target.set')}</Button>
                <Button
                  onClick={() => {
                    form.resetFields();
                    form.setFieldsValue({ granularity: 'quarter', quarter: 1 });
                    setDialog('value');
                  }}
                >
                  {t('target.enterValue')}
                </Button>
                <Button icon={<DownloadOutlined />} href={`/api/targets/template.xlsx?year=${year}`}>
                  {t('target.template')}
                </Button>
                <Upload accept=".xlsx" showUploadList={false} beforeUpload={upload}>
                  <Button icon={<UploadOutlined />}>{t('target.upload')}</Button>
                </Upload>
              </>
            )}
          </Space>
        }
      >
        {report.data && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('target.elapsedBanner', {
              d: report.data.asOf,
              p: Math.round(report.data.timeElapsedRate * 1000) / 10,
            })}
          />
        )}
        <KeyboardScroll label={t('target.title')}>
          <Table<OrgRow>
            rowKey="orgId"
            size="small"
            bordered
            loading={report.isLoading}
            dataSource={rows}
            columns={columns}
            pagination={false}
            scroll={{ x: 150 + indicators.length * 210 }}
            data-testid="targets-table"
          />
        </KeyboardScroll>
      </Card>
      <EnteredValues year={year} />
      <Modal
        open={dialog !== null}
        title={dialog === 'target' ? t('target.set') : t('target.enterValue')}
        onCancel={() => setDialog(null)}
        onOk={submit}
        confirmLoading={save.isPending}
        destroyOnHidden
        mask={{ closable: false }}
      >
        <Form form={form} layout="vertical" preserve={false}>
          <TargetDialogFields dialog={dialog ?? 'target'} form={form} />
        </Form>
      </Modal>
    </Space>
  );
}
