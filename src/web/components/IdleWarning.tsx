import { Modal } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { activity, api } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';

const WARN_BEFORE_MS = 2 * 60 * 1000;

/**
 * The server ends a session after 30 idle minutes. Two minutes before, this asks whether to stay;
 * at the end it signs out here too, so nobody types into a page whose session is gone.
 */
export function IdleWarning() {
  const { me, logout } = useSession();
  const { t } = useI18n();
  const navigate = useNavigate();
  const timeoutMs = (me?.session.idleTimeoutMinutes ?? 30) * 60 * 1000;
  const lastActivity = useRef(Date.now());
  const [remaining, setRemaining] = useState<number | null>(null);

  useEffect(() => {
    const onActivity = () => {
      lastActivity.current = Date.now();
    };
    activity.addEventListener('activity', onActivity);
    const timer = setInterval(() => {
      const left = lastActivity.current + timeoutMs - Date.now();
      if (left <= 0) {
        clearInterval(timer);
        void logout().then(() => navigate('/login', { state: { idle: true } }));
      } else setRemaining(left <= WARN_BEFORE_MS ? left : null);
    }, 1000);
    return () => {
      activity.removeEventListener('activity', onActivity);
      clearInterval(timer);
    };
  }, [timeoutMs, logout, navigate]);

  return (
    <Modal
      open={remaining !== null}
      title={t('idle.title')}
      okText={t('idle.stay')}
      cancelText={t('user.logout')}
      closable={false}
      mask={{ closable: false }}
      onOk={() => void api('GET', '/api/auth/me')}
      onCancel={() => void logout().then(() => navigate('/login'))}
    >
      {t('idle.body', { s: Math.ceil((remaining ?? 0) / 1000) })}
    </Modal>
  );
}
