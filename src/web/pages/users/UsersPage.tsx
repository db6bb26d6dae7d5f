import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
} from 'antd';
import { useState } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../../../core/roles.js';
import {
  password as passwordSchema,
  roles as rolesSchema,
  username as usernameSchema,
} from '../../../core/schemas.js';
import { formatShanghai } from '../../../core/time.js';
import { api, toQuery } from '../../api/client.js';
import { orgPath, useOrgs } from '../../api/hooks.js';
import type { Page, User, UserAnswer } from '../../api/types.js';
import { errorMessage, showFieldErrors, zodRule } from '../../components/forms.js';
import { orgTreeData } from '../../components/orgTree.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { approvalKeys, userKeys } from './queries.js';

type Editing = { mode: 'create' } | { mode: 'edit'; user: User } | { mode: 'reset'; user: User } | null;

export function UsersPage() {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: orgs } = useOrgs();
  const [filters, setFilters] = useState<{ q?: string; orgId?: number; role?: Role }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<Editing>(null);
  const [form] = Form.useForm();

  const users = useQuery({
    queryKey: userKeys.list(filters, page),
    queryFn: () => api<Page<User>>('GET', `/api/users${toQuery({ ...filters, ...page })}`),
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: userKeys.all });

  /** The message when a change waits for a second person, naming who decides. */
  const awaitsApproval = (approverRole: 'auditor' | 'admin') =>
    t('users.awaitsApproval', {
      who:
        approverRole === 'auditor'
          ? ROLE_LABELS.auditor[lang]
          : `${lang === 'zh' ? '另一名' : 'another '}${ROLE_LABELS.admin[lang]}`,
    });

  const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] }));

  const save = useMutation({
    mutationFn: async (values: Record<string, unknown>) => {
      if (editing?.mode === 'create') return api<UserAnswer>('POST', '/api/users', values);
      if (editing?.mode === 'edit') {
        return api<UserAnswer>('PATCH', `/api/users/${editing.user.id}`, {
          ...values,
          version: editing.user.version,
        });
      }
      if (editing?.mode === 'reset')
        return api<UserAnswer>('POST', `/api/users/${editing.user.id}/reset-password`, values);
    },
    onSuccess: (answer) => {
      // A change to a privileged account waits for a second person: say so, not "saved".
      if (answer?.approval) message.warning(awaitsApproval(answer.approval.approverRole), 8);
      else message.success(editing?.mode === 'reset' ? t('users.resetDone') : t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: approvalKeys.all });
      setEditing(null);
      form.resetFields();
      void invalidate();
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });

  // Quick writes from the table: each a mutation; the list refetches whatever the answer.
  const quick = useMutation({
    mutationFn: ({ user, change }: { user: User; change: { active: boolean } | 'unlock' | 'resetTotp' }) =>
      change === 'unlock'
        ? api<UserAnswer | undefined>('POST', `/api/users/${user.id}/unlock`)
        : change === 'resetTotp'
          ? api<UserAnswer>('POST', `/api/users/${user.id}/reset-totp`)
          : api<UserAnswer>('PATCH', `/api/users/${user.id}`, { version: user.version, ...change }),
    onSuccess: (answer) => {
      if (answer?.approval) message.warning(awaitsApproval(answer.approval.approverRole), 8);
      else message.success(t('common.saved'));
    },
    onError: (e) => message.error(errorMessage(e)),
    onSettled: () => invalidate(),
  });
  const setActive = (user: User, active: boolean) => quick.mutate({ user, change: { active } });
  const unlock = (user: User) => quick.mutate({ user, change: 'unlock' });

  const open = (next: Editing) => {
    form.resetFields();
    if (next?.mode === 'edit') {
      form.setFieldsValue({
        displayName: next.user.displayName,
        orgId: next.user.orgId,
        roles: next.user.roles,
      });
    }
    setEditing(next);
  };

  const title =
    editing?.mode === 'create'
      ? t('users.new')
      : editing?.mode === 'edit'
        ? `${t('users.edit')}：${editing.user.username}`
        : editing?.mode === 'reset'
          ? `${t('users.resetPassword')}：${editing.user.username}`
          : '';

  return (
    <Card
      title={t('users.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ mode: 'create' })}>
          {t('users.new')}
        </Button>
      }
    >
      <Form
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(v) => {
          setFilters({ q: v.q || undefined, orgId: v.orgId, role: v.role });
          setPage((p) => ({ ...p, page: 1 }));
        }}
        onReset={() => setFilters({})}
      >
        <Form.Item name="q">
          <Input placeholder={t('users.searchPlaceholder')} allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="orgId">
          <TreeSelect
            placeholder={t('users.org')}
            treeData={orgTreeData(orgs, false)}
            allowClear
            treeDefaultExpandAll
            style={{ width: 220 }}
          />
        </Form.Item>
        <Form.Item name="role">
          <Select placeholder={t('users.roles')} options={roleOptions} allowClear style={{ width: 160 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button htmlType="reset">{t('common.reset')}</Button>
        </Space>
      </Form>
      <Table<User>
        rowKey="id"
        loading={users.isLoading}
        dataSource={users.data?.items ?? []}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          { title: t('users.org'), dataIndex: 'orgId', render: (id: number) => orgPath(orgs, id) },
          {
            title: t('users.roles'),
            dataIndex: 'roles',
            render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{ROLE_LABELS[r][lang]}</Tag>),
          },
          {
            title: t('common.status'),
            render: (_, u) => (
              <Space size={4} wrap>
                {u.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
                {u.mustChangePassword && <Tag color="gold">{t('users.mustChange')}</Tag>}
                {u.lockedUntil && (
                  <Tag color="red">{t('users.locked', { t: formatShanghai(u.lockedUntil) })}</Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('users.lastLogin'),
            dataIndex: 'lastLoginAt',
            render: (v: string | null) => (v ? formatShanghai(v) : '—'),
          },
          {
            title: t('common.actions'),
            render: (_, u) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => open({ mode: 'edit', user: u })}>
                  {t('common.edit')}
                </Button>
                {/* One's own password is changed with the current one (修改密码), not reset. */}
                {u.id !== me?.user.id && (
                  <Button type="link" size="small" onClick={() => open({ mode: 'reset', user: u })}>
                    {t('users.resetPassword')}
                  </Button>
                )}
                {u.id !== me?.user.id && (
                  <Popconfirm
                    title={t('users.resetTotpConfirm')}
                    onConfirm={() => quick.mutate({ user: u, change: 'resetTotp' })}
                  >
                    <Button type="link" size="small">
                      {t('users.resetTotp')}
                    </Button>
                  </Popconfirm>
                )}
                {u.lockedUntil && (
                  <Button type="link" size="small" onClick={() => void unlock(u)}>
                    {t('users.unlock')}
                  </Button>
                )}
                {u.active ? (
                  <Popconfirm title={t('users.deactivateConfirm')} onConfirm={() => setActive(u, false)}>
                    <Button type="link" size="small" danger disabled={u.id === me?.user.id}>
                      {t('common.deactivate')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => void setActive(u, true)}>
                    {t('common.activate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={title}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          {editing?.mode === 'create' && (
            <Form.Item
              name="username"
              label={t('users.username')}
              rules={[{ required: true }, zodRule(usernameSchema, lang, 'username')]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          )}
          {editing?.mode !== 'reset' && (
            <>
              <Form.Item
                name="displayName"
                label={t('users.displayName')}
                rules={[{ required: true, max: 64 }]}
              >
                <Input />
              </Form.Item>
              <Form.Item name="orgId" label={t('users.org')} rules={[{ required: true }]}>
                <TreeSelect
                  treeData={orgTreeData(orgs)}
                  treeDefaultExpandAll
                  showSearch
                  treeNodeFilterProp="title"
                />
              </Form.Item>
              <Form.Item
                name="roles"
                label={t('users.roles')}
                rules={[{ required: true }, zodRule(rolesSchema, lang, 'roles')]}
              >
                <Select mode="multiple" options={roleOptions} />
              </Form.Item>
            </>
          )}
          {editing?.mode !== 'edit' && (
            <Form.Item
              name="password"
              label={editing?.mode === 'create' ? t('users.initialPassword') : t('password.new')}
              extra={`${t('password.rule')}；${t('users.initialPasswordHint')}`}
              rules={[{ required: true }, zodRule(passwordSchema, lang, 'password')]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
