import { Button, Card, Space, Table, Tag } from 'antd';
import { ISSUE_CATEGORY_LABELS, ISSUE_STATUS_LABELS } from '../../../core/projects/stages.js';
import { formatShanghai } from '../../../core/time.js';
import { useOrgs } from '../../api/hooks.js';
import type { Issue, Project } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import type { Dialog } from './ProjectParts.js';

/** A project's coordination issues (需协调事项), with the answer and close buttons its reader may use. */
export function IssuesCard({
  project: p,
  actions,
  open,
}: {
  project: Project;
  actions: Set<string>;
  open: (d: Dialog) => void;
}) {
  const { t, lang } = useI18n();
  const { data: orgs } = useOrgs();
  const orgName = (oid: number | null | undefined) => (orgs ?? []).find((o) => o.id === oid)?.name ?? '';
  return (
    <Card
      title={
        <Space>
          {t('project.issuesTitle')}
          {p.overdueIssues > 0 && <Tag color="red">{t('project.overdueN', { n: p.overdueIssues })}</Tag>}
        </Space>
      }
      extra={
        actions.has('raise_issue') && (
          <Button onClick={() => open({ kind: 'raise' })} data-testid="raise-issue">
            {t('project.dialog.raise')}
          </Button>
        )
      }
    >
      <Table<Issue>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={p.issues ?? []}
        data-testid="issues"
        columns={[
          {
            title: t('issue.category'),
            dataIndex: 'category',
            width: 100,
            render: (c: string) =>
              ISSUE_CATEGORY_LABELS[c as keyof typeof ISSUE_CATEGORY_LABELS]?.[lang] ?? c,
          },
          { title: t('issue.description'), dataIndex: 'description' },
          {
            title: t('issue.department'),
            width: 160,
            render: (_, i) => (i.departmentOrgId ? orgName(i.departmentOrgId) : i.department),
          },
          {
            title: t('issue.raised'),
            width: 200,
            render: (_, i) => `${formatShanghai(i.raisedAt)} ${i.raisedByName}`,
          },
          {
            title: t('issue.due'),
            dataIndex: 'dueDate',
            width: 120,
            render: (d: string, i) => (i.overdue ? <Tag color="red">{d}</Tag> : d),
          },
          {
            title: t('common.status'),
            width: 90,
            render: (_, i) => (
              <Tag
                color={
                  i.status === 'open'
                    ? i.overdue
                      ? 'red'
                      : 'gold'
                    : i.status === 'answered'
                      ? 'blue'
                      : 'green'
                }
              >
                {ISSUE_STATUS_LABELS[i.status][lang]}
              </Tag>
            ),
          },
          { title: t('issue.answer'), dataIndex: 'answer', render: (a: string | null) => a ?? '—' },
          {
            title: t('common.actions'),
            width: 110,
            render: (_, i) => (
              <Space>
                {i.status === 'open' && actions.has('answer_issue') && (
                  <Button size="small" onClick={() => open({ kind: 'answer', issue: i })}>
                    {t('project.dialog.answer')}
                  </Button>
                )}
                {i.status === 'answered' && actions.has('raise_issue') && (
                  <Button size="small" onClick={() => open({ kind: 'close', issue: i })}>
                    {t('project.dialog.close')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
