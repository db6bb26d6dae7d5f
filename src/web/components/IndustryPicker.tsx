import { ApartmentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Modal, Select, Space, Tag, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useState } from 'react';
import type { IndustryDto } from '../../core/api/industries.js';
import { INDUSTRY_LEVEL_LABELS, type IndustryLevel } from '../../core/industries.js';
import { api, toQuery } from '../api/client.js';
import { useI18n } from '../i18n/index.js';

type IndustryItem = IndustryDto;

/** 中类 and 小类 may be picked; 门类 and 大类 are for browsing. */
const PICKABLE: IndustryLevel[] = ['group', 'class'];

/**
 * GB/T 4754 picker: type a code, a name or pinyin initials (xny → 新能源…), or browse the four
 * levels as a tree. The value is the code.
 */
export function IndustryPicker({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  id?: string;
}) {
  const { t, lang } = useI18n();
  const [q, setQ] = useState('');
  const [browsing, setBrowsing] = useState(false);
  const [tree, setTree] = useState<DataNode[]>([]);
  const results = useQuery({
    queryKey: ['industries', 'search', q],
    queryFn: () => api<{ items: IndustryItem[] }>('GET', `/api/industries${toQuery({ q, limit: 30 })}`),
    enabled: q.length > 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const current = useQuery({
    queryKey: ['industries', 'one', value],
    queryFn: () => api<IndustryItem>('GET', `/api/industries/${value}`),
    enabled: Boolean(value),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const label = (i: IndustryItem) => (
    <Space size={4}>
      <Tag>{i.code}</Tag>
      {i.name}
      <span style={{ color: '#595959', fontSize: 12 }}>{INDUSTRY_LEVEL_LABELS[i.level][lang]}</span>
    </Space>
  );
  const options = (q ? (results.data?.items ?? []) : current.data ? [current.data] : []).map((i) => ({
    value: i.code,
    label: label(i),
    disabled: !PICKABLE.includes(i.level),
  }));

  const toNodes = (items: IndustryItem[]): DataNode[] =>
    items.map((i) => ({
      key: i.code,
      title: `${i.code} ${i.name}`,
      isLeaf: !i.hasChildren,
      selectable: PICKABLE.includes(i.level),
    }));
  const openTree = async () => {
    setBrowsing(true);
    if (!tree.length)
      setTree(toNodes((await api<{ items: IndustryItem[] }>('GET', '/api/industries')).items));
  };
  const loadChildren = async (node: DataNode) => {
    const detail = await api<{ children: IndustryItem[] }>('GET', `/api/industries/${node.key}`);
    const insert = (nodes: DataNode[]): DataNode[] =>
      nodes.map((n) =>
        n.key === node.key
          ? { ...n, children: toNodes(detail.children) }
          : { ...n, children: n.children && insert(n.children) },
      );
    setTree((prev) => insert(prev));
  };

  return (
    <Space.Compact style={{ width: '100%', display: 'flex' }}>
      <Select
        id={id}
        aria-label={t('lead.industry')}
        showSearch={{ filterOption: false, onSearch: setQ }}
        value={value}
        placeholder={t('industry.placeholder')}
        onChange={(v) => onChange?.(v)}
        options={options}
        loading={results.isFetching}
        allowClear
        notFoundContent={q ? t('industry.none') : null}
        // The select takes what the browse button leaves (never pushing it over the next field).
        style={{ flex: 1, minWidth: 0 }}
        data-testid="industry-picker"
      />
      <Button icon={<ApartmentOutlined />} onClick={() => void openTree()} title={t('industry.browse')} />
      <Modal
        open={browsing}
        title={t('industry.browse')}
        footer={null}
        onCancel={() => setBrowsing(false)}
        width={640}
      >
        <div style={{ maxHeight: 480, overflow: 'auto' }}>
          <Tree
            treeData={tree}
            loadData={loadChildren}
            onSelect={(keys) => {
              if (keys[0]) {
                onChange?.(String(keys[0]));
                setBrowsing(false);
              }
            }}
          />
        </div>
      </Modal>
    </Space.Compact>
  );
}
