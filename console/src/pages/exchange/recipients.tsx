import type { components } from '@govshare/client';
import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useState } from 'react';
import { answerOf } from '../../api.ts';
import { useMe, useSession } from '../../session.tsx';
import { exchange as t } from '../../strings/exchange.ts';
import { childUnitsOf, topUnitFrom, type Unit } from '../../units.tsx';

type Recipient = components['schemas']['view']['content']['mainRecipients'][number];

/** A recipient as the picker's value: `unit:<code>`, `townships-of:<county>`, `departments-of:<code>`, `list:<id>`. */
export function recipientValue(recipient: Recipient): string {
  if (typeof recipient === 'string') return `unit:${recipient}`;
  if ('list' in recipient) return `list:${recipient.list}`;
  return recipient.group === 'townships-of'
    ? `townships-of:${recipient.county}`
    : `departments-of:${recipient.unit}`;
}

export function recipientOf(value: string): Recipient {
  const [kind, code = ''] = value.split(':') as [string, string | undefined];
  if (kind === 'townships-of') return { group: 'townships-of', county: code };
  if (kind === 'departments-of') return { group: 'departments-of', unit: code };
  if (kind === 'list') return { list: code };
  return code;
}

interface Node {
  id: string;
  pId?: string;
  value: string;
  title: string;
  isLeaf: boolean;
  selectable?: boolean;
}

/** A government's groups, expanded from the directory at dispatch: its departments; a county's townships. */
function groupNodes(unit: Unit): Node[] {
  if (unit.kind !== 'government') return [];
  const nodes: Node[] = [
    {
      id: `departments-of:${unit.code}`,
      pId: `unit:${unit.code}`,
      value: `departments-of:${unit.code}`,
      title: t.recipients.departmentsOf(unit.name),
      isLeaf: true,
    },
  ];
  if (unit.level === 'county') {
    const county = unit.code.slice(0, 6);
    nodes.push({
      id: `townships-of:${county}`,
      pId: `unit:${unit.code}`,
      value: `townships-of:${county}`,
      title: t.recipients.townshipsOf(unit.name),
      isLeaf: true,
    });
  }
  return nodes;
}

const unitNode = (unit: Unit, parent?: string): Node => ({
  id: `unit:${unit.code}`,
  ...(parent ? { pId: parent } : {}),
  value: `unit:${unit.code}`,
  title: unit.name,
  isLeaf: unit.level === 'township' && unit.kind !== 'government',
});

/**
 * 主送 / 抄送: units chosen from the unit tree (each level loaded as it is opened), the groups the
 * platform expands at dispatch (a government's departments, a county's townships), and the unit's
 * saved recipient lists.
 */
export function RecipientPicker(props: {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  'aria-label'?: string;
}) {
  const { client } = useSession();
  const me = useMe();
  const [nodes, setNodes] = useState<Node[]>([]);
  // The top of the tree: from my unit up through its parents (a unit knows only its parent).
  useQuery({
    queryKey: ['recipient-tree-root', me.data?.unit.code],
    enabled: Boolean(me.data),
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      const unit = await topUnitFrom(client, me.data?.unit.code ?? '');
      const lists = await answerOf(client.GET('/v1/exchange/recipient-lists', { params: { query: {} } }));
      setNodes([
        unitNode(unit),
        ...groupNodes(unit),
        ...lists.items.map((list) => ({
          id: `list:${list.id}`,
          value: `list:${list.id}`,
          title: t.recipients.list(list.name, list.units.length),
          isLeaf: true,
        })),
      ]);
      return unit.code;
    },
  });
  const load = async (node: object) => {
    const id = String((node as { id?: unknown }).id ?? '');
    if (!id.startsWith('unit:') || nodes.some((n) => n.pId === id && n.id.startsWith('unit:'))) return;
    const children = (await childUnitsOf(client, id.slice('unit:'.length))).filter((unit) => !unit.dissolved);
    setNodes((current) => [
      ...current,
      ...children.flatMap((child) => [unitNode(child, id), ...groupNodes(child)]),
    ]);
  };
  return (
    <TreeSelect
      id={props.id}
      aria-label={props['aria-label']}
      treeDataSimpleMode
      treeData={nodes}
      loadData={load}
      multiple
      treeCheckable={false}
      showSearch
      treeNodeFilterProp="title"
      placeholder={t.recipients.placeholder}
      value={props.value ?? []}
      onChange={(value) => props.onChange?.(value as string[])}
      style={{ width: '100%' }}
    />
  );
}
