import { App, Button, Card, Form, Modal, Space, Steps, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  nextProjectStage,
  PROJECT_STAGE_LABELS,
  PROJECT_STAGES,
  type ProjectStage,
} from '../../../core/projects/stages.js';
import { api } from '../../api/client.js';
import type { Issue, Project } from '../../api/types.js';
import { Attachments } from '../../components/Attachments.js';
import { errorMessage, showFieldErrors } from '../../components/forms.js';
import { ProjectStageTag } from '../../components/projectBits.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { RecordUnavailable } from '../NotFoundPage.js';
import { AgreementCard } from './AgreementCard.js';
import { InvestmentCard } from './InvestmentCard.js';
import { IssuesCard } from './IssuesCard.js';
import { type Dialog, ProjectDialogFields, ProjectFacts, stepDateOf } from './ProjectParts.js';
import { useProject, useProjectWrite } from './queries.js';

export function ProjectPage() {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { can } = useSession();
  const { id } = useParams();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [form] = Form.useForm();
  const query = useProject(Number(id));

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
            {actions.has('edit') && can('visit.record') && (
              <Button onClick={() => navigate(`/visits/new?projectId=${p.id}`)}>{t('visit.new')}</Button>
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
        <ProjectFacts
          project={p}
          onAdjustClusters={() => open({ kind: 'clusters' })}
          canAdjustClusters={actions.has('clusters')}
        />
      </Card>

      <InvestmentCard project={p} actions={actions} />

      <AgreementCard project={p} actions={actions} />

      <Card
        title={t('attach.title')}
        extra={<Typography.Text type="secondary">{t('attach.hint')}</Typography.Text>}
      >
        <Attachments
          entityType="project"
          entityId={p.id}
          canWrite={actions.has('edit')}
          filter={(a) => !a.month}
        />
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
          <ProjectDialogFields dialog={dialog} project={p} />
        </Form>
      </Modal>
    </Space>
  );
}
