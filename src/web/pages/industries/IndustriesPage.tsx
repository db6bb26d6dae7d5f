import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Empty, Row, Tag, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useState } from 'react';
import type { IndustryDto, IndustryEntryDto } from '../../../core/api/industries.js';
import { INDUSTRY_LEVEL_LABELS, isManufacturingCode } from '../../../core/industries.js';
import { api } from '../../api/client.js';
import { IndustryPicker } from '../../components/IndustryPicker.js';
import { useI18n } from '../../i18n/index.js';

type Item = IndustryDto;
type Detail = IndustryEntryDto;

const toNodes = (items: Item[]): DataNode[] =>
  items.map((i) => ({ key: i.code, title: `${i.code} ${i.name}`, isLeaf: !i.hasChildren }));

/** 行业分类: GB/T 4754-2017 as a tree, with the clusters each code falls into. */
export function IndustriesPage() {
  const { t, lang } = useI18n();
  const [tree, setTree] = useState<DataNode[]>([]);
  const [code, setCode] = useState<string | undefined>();
  useEffect(() => {
    void api<{ items: Item[] }>('GET', '/api/industries').then((r) => setTree(toNodes(r.items)));
  }, []);
  const detail = useQuery({
    queryKey: ['industries', 'detail', code],
    queryFn: () => api<Detail>('GET', `/api/industries/${code}`),
    enabled: Boolean(code),
  });
  const loadChildren = async (node: DataNode) => {
    const d = await api<Detail>('GET', `/api/industries/${node.key}`);
    const insert = (nodes: DataNode[]): DataNode[] =>
      nodes.map((n) =>
        n.key === node.key
          ? { ...n, children: toNodes(d.children) }
          : { ...n, children: n.children && insert(n.children) },
      );
    setTree((prev) => insert(prev));
  };
  const d = detail.data;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card title={t('industry.classification')}>
          <IndustryPicker value={code} onChange={setCode} />
          <div style={{ marginTop: 12, maxHeight: '65vh', overflow: 'auto' }}>
            <Tree
              treeData={tree}
              loadData={loadChildren}
              onSelect={(keys) => keys[0] && setCode(String(keys[0]))}
            />
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card
          title={d ? `${d.code} ${d.name}` : t('industry.classification')}
          loading={detail.isLoading && Boolean(code)}
        >
          {!d ? (
            <Empty />
          ) : (
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t('industry.level')}>
                {INDUSTRY_LEVEL_LABELS[d.level][lang]}
              </Descriptions.Item>
              <Descriptions.Item label={t('industry.path')}>
                {d.path.map((p) => `${p.code} ${p.name}`).join(' / ')}
              </Descriptions.Item>
              <Descriptions.Item label={t('industry.manufacturing')}>
                {isManufacturingCode(d.code) ? '✓' : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('industry.clusters')}>
                {d.clusters.length
                  ? d.clusters.map((c) => (
                      <Tag key={c.id} color="blue">
                        {c.name}
                      </Tag>
                    ))
                  : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('industry.children')}>
                {d.children.map((c) => (
                  <Tag key={c.code} style={{ cursor: 'pointer' }} onClick={() => setCode(c.code)}>
                    {c.code} {c.name}
                  </Tag>
                ))}
              </Descriptions.Item>
            </Descriptions>
          )}
        </Card>
      </Col>
    </Row>
  );
}
