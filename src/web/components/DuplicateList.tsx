/**
 * Records that look like a lead's investor, in two groups as the 一盘棋 rule reads them: the same
 * investor (credit code or full name) and firms that may be related (the same trade name only).
 * Used by the registration's duplicate dialog and by the lead page.
 */
import { List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { ProjectStage } from '../../core/projects/stages.js';
import { useI18n } from '../i18n/index.js';
import { StageTag } from './leadBits.js';
import { ProjectStageTag } from './projectBits.js';

export interface DuplicateItem {
  type: 'lead' | 'project';
  id: number;
  code: string;
  name: string;
  investorName?: string;
  stage: string;
  reason: string;
  resolution?: string | null;
}

const SAME_INVESTOR = new Set(['credit_code', 'investor_name']);
export const isSameInvestor = (d: Pick<DuplicateItem, 'reason'>) => SAME_INVESTOR.has(d.reason);

function DuplicateGroup({ title, items, testId }: { title: string; items: DuplicateItem[]; testId: string }) {
  const { t } = useI18n();
  if (items.length === 0) return null;
  const reasonText = (r: string) =>
    r === 'credit_code'
      ? t('lead.sameCreditCode')
      : r === 'investor_name'
        ? t('lead.sameInvestor')
        : t('lead.relatedName');
  const resolutionText = (r: string) =>
    r === 'merged' || r === 'owner_decided' || r === 'not_duplicate' ? t(`lead.resolution.${r}`) : r;
  return (
    <div data-testid={testId} style={{ marginBottom: 8 }}>
      <Typography.Text strong>{title}</Typography.Text>
      <List
        size="small"
        dataSource={items}
        renderItem={(d) => (
          <List.Item>
            <List.Item.Meta
              title={
                <span>
                  <Tag>{d.type === 'lead' ? t('lead.kindLead') : t('lead.kindProject')}</Tag>
                  <Link to={`/${d.type === 'lead' ? 'leads' : 'projects'}/${d.id}`}>{d.code}</Link> {d.name}
                </span>
              }
              description={
                <span>
                  {d.investorName && `${d.investorName} · `}
                  {d.type === 'project' ? (
                    <ProjectStageTag stage={d.stage as ProjectStage} />
                  ) : (
                    <StageTag stage={d.stage} />
                  )}
                  {reasonText(d.reason)}
                  {d.resolution && (
                    <Tag color="green" style={{ marginLeft: 8 }}>
                      {resolutionText(d.resolution)}
                    </Tag>
                  )}
                </span>
              }
            />
          </List.Item>
        )}
      />
    </div>
  );
}

export function DuplicateList({ items }: { items: DuplicateItem[] }) {
  const { t } = useI18n();
  return (
    <>
      <DuplicateGroup
        title={t('lead.sameInvestorTitle')}
        items={items.filter(isSameInvestor)}
        testId="same-investor"
      />
      <DuplicateGroup
        title={t('lead.relatedTitle')}
        items={items.filter((d) => !isSameInvestor(d))}
        testId="related-investors"
      />
    </>
  );
}
