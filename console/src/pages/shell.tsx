import { Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { AREAS, mayUse } from '../areas.ts';
import { signOutOnPurpose, useMe, useSession } from '../session.tsx';
import { zh } from '../strings.ts';

/** Header with who is signed in, navigation by area (only those the roles may use), the page. */
export function Shell() {
  const { auth } = useSession();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const roles = me.data?.roles ?? [];
  const areas = AREAS.filter((area) => mayUse(area, roles));
  const selected =
    [...areas].reverse().find((area) => area.path !== '/' && location.pathname.startsWith(area.path))?.key ??
    'workbench';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          background: '#b8232f',
        }}
      >
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          {zh.product}
        </Typography.Title>
        {me.data ? (
          <Space data-testid="who" style={{ color: '#fff' }}>
            <strong>{me.data.name ?? me.data.subject}</strong>
            <span>{me.data.unit.name ?? me.data.unit.code}</span>
            {me.data.roles.map((role) => (
              <Tag key={role}>{zh.roles[role] ?? role}</Tag>
            ))}
            <Button size="small" onClick={() => signOutOnPurpose(auth)}>
              {zh.signOut}
            </Button>
          </Space>
        ) : (
          <Spin />
        )}
      </Layout.Header>
      <Layout>
        <Layout.Sider width={180} theme="light">
          <nav aria-label="主导航">
            <Menu
              mode="inline"
              selectedKeys={[selected]}
              items={areas.map((area) => ({ key: area.key, label: zh.areas[area.key] }))}
              onClick={({ key }) => navigate(areas.find((area) => area.key === key)?.path ?? '/')}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>{me.data ? <Outlet /> : <Spin />}</Layout.Content>
      </Layout>
    </Layout>
  );
}
