import type { components } from '@govshare/client';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { answerOf } from '../../api.ts';
import { TAG_COLOR } from '../../colors.ts';
import { cstDateTime, cstDay } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { exchange as t } from '../../strings/exchange.ts';
import { zh } from '../../strings.ts';
import { UnitName } from '../../units.tsx';

export const deliveryPath = (documentId: string, unit: string) =>
  `/exchange/deliveries/${encodeURIComponent(documentId)}/${encodeURIComponent(unit)}`;
export const documentPath = (documentId: string) => `/exchange/documents/${encodeURIComponent(documentId)}`;

/** 收文 | 发文, above every page of the area. */
export function ExchangeNav() {
  return (
    <nav aria-label={zh.areas.exchange} style={{ marginBottom: 8 }}>
      <Space size="large">
        <NavLink to="/exchange" end>
          {t.inbox}
        </NavLink>
        <NavLink to="/exchange/documents" end>
          {t.documents}
        </NavLink>
      </Space>
    </nav>
  );
}

/** 特急 and 加急 stand out; an ordinary document says so quietly. */
export function UrgencyTag({ urgency }: { urgency: string | undefined }) {
  const level = urgency ?? 'normal';
  const color = level === '特急' ? 'red' : level === '加急' ? TAG_COLOR.orange : undefined;
  return <Tag color={color}>{t.urgency[level] ?? level}</Tag>;
}

/**
 * 印章: the sealed document as the platform keeps it, checked against every unit's published seal
 * keys (POST /v1/exchange/seals/verify): which unit sealed it, and whether it is intact.
 */
export function SealBadge({ documentId, sealed }: { documentId: string; sealed: boolean }) {
  const { client } = useSession();
  const check = useQuery({
    queryKey: ['seal-check', documentId],
    enabled: sealed,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      const seal = await answerOf(
        client.GET('/v1/exchange/documents/{id}/seal', { params: { path: { id: documentId } } }),
      );
      return answerOf(client.POST('/v1/exchange/seals/verify', { body: seal.sealed }));
    },
  });
  if (!sealed) return <Tag>{t.seal.none}</Tag>;
  if (check.isLoading) return <Tag>{t.seal.checking}</Tag>;
  if (check.error) return <Tag color="red">{`${t.seal.invalid}：${check.error.message}`}</Tag>;
  const verdict = check.data;
  if (verdict?.valid)
    return (
      <Tag color={TAG_COLOR.green} data-testid="seal-valid">
        {t.seal.valid(verdict.unit)} · {cstDateTime(verdict.sealedAt)}
      </Tag>
    );
  return (
    <Tag color="red" data-testid="seal-invalid">
      {t.seal.invalid}：{verdict ? (t.seal.reasons[verdict.reason] ?? verdict.reason) : ''}
    </Tag>
  );
}

/** Opens a presigned GET the API hands out (版式 PDF, an attachment) in a new tab. */
function usePresignedOpener() {
  const { message } = App.useApp();
  return async (fetchUrl: () => Promise<{ url: string }>) => {
    // The tab is opened at the click (a popup blocker allows that), then sent to the address.
    const tab = window.open('', '_blank');
    try {
      const { url } = await fetchUrl();
      if (tab) tab.location.href = url;
      else window.location.href = url;
    } catch (error) {
      tab?.close();
      message.error(error instanceof Error ? error.message : String(error));
    }
  };
}

type DocumentContent = components['schemas']['view']['content'];
type Signature = { unit: string; signer: string; at: string };

/** A signed document as its reader sees it: the header, the body, the signatures and attachments. */
export function DocumentBody(props: {
  documentId: string;
  content: DocumentContent;
  number?: string | undefined;
  writtenOn?: string | undefined;
  signatures: readonly Signature[];
  sealed: boolean;
  hasLayout: boolean;
  extra?: ReactNode;
}) {
  const { client } = useSession();
  const open = usePresignedOpener();
  const { content, documentId } = props;
  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="document-title">{content.title}</span>
          <UrgencyTag urgency={content.urgency} />
          <SealBadge documentId={documentId} sealed={props.sealed} />
        </Space>
      }
      extra={
        <Space>
          {props.hasLayout ? (
            <Button
              onClick={() =>
                open(() =>
                  answerOf(
                    client.GET('/v1/exchange/documents/{id}/layout.pdf', {
                      params: { path: { id: documentId } },
                    }),
                  ),
                )
              }
            >
              {t.layoutPdf}
            </Button>
          ) : null}
          <Button onClick={() => window.print()}>{t.print}</Button>
          {props.extra}
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t.columns.number}>{props.number ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t.columns.type}>{content.type}</Descriptions.Item>
        <Descriptions.Item label={t.writtenOn}>{cstDay(props.writtenOn)}</Descriptions.Item>
        <Descriptions.Item label={t.columns.issuer}>
          <Space wrap size={4}>
            {content.issuingUnits.map((unit) => (
              <Tag key={unit}>
                <UnitName code={unit} />
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t.body}</Typography.Title>
      <div
        data-testid="document-body"
        style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9, fontSize: 16, marginBottom: 16 }}
      >
        {content.body}
      </div>
      {content.attachments.length ? (
        <>
          <Typography.Title level={5}>{t.attachments}</Typography.Title>
          <List
            size="small"
            dataSource={content.attachments}
            renderItem={(attachment) => (
              <List.Item>
                <Button
                  type="link"
                  onClick={() =>
                    open(() =>
                      answerOf(
                        client.GET('/v1/exchange/documents/{id}/attachments/{sha256}', {
                          params: { path: { id: documentId, sha256: attachment.sha256 } },
                        }),
                      ),
                    )
                  }
                >
                  {attachment.name}
                </Button>
                <Typography.Text type="secondary">{(attachment.size / 1024).toFixed(0)} KB</Typography.Text>
              </List.Item>
            )}
          />
        </>
      ) : null}
      {props.signatures.length ? (
        <>
          <Typography.Title level={5}>{t.signatures}</Typography.Title>
          {props.signatures.map((signature) => (
            <div key={`${signature.unit}/${signature.signer}`}>
              <UnitName code={signature.unit} />：{t.signedBy(signature.signer, cstDateTime(signature.at))}
            </div>
          ))}
        </>
      ) : null}
    </Card>
  );
}
