import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Space, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { api } from '../../api/client.js';
import { errorMessage, showFieldErrors } from '../../components/forms.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';

type Setup = { secret: string; otpauthUri: string; qrCode: string };

/**
 * The second factor: scan a QR code, confirm with the first code, keep the ten recovery codes.
 * `forced` is the full screen shown to those who must enrol before anything else; otherwise a card
 * on the account page that also turns an optional one off.
 */
export function TotpEnrolment({ forced = false }: { forced?: boolean }) {
  const { t } = useI18n();
  const { me, refresh, logout } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const start = useMutation({
    mutationFn: () => api<Setup>('POST', '/api/auth/totp/setup'),
    onSuccess: setSetup,
    onError: (e) => message.error(errorMessage(e)),
  });
  const enable = useMutation({
    mutationFn: (code: string) => api<{ recoveryCodes: string[] }>('POST', '/api/auth/totp/enable', { code }),
    onSuccess: (r) => {
      setRecovery(r.recoveryCodes);
      setSetup(null);
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });
  const disable = useMutation({
    mutationFn: (password: string) => api('POST', '/api/auth/totp/disable', { password }),
    onSuccess: () => refresh(),
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });
  const enabled = me?.totp.enabled ?? false;

  let body: ReactNode;
  if (recovery)
    body = (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={t('totp.recoveryTitle')} description={t('totp.recoveryHint')} />
        <div data-testid="recovery-codes" style={{ columns: 2, fontFamily: 'monospace', fontSize: 15 }}>
          {recovery.map((c) => (
            <div key={c}>{c}</div>
          ))}
        </div>
        <Button type="primary" onClick={() => void refresh().then(() => setRecovery(null))}>
          {t('totp.done')}
        </Button>
      </Space>
    );
  else if (setup)
    body = (
      <Space direction="vertical" style={{ width: '100%' }}>
        <img src={setup.qrCode} alt="otpauth QR" width={220} height={220} data-testid="totp-qr" />
        <Typography.Text type="secondary">
          {t('totp.manual')}
          <Typography.Text copyable code data-testid="totp-secret">
            {setup.secret}
          </Typography.Text>
        </Typography.Text>
        <Form form={form} layout="inline" onFinish={(v: { code: string }) => enable.mutate(v.code)}>
          <Form.Item name="code" label={t('totp.code')} rules={[{ required: true }]}>
            <Input
              inputMode="numeric"
              autoComplete="one-time-code"
              style={{ width: 140 }}
              data-testid="totp-code"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={enable.isPending}>
            {t('totp.confirm')}
          </Button>
        </Form>
      </Space>
    );
  else if (enabled)
    body = (
      <Space direction="vertical">
        <span>
          <Tag color="green">{t('totp.on')}</Tag>
        </span>
        {me?.totp.required ? (
          <Typography.Text type="secondary">{t('totp.required')}</Typography.Text>
        ) : (
          <Form
            form={form}
            layout="inline"
            onFinish={(v: { password: string }) => disable.mutate(v.password)}
          >
            <Form.Item name="password" label={t('totp.disablePassword')} rules={[{ required: true }]}>
              <Input.Password autoComplete="current-password" style={{ width: 200 }} />
            </Form.Item>
            <Button danger htmlType="submit" loading={disable.isPending}>
              {t('totp.disable')}
            </Button>
          </Form>
        )}
      </Space>
    );
  else
    body = (
      <Space direction="vertical">
        {!forced && <span>{t('totp.off')}</span>}
        <Button
          type="primary"
          onClick={() => start.mutate()}
          loading={start.isPending}
          data-testid="totp-start"
        >
          {t('totp.start')}
        </Button>
      </Space>
    );

  const card = (
    <Card title={t('totp.title')} style={{ maxWidth: 640, width: '100%' }}>
      {forced && !recovery && (
        <Alert type="warning" showIcon title={t('totp.forced')} style={{ marginBottom: 16 }} />
      )}
      {body}
      {forced && (
        <div style={{ marginTop: 16 }}>
          <Button onClick={() => void logout()}>{t('user.logout')}</Button>
        </div>
      )}
    </Card>
  );
  if (!forced) return card;
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}>
      {card}
    </div>
  );
}
