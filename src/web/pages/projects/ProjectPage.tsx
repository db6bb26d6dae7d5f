import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Steps,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { formatYuan } from '../../../core/money.js';
import { createIssueBody } from '../../../core/projects/schemas.js';
import {
  ISSUE_CATEGORIES,
  ISSUE_CATEGORY_LABELS,
  nextProjectStage,
  PROJECT_CLASS_LABELS,
  PROJECT_STAGE_LABELS,
  PROJECT_STAGES,
  type ProjectStage,
} from '../../../core/projects/stages.js';
import { api } from '../../api/client.js';
import { useClusters, useOrgs } from '../../api/hooks.js';
import type { Issue, Project } from '../../api/types.js';
import { afterToday, today } from '../../components/dates.js';
import { errorMessage, fieldRules, showFieldErrors } from '../../components/forms.js';
import { ChainLinkText } from '../../components/leadBits.js';
import { ProjectStageTag } from '../../components/projectBits.js';
import { useI18n } from '../../i18n/index.js';
import { RecordUnavailable } from '../NotFoundPage.js';
import { IssuesCard } from './IssuesCard.js';
import { useProject, useProjectWrite } from './queries.js';

export type Dialog =
  | { kind: 'milestone'; stage: ProjectStage }
  | { kind: 'revert' }
  | { kind: 'clusters' }
  | { kind: 'raise' }
  | { kind: 'answer'; issue: Issue }
  | { kind: 'close'; issue: Issue };

export function ProjectPage() {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const _queryClient = useQueryClient();
  const { data: orgs } = useOrgs();
  const clusters = useClusters();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [form] = Form.useForm();
  const query = useProject(Number(id));
  const orgName = (oid: number | null | undefined) => (orgs ?? []).find((o) => o.id === oid)?.name ?? '';
  const clusterName = (cid: number) => clusters.data?.find((c) => c.id === cid)?.name ?? String(cid);

  const run = useProjectWrite(
    ({ method, path, body }: { method: string; path: string; body: unknown }) =>
      api<{ project?: Project; issue?: Issue }>(method, path, body),
    {
      onSuccess: (result) => {
        message.success(notice(result), 6);
        setDialog(null);
        form.resetFields();
      },
      onError: (e) => {
        if (!showFieldErrors(form, e)) message.error(errorMessage(e));
      },
    },
  );

  /** What the message after a write says: what happened, and what comes next. */
  const notice = ({ project, issue }: { project?: Project; issue?: Issue }): string => {
    const stageLabel = (s: ProjectStage) => PROJECT_STAGE_LABELS[s][lang];
    if (dialog?.kind === 'milestone' && project) {
      const after = nextProjectStage(project.stage);
      const done = t('project.notice.milestone', {
        stage: stageLabel(project.stage),
        d: stepDateOf(project, project.stage) ?? '',
      });
      return after ? `${done}${lang === 'zh' ? '。' : '. '}${t(`project.notice.next.${after}`)}` : done;
    }
    if (dialog?.kind === 'revert' && project)
      return t('project.notice.reverted', { stage: stageLabel(project.stage) });
    // Raising answers with the project: the issue raised is its newest.
    const raised = issue ?? project?.issues?.reduce((a, b) => (b.id > a.id ? b : a));
    if (dialog?.kind === 'raise' && raised)
      return t('project.notice.raised', {
        department: raised.department ?? t('project.notice.someDepartment'),
        d: raised.dueDate,
      });
    if (dialog?.kind === 'answer') return t('project.notice.answered');
    if (dialog?.kind === 'close') return t('project.notice.closed');
    return t('common.saved');
  };

  if (query.isError) return <RecordUnavailable error={query.error} />;
  const p = query.data;
  if (!p) return <Card loading />;
  const actions = new Set(p.actions ?? []);
  const next = nextProjectStage(p.stage);
  const dayOf = (d: Dayjs | undefined) => d?.format('YYYY-MM-DD');

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !dialog) return;
    if (dialog.kind === 'milestone') {
      // 签约 → 动工 → 投产 all on one day is rare: most often a slip of the date. Ask first.
      const on = dayOf(v.on);
      const previous = stepDate(p.stage);
      const confirmed =
        on !== previous ||
        (await modal.confirm({
          title: t('project.sameDayTitle'),
          content: t('project.sameDayHint', { d: on ?? '' }),
        }));
      if (!confirmed) return;
      run.mutate({
        method: 'POST',
        path: `/api/projects/${p.id}/milestones`,
        body: { version: p.version, stage: dialog.stage, on },
      });
    } else if (dialog.kind === 'revert')
      run.mutate({
        method: 'POST',
        path: `/api/projects/${p.id}/milestones`,
        body: { version: p.version, stage: v.stage, reason: v.reason },
      });
    else if (dialog.kind === 'clusters')
      run.mutate({
        method: 'PUT',
        path: `/api/projects/${p.id}/clusters`,
        body: { clusterIds: v.clusterIds ?? [] },
      });
    else if (dialog.kind === 'raise')
      run.mutate({
        method: 'POST',
        path: `/api/projects/${p.id}/issues`,
        body: Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')),
      });
    else if (dialog.kind === 'answer')
      run.mutate({
        method: 'POST',
        path: `/api/coordination-issues/${dialog.issue.id}/answer`,
        body: { version: dialog.issue.version, answer: v.answer },
      });
    else
      run.mutate({
        method: 'POST',
        path: `/api/coordination-issues/${dialog.issue.id}/close`,
        body: { version: dialog.issue.version, ...(v.note ? { note: v.note } : {}) },
      });
  };
  const open = (d: Dialog) => {
    form.resetFields();
    if (d.kind === 'clusters') form.setFieldsValue({ clusterIds: p.clusterIds });
    setDialog(d);
  };

  const stepDate = (s: ProjectStage) => stepDateOf(p, s);
  const planned = (s: ProjectStage) =>
    s === 'started' ? p.plannedStartOn : s === 'in_production' ? p.plannedProductionOn : null;
  const issueRules = (name: keyof typeof createIssueBody.shape) => fieldRules(createIssueBody, [name], lang);
  const dialogTitle = !dialog
    ? ''
    : dialog.kind === 'milestone'
      ? t(dialog.stage === 'started' ? 'project.recordStart' : 'project.recordProduction')
      : t(`project.dialog.${dialog.kind}`);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        title={
          <Space>
            <span>{p.name}</span>
            <ProjectStageTag stage={p.stage} />
            <Typography.Text type="secondary">{p.code}</Typography.Text>
          </Space>
        }
        extra={
          <Space wrap>
            {next && actions.has(`to_${next}`) && (
              <Button
                type="primary"
                onClick={() => open({ kind: 'milestone', stage: next })}
                data-testid={`to-${next}`}
              >
                {t(next === 'started' ? 'project.recordStart' : 'project.recordProduction')}
              </Button>
            )}
            {actions.has('revert') && (
              <Button onClick={() => open({ kind: 'revert' })}>{t('project.dialog.revert')}</Button>
            )}
            {actions.has('edit') && (
              <Button onClick={() => navigate(`/projects/${p.id}/edit`)}>{t('common.edit')}</Button>
            )}
          </Space>
        }
      >
        <Steps
          style={{ marginBottom: 24 }}
          current={PROJECT_STAGES.indexOf(p.stage)}
          items={PROJECT_STAGES.map((s) => ({
            title: PROJECT_STAGE_LABELS[s][lang],
            description: stepDate(s) ?? (planned(s) ? `${t('project.planned')} ${planned(s)}` : '—'),
          }))}
        />
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" bordered>
          <Descriptions.Item label={t('project.investor')}>{p.investorName}</Descriptions.Item>
          <Descriptions.Item label={t('lead.creditCode')}>
            <span className="nowrap">{p.investorCreditCode ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('project.county')}>
            {orgName(p.countyOrgId)}
            {p.parkOrgId ? ` · ${orgName(p.parkOrgId)}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('project.total')}>
            {formatYuan(p.totalInvestmentYuan)}
          </Descriptions.Item>
          <Descriptions.Item label={t('project.class')}>
            {PROJECT_CLASS_LABELS[p.projectClass][lang]}
          </Descriptions.Item>
          <Descriptions.Item label={t('project.manufacturing')}>
            {p.isManufacturing ? t('project.manufacturingYes') : t('project.manufacturingNo')}
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.industry')}>
            {p.industryCode ? `${p.industryCode} ${p.industryName ?? ''}` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.chainLink')}>
            <ChainLinkText link={p.chainLink} />
          </Descriptions.Item>
          <Descriptions.Item label={t('project.clusters')} span={2}>
            <Space wrap>
              {p.clusterIds.map((c) => (
                <Tag key={c} color="blue">
                  {clusterName(c)}
                </Tag>
              ))}
              {p.clusterIds.length === 0 && '—'}
              {actions.has('clusters') && (
                <Button size="small" type="link" onClick={() => open({ kind: 'clusters' })}>
                  {t('lead.adjustClusters')}
                </Button>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('project.plannedOutput')}>
            {formatYuan(p.plannedOutputYuan)}
          </Descriptions.Item>
          <Descriptions.Item label={t('project.plannedTax')}>
            {formatYuan(p.plannedTaxYuan)}
          </Descriptions.Item>
          <Descriptions.Item label={t('project.plannedJobs')}>{p.plannedJobs ?? '—'}</Descriptions.Item>
          {p.lead && (
            <Descriptions.Item label={t('project.fromLead')}>
              <Link to={`/leads/${p.lead.id}`}>{p.lead.code}</Link>
            </Descriptions.Item>
          )}
          {p.note && <Descriptions.Item label={t('project.note')}>{p.note}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <IssuesCard project={p} actions={actions} open={open} />

      <Modal
        open={dialog !== null}
        title={dialogTitle}
        onCancel={() => setDialog(null)}
        onOk={submit}
        confirmLoading={run.isPending}
        destroyOnHidden
        mask={{ closable: false }}
      >
        <Form form={form} layout="vertical" preserve={false}>
          {dialog?.kind === 'milestone' && (
            <Form.Item
              name="on"
              label={t('project.milestoneDate')}
              rules={[{ required: true }]}
              initialValue={today()}
              extra={t('project.milestoneHint', { d: stepDate(p.stage) ?? '' })}
            >
              <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
            </Form.Item>
          )}
          {dialog?.kind === 'revert' && (
            <>
              <Alert type="warning" showIcon title={t('project.revertHint')} style={{ marginBottom: 12 }} />
              <Form.Item name="stage" label={t('project.stage')} rules={[{ required: true }]}>
                <Select
                  options={PROJECT_STAGES.slice(0, PROJECT_STAGES.indexOf(p.stage)).map((s) => ({
                    value: s,
                    label: PROJECT_STAGE_LABELS[s][lang],
                  }))}
                />
              </Form.Item>
              <Form.Item name="reason" label={t('project.reason')} rules={[{ required: true }, { max: 500 }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'clusters' && (
            <Form.Item name="clusterIds" label={t('project.clusters')}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={(clusters.data ?? [])
                  .filter((c) => c.active)
                  .map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          )}
          {dialog?.kind === 'raise' && (
            <>
              <Form.Item name="category" label={t('issue.category')} rules={[{ required: true }]}>
                <Select
                  options={ISSUE_CATEGORIES.map((c) => ({ value: c, label: ISSUE_CATEGORY_LABELS[c][lang] }))}
                />
              </Form.Item>
              <Form.Item name="description" label={t('issue.description')} rules={issueRules('description')}>
                <Input.TextArea rows={3} />
              </Form.Item>
              <Form.Item
                name="departmentOrgId"
                label={t('issue.department')}
                extra={t('issue.departmentHint')}
              >
                <Select
                  allowClear
                  options={(orgs ?? [])
                    .filter((o) => o.kind === 'department' || o.kind === 'county')
                    .map((o) => ({ value: o.id, label: o.name }))}
                />
              </Form.Item>
              <Form.Item
                name="department"
                label={t('issue.departmentOther')}
                rules={issueRules('department')}
              >
                <Input />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'answer' && (
            <Form.Item name="answer" label={t('issue.answer')} rules={[{ required: true }, { max: 1000 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
          {dialog?.kind === 'close' && (
            <Form.Item name="note" label={t('project.note')} rules={[{ max: 500 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}

/** The date a project reached a stage. */
function stepDateOf(p: Project, s: ProjectStage): string | null | undefined {
  return s === 'signed' ? p.signedOn : s === 'started' ? p.startedOn : p.inProductionOn;
}
