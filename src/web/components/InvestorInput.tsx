/**
 * The firm's name as it is typed, offering the register's firms (by name, former name or credit
 * code) with who already follows each: one chosen links the record to it; a name typed anew adds a
 * firm when saved.
 */
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Input, Typography } from 'antd';
import { useDeferredValue, useRef } from 'react';
import { api, toQuery } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { fieldKeys, type InvestorSummary, type PageOf } from '../pages/investors/api.js';

export function InvestorInput({
  value,
  onChange,
  onPick,
  id,
  placeholder,
}: {
  value?: string;
  onChange?: (v: string) => void;
  /** A firm of the register was chosen (null: the text was changed by hand since). */
  onPick: (firm: InvestorSummary | null) => void;
  id?: string;
  placeholder?: string;
}) {
  const { t } = useI18n();
  const q = useDeferredValue((value ?? '').trim());
  const found = useQuery({
    queryKey: fieldKeys.investors({ q, pageSize: 8 }),
    queryFn: () => api<PageOf<InvestorSummary>>('GET', `/api/investors${toQuery({ q, pageSize: 8 })}`),
    enabled: q.length >= 2,
    staleTime: 30_000,
  });
  const items = q.length >= 2 ? (found.data?.items ?? []) : [];
  // The name of the firm chosen: selecting also reports the text as changed, which is not a new name.
  const picked = useRef<string | null>(null);
  return (
    <AutoComplete
      id={id}
      value={value}
      onChange={(v: string) => {
        onChange?.(v);
        if (v !== picked.current) {
          picked.current = null;
          onPick(null);
        }
      }}
      onSelect={(_v: string, option: { firm: InvestorSummary }) => {
        picked.current = option.firm.name;
        onChange?.(option.firm.name);
        onPick(option.firm);
      }}
      options={items.map((f) => ({
        key: f.id,
        value: f.name,
        firm: f,
        label: (
          <div data-testid="investor-option">
            <div>{f.name}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
              {[
                f.creditCode,
                f.followers.length
                  ? t('inv.followedBy', { orgs: f.followers.map((x) => x.orgName).join('、') })
                  : t('inv.noFollowers'),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          </div>
        ),
      }))}
    >
      <Input placeholder={placeholder ?? t('inv.pick')} />
    </AutoComplete>
  );
}
