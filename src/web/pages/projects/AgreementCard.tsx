/**
 * The investment agreement (投资协议) and its performance (履约), #16 item 5: the agreed terms, each
 * term's verdict today with the deadlines coming, each year's actuals, the check against the city's
 * land-use standards, and a breached term raised as a coordination issue.
 */
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { AgreementDto } from '../../../core/api/agreements.js';
import { formatYuan, formatWanPerMu as wanPerMu } from '../../../core/money.js';
import {
  CHECK_LABELS,
  PERFORMANCE_LABELS,
  type Performance,
  TERM_LABELS,
  type Term,
  ZONES,
} from '../../../core/projects/agreements.js';
import { api } from '../../api/client.js';
import type { Project } from '../../api/types.js';
import { afterToday, today } from '../../components/dates.js';
import { errorMessage, showFieldErrors } from '../../components/forms.js';
import { MoneyInput } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';
import { projectKeys, useProjectWrite } from './queries.js';

const VERDICT_TAG: Record<Performance, string> = {
  met: 'green',
  on_track: 'blue',
  behind: 'orange',
  breached: 'red',
  not_due: 'default',
};

type Dialog = { kind: 'agreement' } | { kind: 'actual'; year: number } | { kind: 'breach'; term: Term };

export function AgreementCard({ project: p, actions }: { project: Project; actions: Set<string> }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [form] = Form.useForm();
  const query = useQuery({
    queryKey: [...projectKeys.detail(p.id), 'agreement'],
    queryFn: () => api<AgreementDto>('GET', `/api/projects/${p.id}/agreement`),
  });
  const v = query.data;
  const run = useProjectWrite(
    ({ method, path, body }: { method: string; path: string; body: unknown }) => api(method, path, body),
    {
      onSuccess: () => {
        message.success(dialog?.kind === 'breach' ? t('agree.notice.breach') : t('common.saved'), 6);
        setDialog(null);
      },
      onError: (e) => {
        if (!showFieldErrors(form, e)) message.error(errorMessage(e));
      },
    },
  );
  const a = v?.agreement;
  const open = (d: Dialog) => {
    form.resetFields();
    if (d.kind === 'agreement' && a)
      form.setFieldsValue({
        ...Object.fromEntries(Object.entries(a).filter(([, x]) => x !== null)),
        signedOn: dayjs(a.signedOn),
        startDeadline: a.startDeadline ? dayjs(a.startDeadline) : undefined,
        productionDeadline: a.productionDeadline ? dayjs(a.productionDeadline) : undefined,
      });
    if (d.kind === 'agreement' && !a)
      form.setFieldsValue({ signedOn: dayjs(p.signedOn), totalInvestmentYuan: p.totalInvestmentYuan });
    if (d.kind === 'actual') {
      const x = v?.actuals.find((y) => y.year === d.year);
      if (x) form.setFieldsValue({ ...Object.fromEntries(Object.entries(x).filter(([, y]) => y !== null)) });
    }
    setDialog(d);
  };
  const day = (d: Dayjs | undefined) => d?.format('YYYY-MM-DD');
  const submit = async () => {
    const f = await form.validateFields().catch(() => null);
    if (!f || !dialog) return;
    const clean = (o: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined && x !== null && x !== ''));
    if (dialog.kind === 'agreement')
      run.mutate({
        method: 'PUT',
        path: `/api/projects/${p.id}/agreement`,
        body: clean({
          ...f,
          signedOn: day(f.signedOn),
          startDeadline: day(f.startDeadline),
          productionDeadline: day(f.productionDeadline),
          version: a?.version,
        }),
      });
    else if (dialog.kind === 'actual')
      run.mutate({
        method: 'PUT',
        path: `/api/projects/${p.id}/actuals/${dialog.year}`,
        body: clean({ ...f, version: v?.actuals.find((y) => y.year === dialog.year)?.version }),
      });
    else
      run.mutate({
        method: 'POST',
        path: `/api/projects/${p.id}/agreement/breaches`,
        body: clean({ term: dialog.term, note: f.note }),
      });
  };

  const termValue = (x: AgreementDto['terms'][number], which: 'agreed' | 'actual') => {
    const date = which === 'agreed' ? x.agreedDate : x.actualDate;
    const value = which === 'agreed' ? x.agreedValue : x.actualValue;
    if (date) return date;
    if (value === null) return '—';
    return x.term === 'taxPerMu' ? wanPerMu(value) : formatYuan(value);
  };
  const thisYear = today().year();
  const years = a
    ? Array.from({ length: thisYear - Number(a.signedOn.slice(0, 4)) + 1 }, (_, i) => thisYear - i)
    : [];
  const canEdit = v?.canEdit ?? false;

  return (
    <Card
      title={t('agree.title')}
      data-testid="agreement-card"
      extra={
        canEdit && (
          <Button onClick={() => open({ kind: 'agreement' })} data-testid="edit-agreement">
            {a ? t('agree.edit') : t('agree.enter')}
          </Button>
        )
      }
    >
      {!a && <Typography.Text type="secondary">{t('agree.none')}</Typography.Text>}
      {a && (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} bordered>
            <Descriptions.Item label={t('agree.signedOn')}>{a.signedOn}</Descriptions.Item>
            <Descriptions.Item label={t('agree.total')}>
              {formatYuan(a.totalInvestmentYuan)}
            </Descriptions.Item>
            <Descriptions.Item label={t('agree.fixed')}>{formatYuan(a.fixedAssetYuan)}</Descriptions.Item>
            <Descriptions.Item label={t('agree.land')}>{a.landMu} 亩</Descriptions.Item>
            <Descriptions.Item label={t('agree.intensity')}>
              {wanPerMu(a.intensityYuanPerMu)}
            </Descriptions.Item>
            <Descriptions.Item label={t('agree.taxPerMu')}>{wanPerMu(a.taxPerMuYuan)}</Descriptions.Item>
            <Descriptions.Item label={t('agree.output')}>
              {a.outputYuan === null ? '—' : formatYuan(a.outputYuan)}
            </Descriptions.Item>
            <Descriptions.Item label={t('agree.fullYear')}>{a.fullProductionYear ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="term"
            pagination={false}
            dataSource={v?.terms ?? []}
            data-testid="agreement-terms"
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('agree.term'), key: 'term', render: (_, x) => TERM_LABELS[x.term][lang] },
              { title: t('agree.agreed'), key: 'agreed', render: (_, x) => termValue(x, 'agreed') },
              { title: t('agree.actual'), key: 'actual', render: (_, x) => termValue(x, 'actual') },
              { title: t('agree.due'), dataIndex: 'due', render: (d) => d ?? '—' },
              {
                title: t('agree.verdict'),
                key: 'verdict',
                render: (_, x) => (
                  <Tag color={VERDICT_TAG[x.verdict]} data-verdict={x.verdict}>
                    {PERFORMANCE_LABELS[x.verdict][lang]}
                  </Tag>
                ),
              },
              {
                title: t('common.actions'),
                key: 'act',
                render: (_, x) =>
                  x.verdict !== 'breached' ? null : v?.openBreaches.includes(x.term) ? (
                    <Typography.Text type="secondary">{t('agree.raised')}</Typography.Text>
                  ) : actions.has('raise_issue') ? (
                    <Button size="small" danger onClick={() => open({ kind: 'breach', term: x.term })}>
                      {t('agree.raise')}
                    </Button>
                  ) : null,
              },
            ]}
          />
          {v?.standard && (
            <div data-testid="standard-check">
              <Typography.Text strong>
                {t('agree.standard', { zone: v.standard.zone })}
                {v.standard.isExample && <Tag style={{ marginLeft: 8 }}>{t('agree.example')}</Tag>}
              </Typography.Text>
              <Space wrap style={{ marginLeft: 12 }}>
                {v.standardCheck.map((c) => (
                  <Tag
                    key={c.term}
                    color={c.verdict === 'pass' ? 'green' : c.verdict === 'fail' ? 'red' : 'default'}
                  >
                    {CHECK_LABELS[c.term][lang]}{' '}
                    {c.term === 'minTotal' ? formatYuan(c.required) : wanPerMu(c.required)}：
                    {c.verdict === 'pass'
                      ? t('agree.pass')
                      : c.verdict === 'fail'
                        ? t('agree.fail')
                        : t('agree.unknown')}
                  </Tag>
                ))}
              </Space>
            </div>
          )}
          <Typography.Text strong>{t('agree.actuals')}</Typography.Text>
          <Table
            size="small"
            rowKey="year"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={years.map(
              (y) =>
                v?.actuals.find((x) => x.year === y) ?? {
                  year: y,
                  version: 0,
                  investedYuan: null,
                  taxYuan: null,
                  outputYuan: null,
                },
            )}
            columns={[
              { title: t('agree.year'), dataIndex: 'year' },
              {
                title: t('agree.invested'),
                dataIndex: 'investedYuan',
                render: (x) => (x === null ? '—' : formatYuan(x)),
              },
              {
                title: t('agree.tax'),
                dataIndex: 'taxYuan',
                render: (x) => (x === null ? '—' : formatYuan(x)),
              },
              {
                title: t('agree.output'),
                dataIndex: 'outputYuan',
                render: (x) => (x === null ? '—' : formatYuan(x)),
              },
              ...(canEdit
                ? [
                    {
                      title: t('common.actions'),
                      key: 'edit',
                      render: (_: unknown, x: { year: number }) => (
                        <Button
                          type="link"
                          size="small"
                          onClick={() => open({ kind: 'actual', year: x.year })}
                        >
                          {t('common.edit')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Space>
      )}
      <Modal
        open={dialog !== null}
        title={
          dialog?.kind === 'agreement'
            ? t('agree.title')
            : dialog?.kind === 'actual'
              ? t('agree.actualTitle', { y: dialog.year })
              : dialog
                ? t('agree.raiseTitle', { term: TERM_LABELS[dialog.term][lang] })
                : ''
        }
        onCancel={() => setDialog(null)}
        onOk={submit}
        okText={t('common.save')}
        confirmLoading={run.isPending}
        destroyOnHidden
        width={dialog?.kind === 'agreement' ? 760 : 520}
        mask={{ closable: false }}
      >
        <Form form={form} layout="vertical" preserve={false}>
          {dialog?.kind === 'agreement' && (
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="signedOn" label={t('agree.signedOn')} rules={[{ required: true }]}>
                  <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="zone" label={t('agree.zone')}>
                  <Select allowClear options={ZONES.map((z) => ({ value: z, label: z }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="landMu" label={t('agree.landMu')} rules={[{ required: true }]}>
                  <InputNumber min={0.01} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="totalInvestmentYuan" label={t('agree.total')} rules={[{ required: true }]}>
                  <MoneyInput />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="fixedAssetYuan" label={t('agree.fixed')} rules={[{ required: true }]}>
                  <MoneyInput />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="taxPerMuYuan" label={t('agree.taxPerMuInput')}>
                  <MoneyInput defaultUnit="wan" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="outputYuan" label={t('agree.output')}>
                  <MoneyInput />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="startDeadline" label={t('agree.startDeadline')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="productionDeadline" label={t('agree.productionDeadline')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="fullProductionYear" label={t('agree.fullYear')}>
                  <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          )}
          {dialog?.kind === 'actual' && (
            <>
              <Form.Item name="investedYuan" label={t('agree.invested')} rules={[{ required: true }]}>
                <MoneyInput />
              </Form.Item>
              <Form.Item name="taxYuan" label={t('agree.tax')}>
                <MoneyInput defaultUnit="wan" />
              </Form.Item>
              <Form.Item name="outputYuan" label={t('agree.output')}>
                <MoneyInput />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'breach' && (
            <Form.Item name="note" label={t('agree.note')} extra={t('agree.raiseHint')}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
