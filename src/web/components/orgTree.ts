import type { Org } from '../api/types.js';

export interface OrgNode {
  key: number;
  value: number;
  title: string;
  children: OrgNode[];
}

/** Organisations as a tree for antd Tree and TreeSelect. */
export function orgTreeData(orgs: Org[] | undefined, onlyActive = true): OrgNode[] {
  const list = (orgs ?? []).filter((o) => !onlyActive || o.active);
  const nodes = new Map<number, OrgNode>(
    list.map((o) => [o.id, { key: o.id, value: o.id, title: o.name, children: [] }]),
  );
  const roots: OrgNode[] = [];
  for (const o of list) {
    const parent = o.parentId ? nodes.get(o.parentId) : undefined;
    (parent ? parent.children : roots).push(nodes.get(o.id)!);
  }
  return roots;
}
