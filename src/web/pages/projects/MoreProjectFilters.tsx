/** The project list's filters behind 展开: a chunk of their own (date pickers), loaded when first opened. */
import { Col, DatePicker, Form, Select, Space } from 'antd';
import {
  KEY_LEVEL_LABELS,
  KEY_LEVELS,
  PROJECT_STATUS_LABELS,
  PROJECT_STATUSES,
} from '../../../core/projects/keyProjects.js';
import { PROJECT_CLASS_LABELS, PROJECT_CLASSES, PROJECT_STAGES } from '../../../core/projects/stages.js';
import { useOrgs } from '../../api/hooks.js';
import { SelectFilter } from '../../components/listFilters.js';
import { ChainFilter, ClusterFilter, IndustryFilter } from '../../components/moreFilters.js';
import { useI18n } from '../../i18n/index.js';

export function MoreProjectFilters() {
  const { t, lang } = useI18n();
  const { data: orgs } = useOrgs();
  const parks = (orgs ?? []).filter((o) => o.kind === 'platform');
  const wider = { xs: 12, md: 8, xl: 5 };
  return (
    <>
      <SelectFilter
        name="parkOrgId"
        placeholder={t('project.park')}
        options={parks.map((o) => ({ value: o.id, label: o.name }))}
      />
      <SelectFilter
        name="projectClass"
        placeholder={t('project.class')}
        span={wider}
        options={PROJECT_CLASSES.map((c) => ({ value: c, label: PROJECT_CLASS_LABELS[c][lang] }))}
      />
      <IndustryFilter />
      <ClusterFilter placeholder={t('project.clusters')} />
      <ChainFilter />
      <SelectFilter
        name="manufacturing"
        placeholder={t('project.manufacturing')}
        options={[
          { value: 'yes', label: t('project.manufacturingYes') },
          { value: 'no', label: t('project.manufacturingNo') },
        ]}
      />
      <SelectFilter
        name="openIssues"
        placeholder={t('project.issues')}
        span={wider}
        options={[
          { value: 'open', label: t('project.withOpenIssues') },
          { value: 'overdue', label: t('project.withOverdueIssues') },
        ]}
      />
      <SelectFilter
        name="keyLevel"
        placeholder={t('key.levels')}
        testId="filter-key-level"
        options={[...KEY_LEVELS, 'general' as const].map((l) => ({
          value: l,
          label: KEY_LEVEL_LABELS[l][lang],
        }))}
      />
      <SelectFilter
        name="status"
        placeholder={t('key.status')}
        options={PROJECT_STATUSES.map((s) => ({ value: s, label: PROJECT_STATUS_LABELS[s][lang] }))}
      />
      <SelectFilter
        name="behindPlan"
        placeholder={t('key.filter.plan')}
        testId="filter-behind-plan"
        options={[{ value: 'yes', label: t('key.filter.behindPlan') }]}
      />
      <SelectFilter
        name="milestoneOverdue"
        placeholder={t('key.milestones')}
        span={wider}
        options={[
          { value: 'start', label: t('key.filter.startOverdue') },
          { value: 'production', label: t('key.filter.productionOverdue') },
        ]}
      />
      <SelectFilter
        name="awaitingStats"
        placeholder={t('key.stats')}
        options={[{ value: 'yes', label: t('key.awaitingStats') }]}
      />
      <SelectFilter
        name="agreementBreached"
        placeholder={t('agree.title')}
        options={[{ value: 'yes', label: t('agree.filterBreached') }]}
      />
      <Col xs={24} md={16} xl={9} className="filter-field">
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="periodBasis" noStyle>
            <Select
              aria-label={t('target.period')}
              style={{ width: 130 }}
              options={PROJECT_STAGES.map((s) => ({ value: s, label: t(`project.basis.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="period" noStyle>
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
      </Col>
    </>
  );
}
