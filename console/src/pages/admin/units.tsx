import type { components, paths } from '@govshare/client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { TAG_COLOR } from '../../colors.ts';
import { CursorPager, useCursorPages } from '../../paging.tsx';
import { useMe, useSession } from '../../session.tsx';
import { admin as t } from '../../strings/admin.ts';
import { zh } from '../../strings.ts';
import { childUnitsOf, topUnitFrom, type Unit } from '../../units.tsx';
import { AdminNav, FormModal } from './shared.tsx';

type Principal = components['schemas']['Principal'];
type Role = Principal['roles'][number];
type UnitInput = paths['/v1/units']['post']['requestBody']['content']['application/json'];
type UserInput = paths['/v1/users']['post']['requestBody']['content']['application/json'];

const PAGE_SIZE = 20;
const LEVELS: Unit['level'][] = ['province', 'city', 'county', 'township'];
const KINDS: Unit['kind'][] = ['government', 'department', 'institution'];
const ROLE_OPTIONS = Object.entries(zh.roles).map(([value, label]) => ({
  value,
  label: `${label}（${value}）`,
}));
const UNIT_FIELDS = ['code', 'name', 'shortName', 'parentCode', 'level', 'kind'];
const USER_FIELDS = ['id', 'name', 'unitCode', 'kind', 'roles', 'externalSubject'];
const ACCESS_FIELDS = ['roles', 'disabled'];

interface TreeNode {
  key: string;
  title: string;
  isLeaf?: boolean;
  children?: TreeNode[];
}

/**
 * 单位树: from the top of the tree this deployment serves (found from the admin's own unit up
 * through its parents), each level loaded from GET /v1/units?parent=… as it is opened.
 */
function UnitTree({
  selected,
  onSelect,
  loadedChildren: children,
  onLoaded,
}: {
  selected: string | undefined;
  onSelect: (unit: Unit) => void;
  loadedChildren: Record<string, Unit[]>;
  onLoaded: (parent: string, units: Unit[]) => void;
}) {
  const { client } = useSession();
  const me = useMe();
  const [expanded, setExpanded] = useState<string[]>([]);
  const top = useQuery({
    queryKey: ['admin-top-unit', me.data?.unit.code],
    enabled: Boolean(me.data),
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () => topUnitFrom(client, me.data?.unit.code ?? ''),
  });
  if (top.error) return <Alert type="error" showIcon title={zh.loadFailed} description={top.error.message} />;
  if (!top.data) return <Spin />;
  const byCode = new Map<string, Unit>([[top.data.code, top.data]]);
  for (const list of Object.values(children)) for (const unit of list) byCode.set(unit.code, unit);
  const nodeOf = (unit: Unit): TreeNode => {
    const known = children[unit.code];
    return {
      key: unit.code,
      title: unit.dissolved ? `${unit.name}（${t.units.dissolved}）` : unit.name,
      ...(known ? { isLeaf: known.length === 0, children: known.map(nodeOf) } : {}),
    };
  };
  return (
    <Tree<TreeNode>
      data-testid="unit-tree"
      treeData={[nodeOf(top.data)]}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys.map(String))}
      selectedKeys={selected ? [selected] : []}
      onSelect={(_, { node }) => {
        const unit = byCode.get(String(node.key));
        if (unit) onSelect(unit);
      }}
      loadData={async (node) => {
        const code = String(node.key);
        if (children[code]) return;
        onLoaded(code, await childUnitsOf(client, code));
      }}
    />
  );
}

function RoleTags({ roles }: { roles: readonly string[] }) {
  if (roles.length === 0) return <Typography.Text type="secondary">{t.users.noRoles}</Typography.Text>;
  return (
    <Space size={[0, 4]} wrap>
      {roles.map((role) => (
        <Tag key={role}>{zh.roles[role] ?? role}</Tag>
      ))}
    </Space>
  );
}

/** A unit's users and systems, a page at a time, with their roles; the admin changes roles or disables. */
function UnitUsers({ unit }: { unit: Unit }) {
  const { client } = useSession();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const pages = useCursorPages(unit.code);
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'roles'; user: Principal }>();
  const users = useQuery({
    queryKey: ['admin-users', unit.code, pages.cursor],
    placeholderData: keepPreviousData,
    queryFn: () =>
      answerOf(
        client.GET('/v1/users', {
          params: {
            query: { unit: unit.code, limit: PAGE_SIZE, ...(pages.cursor ? { cursor: pages.cursor } : {}) },
          },
        }),
      ),
  });
  const changed = () => queries.invalidateQueries({ queryKey: ['admin-users', unit.code] });
  const putAccess = (user: Principal, access: { roles: Role[]; disabled: boolean }) =>
    answerOf(client.PUT('/v1/users/{id}/access', { params: { path: { id: user.id } }, body: access }));
  const toggle = useMutation({
    mutationFn: (user: Principal) => putAccess(user, { roles: user.roles, disabled: !user.disabled }),
    onSuccess: (user) => {
      message.success(user.disabled ? t.users.disabledDone(user.name) : t.users.enabledDone(user.name));
      changed();
    },
    onError: (error) => message.error(error.message),
  });
  return (
    <Card
      title={t.users.title(unit.name)}
      extra={
        <Button type="primary" onClick={() => setDialog({ kind: 'create' })}>
          {t.users.create}
        </Button>
      }
    >
      {users.error ? (
        <Alert type="error" showIcon title={zh.loadFailed} description={users.error.message} />
      ) : null}
      <Table<Principal>
        data-testid="unit-users"
        rowKey="id"
        size="small"
        loading={users.isFetching}
        dataSource={users.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t.users.nothing }}
        columns={[
          { title: t.users.id, dataIndex: 'id', width: 180 },
          { title: t.users.name, dataIndex: 'name', width: 120 },
          { title: t.users.kind, width: 70, render: (_, user) => t.users.kinds[user.kind] ?? user.kind },
          { title: t.users.roles, render: (_, user) => <RoleTags roles={user.roles} /> },
          {
            title: t.users.state,
            width: 90,
            render: (_, user) =>
              user.disabled ? (
                <Tag color={TAG_COLOR.red} data-state="disabled">
                  {t.users.disabled}
                </Tag>
              ) : (
                <Tag data-state="enabled">{t.users.enabled}</Tag>
              ),
          },
          {
            title: t.users.actions,
            width: 170,
            render: (_, user) => (
              <Space size={4}>
                <Button size="small" onClick={() => setDialog({ kind: 'roles', user })}>
                  {t.users.editRoles}
                </Button>
                {user.disabled ? (
                  <Button size="small" loading={toggle.isPending} onClick={() => toggle.mutate(user)}>
                    {t.users.enable}
                  </Button>
                ) : (
                  <Popconfirm
                    title={t.users.disableConfirm(user.name)}
                    okText={t.users.disable}
                    cancelText={t.cancel}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => toggle.mutate(user)}
                  >
                    <Button size="small" danger>
                      {t.users.disable}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
        footer={() => <CursorPager pages={pages} nextCursor={users.data?.nextCursor} />}
      />
      {dialog?.kind === 'create' ? (
        <FormModal<UserInput, Principal>
          title={t.users.create}
          okText={t.users.create}
          testId="user-form"
          fields={USER_FIELDS}
          initialValues={{ unitCode: unit.code, kind: 'person', roles: [] }}
          send={(body) => answerOf(client.POST('/v1/users', { body }))}
          onDone={(user) => {
            message.success(t.users.created(user.name));
            setDialog(undefined);
            changed();
          }}
          onClose={() => setDialog(undefined)}
        >
          <Form.Item name="id" label={t.users.id}>
            <Input maxLength={63} />
          </Form.Item>
          <Form.Item name="name" label={t.users.name}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="unitCode" label={t.units.code}>
            <Input maxLength={24} />
          </Form.Item>
          <Form.Item name="kind" label={t.users.kind}>
            <Select options={Object.entries(t.users.kinds).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="roles" label={t.users.roles}>
            <Select mode="multiple" optionFilterProp="label" options={ROLE_OPTIONS} />
          </Form.Item>
          <Form.Item
            name="externalSubject"
            label={t.users.externalSubject}
            extra={t.users.externalSubjectHint}
          >
            <Input maxLength={200} />
          </Form.Item>
        </FormModal>
      ) : null}
      {dialog?.kind === 'roles' ? (
        <FormModal<{ roles: Role[] }, Principal>
          title={t.users.editRolesOf(dialog.user.name)}
          okText={t.save}
          testId="roles-form"
          fields={ACCESS_FIELDS}
          initialValues={{ roles: dialog.user.roles }}
          send={({ roles }) => putAccess(dialog.user, { roles, disabled: Boolean(dialog.user.disabled) })}
          onDone={(user) => {
            message.success(t.users.saved(user.name));
            setDialog(undefined);
            changed();
          }}
          onClose={() => setDialog(undefined)}
        >
          <Form.Item name="roles" label={t.users.roles}>
            <Select mode="multiple" optionFilterProp="label" options={ROLE_OPTIONS} />
          </Form.Item>
        </FormModal>
      ) : null}
    </Card>
  );
}

/**
 * 单位与用户: the unit tree on the left; the chosen unit (?unit=…, the admin's own at first), its
 * users and systems with their roles on the right. New units and users are entered in forms that
 * show the API's refusals beside the fields.
 */
export function UnitsPage() {
  const { client } = useSession();
  const { message } = App.useApp();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [children, setChildren] = useState<Record<string, Unit[]>>({});
  const [creating, setCreating] = useState(false);
  const code = params.get('unit') ?? me.data?.unit.code;
  const unit = useQuery({
    queryKey: ['unit', code],
    enabled: Boolean(code),
    queryFn: () => answerOf(client.GET('/v1/units/{code}', { params: { path: { code: code ?? '' } } })),
  });
  const loaded = (parent: string, units: Unit[]) =>
    setChildren((current) => ({ ...current, [parent]: units }));
  return (
    <>
      <AdminNav />
      <Typography.Title level={3}>{t.units.title}</Typography.Title>
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Card title={t.units.tree} size="small">
            <UnitTree
              selected={code}
              loadedChildren={children}
              onLoaded={loaded}
              onSelect={(chosen) => setParams({ unit: chosen.code })}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          {unit.error ? (
            <Alert type="error" showIcon title={zh.loadFailed} description={unit.error.message} />
          ) : null}
          {unit.data ? (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Card
                size="small"
                title={unit.data.name}
                extra={<Button onClick={() => setCreating(true)}>{t.units.create}</Button>}
              >
                <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="unit-details">
                  <Descriptions.Item label={t.units.code}>{unit.data.code}</Descriptions.Item>
                  <Descriptions.Item label={t.units.shortName}>{unit.data.shortName}</Descriptions.Item>
                  <Descriptions.Item label={t.units.level}>
                    {t.units.levels[unit.data.level]} · {t.units.kinds[unit.data.kind]}
                    {unit.data.dissolved ? ` · ${t.units.dissolved}` : ''}
                  </Descriptions.Item>
                </Descriptions>
              </Card>
              <UnitUsers key={unit.data.code} unit={unit.data} />
            </Space>
          ) : (
            <Typography.Paragraph>{t.units.choose}</Typography.Paragraph>
          )}
        </Col>
      </Row>
      {creating && unit.data ? (
        <FormModal<UnitInput, Unit>
          title={t.units.create}
          okText={t.units.create}
          testId="unit-form"
          fields={UNIT_FIELDS}
          initialValues={{ parentCode: unit.data.code, level: unit.data.level, kind: 'department' }}
          send={(body) => answerOf(client.POST('/v1/units', { body }))}
          onDone={async (created) => {
            message.success(t.units.created(created.name));
            setCreating(false);
            if (created.parentCode)
              loaded(created.parentCode, await childUnitsOf(client, created.parentCode));
          }}
          onClose={() => setCreating(false)}
        >
          <Form.Item name="code" label={t.units.code}>
            <Input maxLength={24} />
          </Form.Item>
          <Form.Item name="name" label={t.units.name}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="shortName" label={t.units.shortName}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="parentCode" label={t.units.parentCode}>
            <Input maxLength={24} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="level" label={t.units.level}>
              <Select
                style={{ width: 160 }}
                options={LEVELS.map((value) => ({ value, label: t.units.levels[value] }))}
              />
            </Form.Item>
            <Form.Item name="kind" label={t.units.kind}>
              <Select
                style={{ width: 160 }}
                options={KINDS.map((value) => ({ value, label: t.units.kinds[value] }))}
              />
            </Form.Item>
          </Space>
        </FormModal>
      ) : null}
    </>
  );
}
