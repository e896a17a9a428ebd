import type { paths } from '@govshare/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Input,
  Modal,
  Progress,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { hasAny } from '../../areas.ts';
import { TAG_COLOR } from '../../colors.ts';
import { cstDateTime } from '../../format.ts';
import { useMe, useSession } from '../../session.tsx';
import { exchange as t } from '../../strings/exchange.ts';
import { zh } from '../../strings.ts';
import { UnitName } from '../../units.tsx';
import { DocumentBody, deliveryPath, ExchangeNav } from './shared.tsx';

type Matrix =
  paths['/v1/exchange/documents/{id}/deliveries']['get']['responses'][200]['content']['application/json'];
type MatrixRow = Matrix['items'][number];
type DocumentAnswer =
  paths['/v1/exchange/documents/{id}']['get']['responses'][200]['content']['application/json'];

/** The states counted as signed for (the progress bar): everything after 送达 and 打开 but a return. */
const SIGNED_FOR = ['signed-for', 'registered', 'assigned', 'handled', 'replied'];
const SENDERS = ['clerk', 'signer'];

/**
 * 分发情况: every recipient unit of a sent document, its state and times, overdue in red, with the
 * counts by state and a bar of how many have signed for it; a sender urges (催办) the units chosen or
 * every overdue one, and withdraws deliveries not yet signed for.
 */
function StatusMatrix({ documentId, mayAct }: { documentId: string; mayAct: boolean }) {
  const { client } = useSession();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [onlyOverdue, setOnlyOverdue] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const matrix = useQuery({
    queryKey: ['matrix', documentId, onlyOverdue],
    queryFn: () =>
      answerOf(
        client.GET('/v1/exchange/documents/{id}/deliveries', {
          params: { path: { id: documentId }, query: onlyOverdue ? { overdue: 'true' } : {} },
        }),
      ),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['matrix', documentId] });
  const urge = useMutation({
    mutationFn: (body: { units: string[] } | { all: true }) =>
      answerOf(
        client.POST('/v1/exchange/documents/{id}/urge', { params: { path: { id: documentId } }, body }),
      ),
    onSuccess: (answer) => {
      const others = answer.results.filter((result) => result.outcome !== 'urged');
      message.success(
        [
          t.done.urge(answer.urged),
          ...others.map((result) => `${result.unit} ${t.urgeOutcome[result.outcome] ?? result.outcome}`),
        ].join('；'),
      );
      setSelected([]);
      refresh();
    },
    onError: (error) => message.error(error.message),
  });
  const withdraw = useMutation({
    mutationFn: (units: string[]) =>
      answerOf(
        client.POST('/v1/exchange/documents/{id}/deliveries/withdraw', {
          params: { path: { id: documentId } },
          body: { units },
        }),
      ),
    onSuccess: (answer) => {
      message.success(t.done.withdraw(answer.withdrawn));
      setSelected([]);
      refresh();
    },
    onError: (error) => message.error(error.message),
  });
  if (matrix.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={matrix.error.message} />;
  const counts = matrix.data?.counts;
  const signed = counts
    ? SIGNED_FOR.reduce((sum, state) => sum + (counts.byState[state as keyof typeof counts.byState] ?? 0), 0)
    : 0;
  return (
    <Card title={t.matrix.title} data-testid="status-matrix">
      {counts ? (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
          <Space wrap>
            <span>{t.matrix.total(counts.total)}</span>
            {Object.entries(counts.byState)
              .filter(([, n]) => n > 0)
              .map(([state, n]) => (
                <Tag key={state}>{`${t.deliveryState[state] ?? state} ${n}`}</Tag>
              ))}
            {counts.overdue ? <Tag color="red">{t.matrix.overdue(counts.overdue)}</Tag> : null}
            {counts.undeliverable ? (
              <Tag color={TAG_COLOR.red}>{t.matrix.undeliverable(counts.undeliverable)}</Tag>
            ) : null}
          </Space>
          <Space style={{ width: '100%' }}>
            <span>{`${t.matrix.progress} ${signed}/${counts.total}`}</span>
            <Progress
              aria-label={t.matrix.progress}
              style={{ width: 320, margin: 0 }}
              percent={counts.total ? Math.round((100 * signed) / counts.total) : 0}
              showInfo={false}
            />
          </Space>
        </Space>
      ) : null}
      <Space wrap style={{ marginBottom: 12 }}>
        <Space>
          <Switch
            aria-label={t.matrix.onlyOverdue}
            checked={onlyOverdue}
            onChange={(checked) => {
              setSelected([]);
              setOnlyOverdue(checked);
            }}
          />
          {t.matrix.onlyOverdue}
        </Space>
        {mayAct ? (
          <>
            <Button
              disabled={selected.length === 0}
              loading={urge.isPending}
              onClick={() => urge.mutate({ units: selected })}
            >
              {t.matrix.urgeSelected}
            </Button>
            <Button
              danger
              disabled={!counts?.overdue}
              loading={urge.isPending}
              onClick={() => urge.mutate({ all: true })}
            >
              {t.matrix.urgeAllOverdue}
            </Button>
            <Button
              disabled={selected.length === 0}
              loading={withdraw.isPending}
              onClick={() =>
                modal.confirm({
                  title: t.matrix.withdrawSelected,
                  content: t.matrix.withdrawConfirm(selected.length),
                  okText: t.actions.confirm,
                  cancelText: t.actions.cancel,
                  onOk: () => withdraw.mutateAsync(selected),
                })
              }
            >
              {t.matrix.withdrawSelected}
            </Button>
            <span>{t.selected(selected.length)}</span>
          </>
        ) : null}
      </Space>
      <Table<MatrixRow>
        size="small"
        rowKey="recipientUnit"
        loading={matrix.isFetching}
        dataSource={matrix.data?.items ?? []}
        // The matrix comes whole (a document has at most a few hundred recipients); shown 20 a page.
        pagination={{ pageSize: 20, showSizeChanger: false }}
        rowSelection={
          mayAct
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                getCheckboxProps: (row) => ({ 'aria-label': row.recipientName ?? row.recipientUnit }),
              }
            : undefined
        }
        columns={[
          {
            title: t.columns.recipient,
            render: (_, row) => (
              <Link to={deliveryPath(row.documentId, row.recipientUnit)}>
                {row.recipientName ?? <UnitName code={row.recipientUnit} />}
              </Link>
            ),
          },
          { title: t.columns.as, width: 80, render: (_, row) => t.as[row.as] },
          {
            title: t.columns.state,
            width: 110,
            render: (_, row) => (
              <Tag color={row.state === 'returned' ? 'red' : undefined} data-state={row.state}>
                {t.deliveryState[row.state] ?? row.state}
              </Tag>
            ),
          },
          { title: t.columns.deliveredAt, width: 150, render: (_, row) => cstDateTime(row.deliveredAt) },
          {
            title: t.columns.signedForAt,
            width: 170,
            render: (_, row) =>
              row.signedForAt ? `${cstDateTime(row.signedForAt)} ${row.signedForBy ?? ''}` : '—',
          },
          {
            title: t.columns.dueAt,
            width: 190,
            render: (_, row) => {
              const due = row.handleDueAt ?? row.signForDueAt;
              return row.overdue ? (
                <Typography.Text type="danger" strong>
                  {cstDateTime(due)} {t.overdue[row.overdue]}
                </Typography.Text>
              ) : (
                cstDateTime(due)
              );
            },
          },
          {
            title: t.columns.lastUrge,
            width: 110,
            render: (_, row) =>
              row.lastUrge ? <Tag color={TAG_COLOR.orange}>{t.matrix.level(row.lastUrge.level)}</Tag> : '—',
          },
        ]}
      />
    </Card>
  );
}

/** The drafting side's view, or a recipient's (which has no reviews). */
const isDraftingView = (
  document: DocumentAnswer,
): document is Extract<DocumentAnswer, { reviews: unknown }> => 'reviews' in document;

/** A step of the workflow that needs an opinion (审核意见, 退回意见, 签发意见). */
function OpinionButton({
  action,
  label,
  required,
  danger,
  onSubmit,
}: {
  /** Names the button for tests and for the keyboard path (data-action). */
  action: string;
  label: string;
  required?: boolean;
  danger?: boolean;
  onSubmit: (opinion: string) => Promise<unknown>;
}) {
  const [open, setOpen] = useState(false);
  const [opinion, setOpinion] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Button
        type={danger ? 'default' : 'primary'}
        danger={danger}
        data-action={action}
        onClick={() => setOpen(true)}
      >
        {label}
      </Button>
      <Modal
        open={open}
        title={label}
        okText={t.actions.confirm}
        cancelText={t.actions.cancel}
        okButtonProps={{ disabled: required && !opinion.trim() }}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        onOk={async () => {
          setBusy(true);
          try {
            await onSubmit(opinion.trim());
            setOpen(false);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Input.TextArea
          aria-label={label}
          rows={4}
          maxLength={2000}
          value={opinion}
          onChange={(event) => setOpinion(event.target.value)}
        />
      </Modal>
    </>
  );
}

/**
 * 公文: one document, as its issuing units, reviewers and recipients may read it; the review record;
 * the next workflow step the signed-in person may take (审核同意 / 退回修改, 签发, 分发); once sent,
 * its status matrix.
 */
export function DocumentPage() {
  const { id = '' } = useParams();
  const { client } = useSession();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const me = useMe();
  const answer = useQuery({
    queryKey: ['document', id],
    queryFn: () => answerOf(client.GET('/v1/exchange/documents/{id}', { params: { path: { id } } })),
  });
  const after = (done: string) => () => {
    message.success(done);
    queries.invalidateQueries({ queryKey: ['document', id] });
    queries.invalidateQueries({ queryKey: ['documents'] });
  };
  const fail = (error: Error) => {
    message.error(error.message);
    throw error;
  };
  if (answer.error)
    return <Alert type="error" showIcon title={zh.loadFailed} description={answer.error.message} />;
  if (!answer.data || !me.data) return <Spin />;
  const document = answer.data;
  const roles = me.data.roles;
  const path = { params: { path: { id } } };
  const drafting = isDraftingView(document) ? document : undefined;
  const step = drafting?.currentStep !== undefined ? drafting.steps[drafting.currentStep] : undefined;
  const myReview =
    drafting?.state === 'in-review' &&
    drafting.reviews.some(
      (review) =>
        review.reviewer === me.data.subject &&
        review.outcome === 'pending' &&
        review.round === drafting.round,
    );
  const issuer = document.content.issuingUnits.includes(me.data.unit.code);
  const sent = document.state === 'dispatched' || document.state === 'archived';
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <ExchangeNav />
      <DocumentBody
        documentId={id}
        content={document.content}
        number={document.number?.original}
        writtenOn={document.writtenOn}
        signatures={document.signatures}
        sealed={Boolean(document.seal)}
        hasLayout={Boolean(drafting?.layout)}
        extra={<Tag color="blue">{t.documentState[document.state] ?? document.state}</Tag>}
      />
      {drafting &&
      (myReview ||
        (drafting.state === 'approved' && roles.includes('signer')) ||
        (drafting.state === 'signed' && issuer && hasAny(roles, SENDERS))) ? (
        <Card title={t.document}>
          <Space wrap>
            {myReview ? (
              <>
                <OpinionButton
                  action="approve"
                  label={t.actions.approve}
                  onSubmit={(opinion) =>
                    answerOf(
                      client.POST('/v1/exchange/documents/{id}/approve', {
                        ...path,
                        body: opinion ? { opinion } : {},
                      }),
                    ).then(after(t.done.approve), fail)
                  }
                />
                <OpinionButton
                  action="return"
                  label={t.actions.returnForRevision}
                  required
                  danger
                  onSubmit={(comments) =>
                    answerOf(
                      client.POST('/v1/exchange/documents/{id}/return', { ...path, body: { comments } }),
                    ).then(after(t.done.returnForRevision), fail)
                  }
                />
              </>
            ) : null}
            {drafting.state === 'approved' && roles.includes('signer') ? (
              <OpinionButton
                action="sign-off"
                label={t.actions.signOff}
                onSubmit={(opinion) =>
                  answerOf(
                    client.POST('/v1/exchange/documents/{id}/sign-off', {
                      ...path,
                      body: opinion ? { opinion } : {},
                    }),
                  ).then(after(t.done.signOff), fail)
                }
              />
            ) : null}
            {drafting.state === 'signed' && issuer && hasAny(roles, SENDERS) ? (
              <Button
                type="primary"
                onClick={() =>
                  answerOf(client.POST('/v1/exchange/documents/{id}/dispatch', path)).then(
                    after(t.done.dispatch),
                    (error: Error) => message.error(error.message),
                  )
                }
              >
                {t.actions.dispatch}
              </Button>
            ) : null}
          </Space>
          {step ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t.stepReviewers(step.reviewers.join('、'))}
            </Typography.Paragraph>
          ) : null}
        </Card>
      ) : null}
      {drafting?.reviews.length ? (
        <Card title={t.reviews} size="small">
          <Table
            size="small"
            rowKey={(review) => `${review.round}/${review.step}/${review.reviewer}`}
            pagination={false}
            dataSource={drafting.reviews}
            columns={[
              { title: t.columns.reviewer, dataIndex: 'reviewer' },
              {
                title: t.columns.state,
                render: (_, review) => t.reviewOutcome[review.outcome] ?? review.outcome,
              },
              { title: t.fields.opinion, render: (_, review) => review.opinion ?? '—' },
              { title: t.columns.decidedAt, render: (_, review) => cstDateTime(review.decidedAt) },
            ]}
          />
        </Card>
      ) : null}
      {sent && issuer ? <StatusMatrix documentId={id} mayAct={hasAny(roles, SENDERS)} /> : null}
    </Space>
  );
}
