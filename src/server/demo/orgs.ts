/** The demo city: Jiangmen's organisation tree (DOMAIN.md §1). Only demo data may name Jiangmen. */
export interface DemoOrg {
  key: string;
  name: string;
  kind: 'city' | 'county' | 'platform' | 'department' | 'resident_team';
  regionCode?: string;
  parent?: string;
}

export const DEMO_ORGS: DemoOrg[] = [
  { key: 'city', name: '江门市', kind: 'city', regionCode: '440700' },
  { key: 'center', name: '江门市投资促进中心', kind: 'department', parent: 'city' },
  { key: 'miit', name: '江门市工业和信息化局', kind: 'department', parent: 'city' },
  { key: 'ndrc', name: '江门市发展和改革局', kind: 'department', parent: 'city' },
  { key: 'nr', name: '江门市自然资源局', kind: 'department', parent: 'city' },
  { key: 'pengjiang', name: '蓬江区', kind: 'county', regionCode: '440703', parent: 'city' },
  { key: 'jianghai', name: '江海区', kind: 'county', regionCode: '440704', parent: 'city' },
  { key: 'xinhui', name: '新会区', kind: 'county', regionCode: '440705', parent: 'city' },
  { key: 'taishan', name: '台山市', kind: 'county', regionCode: '440781', parent: 'city' },
  { key: 'kaiping', name: '开平市', kind: 'county', regionCode: '440783', parent: 'city' },
  { key: 'heshan', name: '鹤山市', kind: 'county', regionCode: '440784', parent: 'city' },
  { key: 'enping', name: '恩平市', kind: 'county', regionCode: '440785', parent: 'city' },
  { key: 'hitech', name: '江门高新技术产业开发区', kind: 'platform', parent: 'jianghai' },
  { key: 'dagh', name: '大广海湾经济区', kind: 'platform', parent: 'city' },
  { key: 'yinhu', name: '银湖湾滨海新区', kind: 'platform', parent: 'xinhui' },
  { key: 'sz', name: '驻深圳招商组', kind: 'resident_team', parent: 'center' },
  { key: 'sh', name: '驻上海招商组', kind: 'resident_team', parent: 'center' },
  { key: 'hk', name: '驻香港招商组', kind: 'resident_team', parent: 'center' },
];

/** Demo accounts, one per role and several counties; README lists them. */
export const DEMO_PASSWORD = 'Demo#2024jm';
export const DEMO_USERS: { username: string; displayName: string; org: string; roles: string[] }[] = [
  { username: 'city', displayName: '陈招商（市投促中心）', org: 'center', roles: ['city_officer'] },
  { username: 'leader', displayName: '李主任（市领导）', org: 'city', roles: ['leader'] },
  { username: 'taishan', displayName: '黄专员（台山）', org: 'taishan', roles: ['county_officer'] },
  { username: 'heshan', displayName: '梁专员（鹤山）', org: 'heshan', roles: ['county_officer'] },
  { username: 'xinhui', displayName: '吴专员（新会）', org: 'xinhui', roles: ['county_officer'] },
  { username: 'taishan_leader', displayName: '赵局长（台山）', org: 'taishan', roles: ['leader'] },
  { username: 'referrer', displayName: '周顾问（驻深圳）', org: 'sz', roles: ['referrer'] },
  { username: 'auditor', displayName: '孙审计', org: 'city', roles: ['auditor'] },
];
