/**
 * A record's attachments (#16 item 7): the list with a download link (photos shown as thumbnails),
 * an upload button for who may edit the record, a delete for the same. The server judges the type
 * from the content; the page only sends the bytes.
 */
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Image, List, Popconfirm, Space, Typography, Upload } from 'antd';
import type { AttachmentDto } from '../../core/api/attachments.js';
import { api, toQuery } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { errorMessage } from './forms.js';

type Kind = AttachmentDto['entityType'];

export const attachmentKeys = (entityType: Kind, entityId: number) =>
  ['attachments', entityType, entityId] as const;

export function useAttachments(entityType: Kind, entityId: number) {
  return useQuery({
    queryKey: attachmentKeys(entityType, entityId),
    queryFn: () =>
      api<{ items: AttachmentDto[] }>('GET', `/api/attachments${toQuery({ entityType, entityId })}`).then(
        (r) => r.items,
      ),
  });
}

/** Uploads one file to a record (and a month, for a month's photos); refreshes its list. */
export function useUpload(entityType: Kind, entityId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, month }: { file: File; month?: string }) =>
      api<AttachmentDto>(
        'POST',
        `/api/attachments${toQuery({ entityType, entityId, name: file.name, month })}`,
        new Blob([file], { type: 'application/octet-stream' }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: attachmentKeys(entityType, entityId) }),
  });
}

const size = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

export function Attachments({
  entityType,
  entityId,
  canWrite,
  month,
  filter,
}: {
  entityType: Kind;
  entityId: number;
  canWrite: boolean;
  /** Files added here belong to this month (a month's photos). */
  month?: string;
  filter?: (a: AttachmentDto) => boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data } = useAttachments(entityType, entityId);
  const upload = useUpload(entityType, entityId);
  const remove = useMutation({
    mutationFn: (id: number) => api('DELETE', `/api/attachments/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: attachmentKeys(entityType, entityId) }),
    onError: (e) => message.error(errorMessage(e)),
  });
  const items = (data ?? []).filter(filter ?? (() => true));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8}>
      {canWrite && (
        <Upload
          multiple
          showUploadList={false}
          accept=".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.webp,image/*"
          customRequest={({ file, onSuccess, onError }) => {
            upload.mutate(
              { file: file as File, month },
              {
                onSuccess: (a) => {
                  message.success(t('attach.added', { name: a.name }));
                  onSuccess?.(a);
                },
                onError: (e) => {
                  message.error(errorMessage(e));
                  onError?.(e as Error);
                },
              },
            );
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid={`upload-${entityType}`}>
            {t('attach.upload')}
          </Button>
        </Upload>
      )}
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: <Typography.Text type="secondary">{t('attach.none')}</Typography.Text> }}
        data-testid={`attachments-${entityType}`}
        renderItem={(a) => {
          const href = `/api/attachments/${a.id}/content`;
          return (
            <List.Item
              actions={
                canWrite
                  ? [
                      <Popconfirm
                        key="del"
                        title={t('attach.confirmRemove', { name: a.name })}
                        onConfirm={() => remove.mutate(a.id)}
                      >
                        <Button
                          type="text"
                          size="small"
                          icon={<DeleteOutlined />}
                          aria-label={t('attach.remove')}
                        />
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <Space wrap>
                {a.mime.startsWith('image/') ? (
                  <Image src={href} width={64} height={48} style={{ objectFit: 'cover' }} alt={a.name} />
                ) : (
                  <PaperClipOutlined />
                )}
                <Typography.Link href={href} target="_blank">
                  {a.name}
                </Typography.Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {size(a.size)} · {a.uploadedByName} · {a.uploadedAt.slice(0, 10)}
                  {a.month ? ` · ${a.month}` : ''}
                </Typography.Text>
              </Space>
            </List.Item>
          );
        }}
      />
    </Space>
  );
}
