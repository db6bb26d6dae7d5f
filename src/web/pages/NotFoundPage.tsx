import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client.js';
import { errorMessage } from '../components/forms.js';
import { useI18n } from '../i18n/index.js';

export function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('notFound.title')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('notFound.back')}
        </Button>
      }
    />
  );
}

/**
 * A record page whose record could not be read: the 404 page for one that does not exist or that
 * the user may not see (the two look the same), otherwise what went wrong and a way back.
 */
export function RecordUnavailable({ error }: { error: unknown }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage />;
  if (error === 'not_editable')
    return (
      <Result
        status="403"
        title="403"
        subTitle={t('notFound.notEditable')}
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            {t('notFound.back')}
          </Button>
        }
      />
    );
  return (
    <Result
      status="error"
      title={errorMessage(error)}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('notFound.back')}
        </Button>
      }
    />
  );
}
