/** The named parts of a project's page: its facts, and the fields of each dialog. */
import { Alert, Button, DatePicker, Descriptions, Form, Input, Select, Space, Tag } from 'antd';
import { Link } from 'react-router';
import { formatYuan } from '../../../core/money.js';
import { createIssueBody } from '../../../core/projects/schemas.js';
import {
  ISSUE_CATEGORIES,
  ISSUE_CATEGORY_LABELS,
  PROJECT_CLASS_LABELS,
  PROJECT_STAGE_LABELS,
  PROJECT_STAGES,
  type ProjectStage,
} from '../../../core/projects/stages.js';
import { useClusters, useOrgs } from '../../api/hooks.js';
import type { Issue, Project } from '../../api/types.js';
import { afterToday, today } from '../../components/dates.js';
import { fieldRules } from '../../components/forms.js';
import { ChainLinkText } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';

export type Dialog =
  | { kind: 'milestone'; stage: ProjectStage }
  | { kind: 'revert' }
  | { kind: 'clusters' }
  | { kind: 'raise' }
  | { kind: 'answer'; issue: Issue }
  | { kind: 'close'; issue: Issue };

/** The date a project reached a stage. */
export function stepDateOf(p: Project, s: ProjectStage): string | null | undefined {
  return s === 'signed' ? p.signedOn : s === 'started' ? p.startedOn : p.inProductionOn;
}

/** What the project is: investor, place, amounts, industry, clusters, the lead it came from. */
export function ProjectFacts({
  project,
  canAdjustClusters,
  onAdjustClusters,
}: {
  project: Project;
  canAdjustClusters: boolean;
  onAdjustClusters: () => void;
}) {
  const { t, lang } = useI18n();
  const { data: orgs } = useOrgs();
  const clusters = useClusters();
  const orgName = (oid: number | null | undefined) => (orgs ?? []).find((o) => o.id === oid)?.name ?? '';
  const clusterName = (cid: number) => clusters.data?.find((c) => c.id === cid)?.name ?? String(cid);
  return (
    <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" bordered>
      <Descriptions.Item label={t('project.investor')}>
        {project.investorId ? (
          <Link to={`/investors/${project.investorId}`}>{project.investorName}</Link>
        ) : (
          project.investorName
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('lead.creditCode')}>
        <span className="nowrap">{project.investorCreditCode ?? '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('project.county')}>
        {orgName(project.countyOrgId)}
        {project.parkOrgId ? ` · ${orgName(project.parkOrgId)}` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('project.total')}>
        {formatYuan(project.totalInvestmentYuan)}
      </Descriptions.Item>
      <Descriptions.Item label={t('project.class')}>
        {PROJECT_CLASS_LABELS[project.projectClass][lang]}
      </Descriptions.Item>
      <Descriptions.Item label={t('project.manufacturing')}>
        {project.isManufacturing ? t('project.manufacturingYes') : t('project.manufacturingNo')}
      </Descriptions.Item>
      <Descriptions.Item label={t('lead.industry')}>
        {project.industryCode ? `${project.industryCode} ${project.industryName ?? ''}` : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('lead.chainLink')}>
        <ChainLinkText link={project.chainLink} />
      </Descriptions.Item>
      <Descriptions.Item label={t('project.clusters')} span={2}>
        <Space wrap>
          {project.clusterIds.map((c) => (
            <Tag key={c} color="blue">
              {clusterName(c)}
            </Tag>
          ))}
          {project.clusterIds.length === 0 && '—'}
          {canAdjustClusters && (
            <Button size="small" type="link" onClick={onAdjustClusters}>
              {t('lead.adjustClusters')}
            </Button>
          )}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('project.plannedOutput')}>
        {formatYuan(project.plannedOutputYuan)}
      </Descriptions.Item>
      <Descriptions.Item label={t('project.plannedTax')}>
        {formatYuan(project.plannedTaxYuan)}
      </Descriptions.Item>
      <Descriptions.Item label={t('project.plannedJobs')}>{project.plannedJobs ?? '—'}</Descriptions.Item>
      {project.lead && (
        <Descriptions.Item label={t('project.fromLead')}>
          <Link to={`/leads/${project.lead.id}`}>{project.lead.code}</Link>
        </Descriptions.Item>
      )}
      {project.note && <Descriptions.Item label={t('project.note')}>{project.note}</Descriptions.Item>}
    </Descriptions>
  );
}

/** The fields of the dialog open on a project's page (a milestone, a revert, clusters, an issue). */
export function ProjectDialogFields({ dialog, project }: { dialog: Dialog | null; project: Project }) {
  const { t, lang } = useI18n();
  const { data: orgs } = useOrgs();
  const clusters = useClusters();
  const issueRules = (name: keyof typeof createIssueBody.shape) => fieldRules(createIssueBody, [name], lang);
  return (
    <>
      {dialog?.kind === 'milestone' && (
        <Form.Item
          name="on"
          label={t('project.milestoneDate')}
          rules={[{ required: true }]}
          initialValue={today()}
          extra={t('project.milestoneHint', { d: stepDateOf(project, project.stage) ?? '' })}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
        </Form.Item>
      )}
      {dialog?.kind === 'revert' && (
        <>
          <Alert type="warning" showIcon title={t('project.revertHint')} style={{ marginBottom: 12 }} />
          <Form.Item name="stage" label={t('project.stage')} rules={[{ required: true }]}>
            <Select
              options={PROJECT_STAGES.slice(0, PROJECT_STAGES.indexOf(project.stage)).map((s) => ({
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
          <Form.Item name="departmentOrgId" label={t('issue.department')} extra={t('issue.departmentHint')}>
            <Select
              allowClear
              options={(orgs ?? [])
                .filter((o) => o.kind === 'department' || o.kind === 'county')
                .map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
          <Form.Item name="department" label={t('issue.departmentOther')} rules={issueRules('department')}>
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
    </>
  );
}
