import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useNavigate } from 'react-router';
import { password as passwordSchema } from '../../../core/schemas.js';
import { api } from '../../api/client.js';
import { errorMessage, showFieldErrors, zodRule } from '../../components/forms.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { SessionsCard } from './SessionsCard.js';
import { TotpEnrolment } from './TotpEnrolment.js';

/** Own password change; `forced` is the full-screen version shown while the admin's password must be replaced. */
export function PasswordPage({ forced = false }: { forced?: boolean }) {
  const { t, lang } = useI18n();
  const { refresh, logout } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm();

  const change = useMutation({
    mutationFn: (values: { currentPassword: string; newPassword: string }) =>
      api('POST', '/api/auth/password', {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      }),
    onSuccess: async () => {
      message.success(t('password.changed'));
      form.resetFields();
      await refresh();
      if (!forced) navigate('/');
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });
  const onFinish = (values: { currentPassword: string; newPassword: string }) => change.mutate(values);

  const card = (
    <Card title={t('password.title')} style={{ maxWidth: 480, width: '100%' }}>
      {forced && <Alert type="warning" showIcon title={t('password.forced')} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rule')}
          rules={[{ required: true }, zodRule(passwordSchema, lang, 'newPassword')]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: async (_r, value) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 8 }}>
          <Button type="primary" htmlType="submit">
            {t('common.save')}
          </Button>
          {forced ? (
            <Button onClick={() => void logout()}>{t('user.logout')}</Button>
          ) : (
            <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
          )}
        </div>
      </Form>
    </Card>
  );
  if (!forced)
    return (
      // minmax(0, 1fr): a wide table inside a card scrolls in the card, not the page (390 px).
      <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
        {card}
        <TotpEnrolment />
        <SessionsCard />
      </div>
    );
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}>
      {card}
    </div>
  );
}
