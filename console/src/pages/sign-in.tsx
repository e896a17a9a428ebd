import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { answerOf } from '../api.ts';
import { useSession } from '../session.tsx';
import { zh } from '../strings.ts';

interface SampleUser {
  id: string;
  name: string;
  roles: string[];
  unit: { code: string; name: string };
}

/** Local sign-in: choose a sample person; the development issuer signs a token for them. */
export function SignInPage() {
  const { auth, client, signedIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [filter, setFilter] = useState('');
  const users = useQuery({
    queryKey: ['dev-users'],
    queryFn: () => answerOf(client.GET('/v1/dev/users')),
  });
  const signIn = useMutation({
    mutationFn: (userId: string) => auth.signInAs(client, userId),
    onSuccess: () => navigate(from, { replace: true }),
  });
  const shown = useMemo(() => {
    const words = filter.trim().toLowerCase();
    const all: SampleUser[] = users.data?.items ?? [];
    if (!words) return all;
    return all.filter((user) =>
      [user.id, user.name, user.unit.name, user.unit.code, ...user.roles.map((role) => zh.roles[role] ?? role)]
        .join(' ')
        .toLowerCase()
        .includes(words),
    );
  }, [filter, users.data]);

  if (signedIn && !signIn.isPending) return <Navigate to={from} replace />;
  return (
    <main style={{ maxWidth: 960, margin: '40px auto', padding: '0 16px' }}>
      <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{`${zh.product} · ${zh.signIn.title}`}</Typography.Title>}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Alert type="info" showIcon title={zh.signIn.localHint} />
          {signIn.error ? <Alert type="error" showIcon title={zh.signIn.failed} description={signIn.error.message} /> : null}
          {users.error ? <Alert type="error" showIcon title={zh.loadFailed} description={users.error.message} /> : null}
          <Input.Search
            allowClear
            placeholder={zh.signIn.search}
            aria-label={zh.signIn.search}
            onChange={(event) => setFilter(event.target.value)}
          />
          <Table<SampleUser>
            rowKey="id"
            size="small"
            loading={users.isLoading}
            dataSource={shown}
            pagination={{ pageSize: 10, showSizeChanger: false }}
            columns={[
              { title: '姓名', dataIndex: 'name', width: 100 },
              { title: '编号', dataIndex: 'id', width: 200, render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
              { title: '单位', render: (_, user) => user.unit.name },
              {
                title: '角色',
                render: (_, user) => user.roles.map((role) => <Tag key={role}>{zh.roles[role] ?? role}</Tag>),
              },
              {
                title: '',
                width: 90,
                render: (_, user) => (
                  <Button
                    type="primary"
                    size="small"
                    data-user={user.id}
                    loading={signIn.isPending && signIn.variables === user.id}
                    onClick={() => signIn.mutate(user.id)}
                  >
                    {zh.signIn.choose}
                  </Button>
                ),
              },
            ]}
          />
        </Space>
      </Card>
    </main>
  );
}
