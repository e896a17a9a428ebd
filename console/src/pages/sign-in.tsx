import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Spin, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { answerOf } from '../api.ts';
import type { DevelopmentAuth } from '../auth/development-auth.ts';
import type { OidcAuth } from '../auth/oidc-auth.ts';
import { signedInAgain, useSession } from '../session.tsx';
import { zh } from '../strings.ts';

interface SignInLocationState {
  /** Where the user was sent from (router.tsx's SignedIn). */
  from?: string;
  /** Why the issuer's answer could not complete a sign-in (main.tsx). */
  signInError?: string;
}

interface SampleUser {
  id: string;
  name: string;
  roles: string[];
  unit: { code: string; name: string };
}

/** The sign-in page of the provider the runtime settings chose. */
export function SignInPage() {
  const { auth } = useSession();
  return auth.kind === 'oidc' ? <OidcSignIn auth={auth} /> : <DevelopmentSignIn auth={auth} />;
}

function Title() {
  return <h1 style={{ fontSize: 24, margin: '0 0 16px' }}>{`${zh.product} · ${zh.signIn.title}`}</h1>;
}

/** In AWS: the issuer's own sign-in page (authorization code with PKCE), then back to where the user was. */
function OidcSignIn({ auth }: { auth: OidcAuth }) {
  const { signedIn } = useSession();
  const location = useLocation();
  const state = (location.state as SignInLocationState | null) ?? {};
  const from = state.from ?? '/';
  const signIn = useMutation({ mutationFn: () => auth.signIn(from) });
  if (signedIn) return <Navigate to={from} replace />;
  const failure = signIn.error?.message ?? state.signInError;
  return (
    <main style={{ maxWidth: 560, margin: '64px auto', padding: '0 16px' }}>
      <Title />
      <Flex vertical gap="middle">
        <Alert type="info" showIcon title={zh.signIn.oidcHint} />
        {failure ? <Alert type="error" showIcon title={zh.signIn.failed} description={failure} /> : null}
        <Button
          type="primary"
          size="large"
          loading={signIn.isPending || signIn.isSuccess}
          onClick={() => signIn.mutate()}
        >
          {zh.signIn.oidc}
        </Button>
      </Flex>
    </main>
  );
}

const SEARCH_STYLE = {
  font: 'inherit',
  padding: '4px 11px',
  lineHeight: 1.5715,
  border: '1px solid #d9d9d9',
  borderRadius: 4,
  width: '100%',
} as const;
const UNIT_STYLE = { width: 336, border: '1px solid #f0f0f0', borderRadius: 4, background: '#fff' } as const;
const UNIT_TITLE_STYLE = {
  fontSize: 14,
  fontWeight: 600,
  margin: 0,
  padding: '8px 12px',
  borderBottom: '1px solid #f0f0f0',
} as const;

/** Local sign-in: choose a sample person; the development issuer signs a token for them. */
function DevelopmentSignIn({ auth }: { auth: DevelopmentAuth }) {
  const { client, signedIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as SignInLocationState | null)?.from ?? '/';
  const [filter, setFilter] = useState('');
  const users = useQuery({
    queryKey: ['dev-users'],
    queryFn: () => answerOf(client.GET('/v1/dev/users')),
  });
  const signIn = useMutation({
    mutationFn: (userId: string) => auth.signInAs(client, userId),
    onSuccess: () => {
      signedInAgain();
      navigate(from, { replace: true });
    },
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
      <Title />
      <Flex vertical gap="middle">
        <Alert type="info" showIcon title={zh.signIn.localHint} />
        {signIn.error ? (
          <Alert type="error" showIcon title={zh.signIn.failed} description={signIn.error.message} />
        ) : null}
        {users.error ? (
          <Alert type="error" showIcon title={zh.loadFailed} description={users.error.message} />
        ) : null}
        {/* Plain elements where antd's would double the first page's JavaScript budget share
            (Input and Card: ~35 KiB gzipped, used by no other part of this page). */}
        <input
          type="search"
          placeholder={zh.signIn.search}
          aria-label={zh.signIn.search}
          onChange={(event) => setFilter(event.target.value)}
          style={SEARCH_STYLE}
        />
        {users.isLoading ? <Spin /> : null}
        <Flex wrap gap="middle">
          {[...byUnit].map(([unit, people]) => (
            <section key={unit} aria-label={unit} style={UNIT_STYLE}>
              <h2 style={UNIT_TITLE_STYLE}>{unit}</h2>
              <Flex vertical gap="small" style={{ padding: 12 }}>
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
            </section>
          ))}
        </Flex>
      </Flex>
    </main>
  );
}
