import { Badge, Space, Typography } from 'antd';
import type { ReactNode } from 'react';

/** One column of a board view (leads or projects by stage): its title, its count, its cards. */
export function BoardColumn({
  title,
  total,
  shown,
  testId,
  children,
}: {
  title: string;
  total: number;
  /** How many cards are shown; the rest is counted at the foot. */
  shown: number;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div
      style={{
        background: '#f5f5f5',
        borderRadius: 6,
        padding: 8,
        minHeight: 200,
        maxHeight: '70vh',
        overflowY: 'auto',
      }}
      data-testid={testId}
    >
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text strong>{title}</Typography.Text>
        <Badge count={total} showZero color="#595959" overflowCount={99999} />
      </Space>
      {children}
      {total > shown && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          … {total - shown}
        </Typography.Text>
      )}
    </div>
  );
}
