import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Input, Spin, Tag } from 'antd';
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
      [
        user.id,
        user.name,
        user.unit.name,
        user.unit.code,
        ...user.roles.map((role) => zh.roles[role] ?? role),
      ]
        .join(' ')
        .toLowerCase()
        .includes(words),
    );
  }, [filter, users.data]);

  if (signedIn && !signIn.isPending) return <Navigate to={from} replace />;
  const byUnit = new Map<string, SampleUser[]>();
  for (const user of shown) byUnit.set(user.unit.name, [...(byUnit.get(user.unit.name) ?? []), user]);
  return (
    <main style={{ maxWidth: 1080, margin: '32px auto', padding: '0 16px' }}>
      <h1 style={{ fontSize: 24, margin: '0 0 16px' }}>{`${zh.product} · ${zh.signIn.title}`}</h1>
      <Flex vertical gap="middle">
        <Alert type="info" showIcon title={zh.signIn.localHint} />
        {signIn.error ? (
          <Alert type="error" showIcon title={zh.signIn.failed} description={signIn.error.message} />
        ) : null}
        {users.error ? (
          <Alert type="error" showIcon title={zh.loadFailed} description={users.error.message} />
        ) : null}
        <Input
          allowClear
          type="search"
          placeholder={zh.signIn.search}
          aria-label={zh.signIn.search}
          onChange={(event) => setFilter(event.target.value)}
        />
        {users.isLoading ? <Spin /> : null}
        <Flex wrap gap="middle">
          {[...byUnit].map(([unit, people]) => (
            <Card key={unit} size="small" title={unit} style={{ width: 336 }}>
              <Flex vertical gap="small">
                {people.map((user) => (
                  <Flex key={user.id} align="center" justify="space-between" gap="small">
                    <span>
                      <strong>{user.name}</strong> <code style={{ fontSize: 12 }}>{user.id}</code>
                      <br />
                      {user.roles.map((role) => (
                        <Tag key={role} style={{ marginTop: 4 }}>
                          {zh.roles[role] ?? role}
                        </Tag>
                      ))}
                    </span>
                    <Button
                      type="primary"
                      size="small"
                      data-user={user.id}
                      aria-label={`${zh.signIn.choose}：${user.name}（${user.id}）`}
                      loading={signIn.isPending && signIn.variables === user.id}
                      onClick={() => signIn.mutate(user.id)}
                    >
                      {zh.signIn.choose}
                    </Button>
                  </Flex>
                ))}
              </Flex>
            </Card>
          ))}
        </Flex>
      </Flex>
    </main>
  );
}
