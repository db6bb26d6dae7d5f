/**
 * A lead's admission reviews (准入研判 / 联审), #16 item 6: the proposal's figures against the city's
 * land-use standards, each department's opinion, the meeting's decision; and, above the amount the
 * administrator set, the reminder that signing needs one.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ReviewAnswerDto } from '../../../core/api/agreements.js';
import { formatYuan, formatWanPerMu as wanPerMu } from '../../../core/money.js';
import {
  CHECK_LABELS,
  DECISION_LABELS,
  DECISIONS,
  STANCE_LABELS,
  STANCES,
  ZONES,
} from '../../../core/projects/agreements.js';
import { api } from '../../api/client.js';
import { Attachments } from '../../components/Attachments.js';
import { afterToday } from '../../components/dates.js';
import { errorMessage, showFieldErrors } from '../../components/forms.js';
import { MoneyInput } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';

interface Reviews {
  items: ReviewAnswerDto[];
  thresholdYuan: number | null;
  canManage: boolean;
}
type Dialog =
  | { kind: 'create' }
  | { kind: 'opinion'; review: ReviewAnswerDto }
  | { kind: 'decide'; review: ReviewAnswerDto };

export function ReviewsCard({
  lead,
}: {
  lead: {
    id: number;
    plannedInvestmentYuan: number;
    fixedAssetInvestmentYuan?: number | null;
    landAreaMu?: number | null;
    stage: string;
  };
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [form] = Form.useForm();
  const key = ['leads', 'reviews', lead.id];
  const { data } = useQuery({
    queryKey: key,
    queryFn: () => api<Reviews>('GET', `/api/leads/${lead.id}/reviews`),
  });
  const write = useMutation({
    mutationFn: ({ method, path, body }: { method: string; path: string; body: unknown }) =>
      api<Reviews>(method, path, body),
    onSuccess: (r) => {
      queryClient.setQueryData(key, r);
      message.success(t('common.saved'));
      setDialog(null);
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });
  if (!data) return null;
  const open = (d: Dialog) => {
    form.resetFields();
    if (d.kind === 'create')
      form.setFieldsValue({
        totalInvestmentYuan: lead.plannedInvestmentYuan,
        fixedAssetYuan: lead.fixedAssetInvestmentYuan ?? undefined,
        landMu: lead.landAreaMu ?? undefined,
      });
    setDialog(d);
  };
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !dialog) return;
    if (dialog.kind === 'create')
      write.mutate({
        method: 'POST',
        path: `/api/leads/${lead.id}/reviews`,
        body: Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null)),
      });
    else if (dialog.kind === 'opinion')
      write.mutate({
        method: 'POST',
        path: `/api/reviews/${dialog.review.id}/opinions`,
        body: { ...v, version: dialog.review.version },
      });
    else
      write.mutate({
        method: 'POST',
        path: `/api/reviews/${dialog.review.id}/decision`,
        body: {
          version: dialog.review.version,
          decision: v.decision,
          decidedOn: (v.decidedOn as Dayjs).format('YYYY-MM-DD'),
          ...(v.note ? { note: v.note } : {}),
        },
      });
  };
  const open_ = lead.stage !== 'signed' && lead.stage !== 'closed';
  const needed = data.thresholdYuan !== null && lead.plannedInvestmentYuan >= data.thresholdYuan;
  const decided = data.items.some((r) => r.decision === 'approved' || r.decision === 'conditional');

  return (
    <Card
      title={t('review.title')}
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="reviews-card"
      extra={
        data.canManage &&
        open_ && (
          <Button size="small" onClick={() => open({ kind: 'create' })}>
            {t('review.create')}
          </Button>
        )
      }
    >
      {needed && open_ && (
        <Alert
          type={decided ? 'success' : 'warning'}
          showIcon
          style={{ marginBottom: 8 }}
          title={t(decided ? 'review.cleared' : 'review.needed', { a: formatYuan(data.thresholdYuan!) })}
        />
      )}
      <List
        dataSource={data.items}
        locale={{ emptyText: <Typography.Text type="secondary">{t('review.none')}</Typography.Text> }}
        renderItem={(r) => (
          <List.Item style={{ display: 'block' }}>
            <Space wrap style={{ marginBottom: 4 }}>
              <Typography.Text strong>{r.zone}</Typography.Text>
              {r.decision ? (
                <Tag color={r.decision === 'rejected' ? 'red' : 'green'}>
                  {DECISION_LABELS[r.decision][lang]} {r.decidedOn}
                </Tag>
              ) : (
                <Tag>{t('review.pending')}</Tag>
              )}
            </Space>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('agree.total')}>
                {formatYuan(r.totalInvestmentYuan)}
              </Descriptions.Item>
              <Descriptions.Item label={t('agree.intensity')}>
                {wanPerMu(r.intensityYuanPerMu)}（{r.landMu} 亩）
              </Descriptions.Item>
              <Descriptions.Item label={t('review.checks')}>
                <Space size={4} wrap>
                  {r.checks.length === 0 && (
                    <Typography.Text type="secondary">{t('review.noStandard')}</Typography.Text>
                  )}
                  {r.checks.map((c) => (
                    <Tag
                      key={c.term}
                      color={c.verdict === 'pass' ? 'green' : c.verdict === 'fail' ? 'red' : 'default'}
                    >
                      {CHECK_LABELS[c.term][lang]}：
                      {c.verdict === 'pass'
                        ? t('agree.pass')
                        : c.verdict === 'fail'
                          ? t('agree.fail')
                          : t('agree.unknown')}
                    </Tag>
                  ))}
                </Space>
              </Descriptions.Item>
              {r.opinions.map((o) => (
                <Descriptions.Item key={o.department} label={o.department}>
                  <Tag
                    color={o.stance === 'disagree' ? 'red' : o.stance === 'conditional' ? 'gold' : 'green'}
                  >
                    {STANCE_LABELS[o.stance][lang]}
                  </Tag>
                  {o.opinion}
                </Descriptions.Item>
              ))}
              {r.decisionNote && (
                <Descriptions.Item label={t('review.note')}>{r.decisionNote}</Descriptions.Item>
              )}
            </Descriptions>
            {data.canManage && !r.decision && (
              <Space>
                <Button size="small" onClick={() => open({ kind: 'opinion', review: r })}>
                  {t('review.addOpinion')}
                </Button>
                <Button size="small" type="primary" onClick={() => open({ kind: 'decide', review: r })}>
                  {t('review.decide')}
                </Button>
              </Space>
            )}
            <div style={{ marginTop: 8 }}>
              <Attachments entityType="review" entityId={r.id} canWrite={data.canManage} />
            </div>
          </List.Item>
        )}
      />
      <Modal
        open={dialog !== null}
        title={
          dialog?.kind === 'create'
            ? t('review.create')
            : dialog?.kind === 'opinion'
              ? t('review.addOpinion')
              : t('review.decide')
        }
        onCancel={() => setDialog(null)}
        onOk={submit}
        okText={t('common.save')}
        confirmLoading={write.isPending}
        destroyOnHidden
        mask={{ closable: false }}
      >
        <Form form={form} layout="vertical" preserve={false}>
          {dialog?.kind === 'create' && (
            <>
              <Form.Item name="zone" label={t('agree.zone')} rules={[{ required: true }]}>
                <Select options={ZONES.map((z) => ({ value: z, label: z }))} />
              </Form.Item>
              <Form.Item name="totalInvestmentYuan" label={t('agree.total')} rules={[{ required: true }]}>
                <MoneyInput />
              </Form.Item>
              <Form.Item name="fixedAssetYuan" label={t('agree.fixed')} rules={[{ required: true }]}>
                <MoneyInput />
              </Form.Item>
              <Form.Item name="landMu" label={t('agree.landMu')} rules={[{ required: true }]}>
                <InputNumber min={0.01} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="taxPerMuYuan" label={t('agree.taxPerMuInput')}>
                <MoneyInput defaultUnit="wan" />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'opinion' && (
            <>
              <Form.Item
                name="department"
                label={t('review.department')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input maxLength={60} placeholder="市自然资源局" />
              </Form.Item>
              <Form.Item name="stance" label={t('review.stance')} rules={[{ required: true }]}>
                <Select options={STANCES.map((s) => ({ value: s, label: STANCE_LABELS[s][lang] }))} />
              </Form.Item>
              <Form.Item
                name="opinion"
                label={t('review.opinion')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input.TextArea rows={3} maxLength={1000} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'decide' && (
            <>
              <Form.Item name="decision" label={t('review.decision')} rules={[{ required: true }]}>
                <Select options={DECISIONS.map((d) => ({ value: d, label: DECISION_LABELS[d][lang] }))} />
              </Form.Item>
              <Form.Item name="decidedOn" label={t('review.decidedOn')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
              </Form.Item>
              <Form.Item name="note" label={t('review.note')}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
