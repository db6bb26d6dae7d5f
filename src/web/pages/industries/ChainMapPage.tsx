import { EditOutlined, PlusOutlined, StarFilled } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Drawer, Form, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CHAIN_POSITION_LABELS, CHAIN_POSITIONS } from '../../../core/chains.js';
import { api } from '../../api/client.js';
import { useOrgs } from '../../api/hooks.js';
import { errorMessage, showFieldErrors } from '../../components/forms.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { ChainDialogFields, COVERAGE_STYLE, LinkCard, type LinkCell } from './ChainParts.js';
import { LinkRecords } from './LinkRecords.js';
import { chainKeys, useChainMap, useChains } from './queries.js';

/** 产业链图谱: links from upstream to downstream, coloured by how each is covered; gaps show the targets. */
export function ChainMapPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: orgs } = useOrgs();
  const chains = useChains();
  const [chainId, setChainId] = useState<number | undefined>();
  const current = chainId ?? chains.data?.[0]?.id;
  const map = useChainMap(current);
  const [openLink, setOpenLink] = useState<LinkCell | null>(null);
  const [adding, setAdding] = useState<
    | { kind: 'link' }
    | { kind: 'firm'; link: LinkCell }
    | { kind: 'editLink'; link: LinkCell }
    | { kind: 'chain' }
    | { kind: 'editChain' }
    | null
  >(null);
  const currentChain = chains.data?.find((c) => c.id === current);
  const [form] = Form.useForm();
  const orgName = (id: number | null) => (orgs ?? []).find((o) => o.id === id)?.name ?? '';

  const write = useMutation({
    mutationFn: async ({ what, v }: { what: NonNullable<typeof adding>; v: Record<string, unknown> }) => {
      if (what.kind === 'link') await api('POST', `/api/chains/${current}/links`, v);
      else if (what.kind === 'editLink') {
        await api('PUT', `/api/chain-links/${what.link.id}`, v);
        setOpenLink(null);
      } else if (what.kind === 'chain') {
        const created = await api<{ id: number }>('POST', '/api/chains', v);
        setChainId(created.id);
      } else if (what.kind === 'editChain')
        await api('PATCH', `/api/chains/${current}`, { ...v, version: currentChain!.version });
      else
        await api('POST', `/api/chain-links/${what.link.id}/firms`, { ...v, isLeader: v.isLeader === true });
    },
    onSuccess: () => {
      setAdding(null);
      return queryClient.invalidateQueries({ queryKey: chainKeys.all });
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });
  const removeFirm = useMutation({
    mutationFn: (firmId: number) => api('DELETE', `/api/chain-firms/${firmId}`),
    onSuccess: (_r, firmId) => {
      if (openLink) setOpenLink({ ...openLink, firms: openLink.firms.filter((x) => x.id !== firmId) });
      return queryClient.invalidateQueries({ queryKey: chainKeys.all });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (v && adding) write.mutate({ what: adding, v });
  };

  const legend = (['projects', 'firms', 'leads', 'gap'] as const).map((c) => (
    <Tag key={c} color={COVERAGE_STYLE[c].color}>
      {t(`chain.coverage.${c}`)}
    </Tag>
  ));

  return (
    <Card
      title={
        <Space>
          {t('chain.map')}
          <Select
            value={current}
            onChange={setChainId}
            style={{ width: 220 }}
            options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            data-testid="chain-select"
          />
        </Space>
      }
      extra={
        <Space wrap>
          {legend}
          {can('chain.manage') && (
            <>
              <Button
                icon={<PlusOutlined />}
                onClick={() => {
                  form.resetFields();
                  form.setFieldsValue({ position: 'upstream' });
                  setAdding({ kind: 'link' });
                }}
              >
                {t('chain.addLink')}
              </Button>
              <Button
                icon={<EditOutlined />}
                disabled={!currentChain}
                onClick={() => {
                  form.resetFields();
                  form.setFieldsValue({
                    name: currentChain?.name,
                    description: currentChain?.description ?? '',
                  });
                  setAdding({ kind: 'editChain' });
                }}
              >
                {t('chain.editChain')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setAdding({ kind: 'chain' });
                }}
              >
                {t('chain.newChain')}
              </Button>
            </>
          )}
        </Space>
      }
      loading={map.isLoading}
    >
      {map.data?.description && (
        <Typography.Paragraph type="secondary">{map.data.description}</Typography.Paragraph>
      )}
      <Row gutter={16} wrap={false} style={{ overflowX: 'auto' }}>
        {CHAIN_POSITIONS.map((position, i) => (
          <Col key={position} flex="1 1 0" style={{ minWidth: 260 }}>
            <Typography.Title level={5} style={{ textAlign: 'center' }}>
              {CHAIN_POSITION_LABELS[position][lang]} {i < 2 ? '→' : ''}
            </Typography.Title>
            <Space direction="vertical" style={{ width: '100%' }}>
              {(map.data?.links ?? [])
                .filter((l) => l.position === position)
                .map((l) => (
                  <LinkCard key={l.id} link={l} onOpen={() => setOpenLink(l)} />
                ))}
            </Space>
          </Col>
        ))}
      </Row>

      <Drawer
        open={openLink !== null}
        width={640}
        title={openLink ? `${openLink.name}（${CHAIN_POSITION_LABELS[openLink.position][lang]}）` : ''}
        onClose={() => setOpenLink(null)}
        extra={
          openLink &&
          can('chain.manage') && (
            <Space>
              <Button
                size="small"
                icon={<EditOutlined />}
                onClick={() => {
                  form.resetFields();
                  form.setFieldsValue({
                    position: openLink.position,
                    name: openLink.name,
                    products: openLink.products ?? '',
                  });
                  setAdding({ kind: 'editLink', link: openLink });
                }}
              >
                {t('chain.editLink')}
              </Button>
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => {
                  form.resetFields();
                  form.setFieldsValue({ kind: 'local' });
                  setAdding({ kind: 'firm', link: openLink });
                }}
              >
                {t('chain.addFirm')}
              </Button>
            </Space>
          )
        }
      >
        {openLink && openLink.firms.length > 0 && (
          <Space wrap style={{ marginBottom: 12 }} data-testid="link-firms">
            {openLink.firms.map((f) => (
              <Tag
                key={f.id}
                color={f.kind === 'local' ? 'blue' : 'default'}
                icon={f.isLeader ? <StarFilled style={{ color: '#faad14' }} /> : undefined}
                closable={can('chain.manage')}
                onClose={(e) => {
                  e.preventDefault();
                  removeFirm.mutate(f.id);
                }}
              >
                {f.name} · {f.kind === 'local' ? t('chain.local') : t('chain.target')}
              </Tag>
            ))}
          </Space>
        )}
        {openLink && <LinkRecords link={openLink} orgName={orgName} />}
      </Drawer>

      <Modal
        open={adding !== null}
        title={
          adding?.kind === 'link'
            ? t('chain.addLink')
            : adding?.kind === 'editLink'
              ? t('chain.editLink')
              : adding?.kind === 'chain'
                ? t('chain.newChain')
                : adding?.kind === 'editChain'
                  ? t('chain.editChain')
                  : t('chain.addFirm')
        }
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => void save()}
        onCancel={() => setAdding(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {adding && <ChainDialogFields kind={adding.kind} />}
        </Form>
      </Modal>
    </Card>
  );
}
