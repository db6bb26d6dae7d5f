import { EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Tooltip } from 'antd';
import { api } from '../../api/client.js';
import { errorMessage } from '../../components/forms.js';
import { useI18n } from '../../i18n/index.js';

/**
 * The referrer's phone: masked (personal information); those who follow the lead may show the full
 * number, which the server records in the audit log each time.
 */
export function ContactPhone({
  leadId,
  masked,
  revealable,
}: {
  leadId: number;
  masked: string;
  revealable: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const reveal = useMutation({
    mutationFn: () => api<{ phone: string | null }>('POST', `/api/leads/${leadId}/contact`),
    onError: (e) => message.error(errorMessage(e)),
  });
  const full = reveal.data?.phone;
  if (full) return <span data-testid="contact-phone">{full}</span>;
  return (
    <span data-testid="contact-phone">
      {masked}
      {revealable && (
        <Tooltip title={t('lead.phoneRevealHint')}>
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined />}
            loading={reveal.isPending}
            onClick={() => reveal.mutate()}
            data-testid="reveal-phone"
          >
            {t('lead.phoneReveal')}
          </Button>
        </Tooltip>
      )}
    </span>
  );
}
