import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../../i18n/index.js';

/** A published report's two buttons: print the page, download the same figures as xlsx. */
export function ReportButtons({ xlsxHref, testId }: { xlsxHref: string; testId: string }) {
  const { t } = useI18n();
  return (
    <>
      <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
        {t('report.print')}
      </Button>
      <Button icon={<DownloadOutlined />} type="primary" href={xlsxHref} data-testid={testId}>
        {t('report.xlsx')}
      </Button>
    </>
  );
}
