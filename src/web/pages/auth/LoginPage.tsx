import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, api } from '../../api/client.js';
import { errorMessage } from '../../components/forms.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';

export function LoginPage() {
  const { me, login } = useSession();
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // Once the password is right for an account with a second factor, its code is asked for.
  const [askOtp, setAskOtp] = useState(false);
  const health = useQuery({
    queryKey: ['health'],
    queryFn: () => api<{ demo: boolean }>('GET', '/api/health'),
  });
  const state = location.state as { from?: string; idle?: boolean } | null;
  if (me) return <Navigate to={state?.from ?? '/'} replace />;

  const onFinish = async (values: { username: string; password: string; otp?: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username, values.password, values.otp);
      navigate(state?.from ?? '/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'OTP_REQUIRED' || e.code === 'BAD_OTP')) setAskOtp(true);
      setError(e instanceof ApiError && e.code === 'OTP_REQUIRED' ? null : errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        background: 'linear-gradient(135deg, #7a0a1c 0%, #c8102e 45%, #f5f5f5 45%)',
      }}
    >
      <Card style={{ width: 400, maxWidth: 'calc(100vw - 24px)', boxShadow: '0 8px 24px rgba(0,0,0,0.15)' }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={1} style={{ marginBottom: 4 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
        </div>
        {state?.idle && (
          <Alert type="info" showIcon title={t('login.idleLoggedOut')} style={{ marginBottom: 16 }} />
        )}
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {askOtp && (
            <Form.Item
              name="otp"
              label={t('login.otp')}
              extra={t('login.otpHint')}
              rules={[{ required: true }]}
            >
              <Input
                prefix={<SafetyOutlined />}
                autoComplete="one-time-code"
                inputMode="numeric"
                autoFocus
                data-testid="login-otp"
              />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            {t('login.submit')}
          </Button>
        </Form>
        <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 16 }}>
          {health.data?.demo ? (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('app.demoHint')}
            </Typography.Text>
          ) : (
            <span />
          )}
          <Button type="link" size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('lang.switch')}
          </Button>
        </div>
      </Card>
    </div>
  );
}
