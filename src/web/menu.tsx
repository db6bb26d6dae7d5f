/**
 * The menu's look: its groups, and the icons the route table (routes.ts) names. Drawn by AppLayout;
 * apart from the route table so that start-up reads the routes without loading any icon.
 */
import {
  AimOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BranchesOutlined,
  CalendarOutlined,
  CarOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  FlagOutlined,
  FundOutlined,
  ImportOutlined,
  LineChartOutlined,
  NodeIndexOutlined,
  PartitionOutlined,
  ProjectOutlined,
  RobotOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  SettingOutlined,
  ShopOutlined,
  SolutionOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from './i18n/messages.js';

/** Menu groups, in menu order; a group shows when any of its pages does. */
export const MENU_GROUPS = {
  leads: { icon: <AimOutlined />, label: 'menu.leads' },
  field: { icon: <ShopOutlined />, label: 'menu.field' },
  stats: { icon: <BarChartOutlined />, label: 'menu.stats' },
  // Reference pages for the business roles; the auditor reads the audit log only.
  industries: { icon: <ClusterOutlined />, label: 'menu.industries', hiddenWhen: 'audit.read' },
  system: { icon: <SettingOutlined />, label: 'menu.system' },
} as const satisfies Record<string, { icon: ReactNode; label: MessageKey; hiddenWhen?: string }>;

/** The pages' menu icons, by the names the route table gives them. */
export const MENU_ICONS = {
  apartment: <ApartmentOutlined />,
  audit: <AuditOutlined />,
  bank: <BankOutlined />,
  branches: <BranchesOutlined />,
  calendar: <CalendarOutlined />,
  car: <CarOutlined />,
  checkSquare: <CheckSquareOutlined />,
  cluster: <ClusterOutlined />,
  dashboard: <DashboardOutlined />,
  fieldTime: <FieldTimeOutlined />,
  fileText: <FileTextOutlined />,
  flag: <FlagOutlined />,
  fund: <FundOutlined />,
  import: <ImportOutlined />,
  lineChart: <LineChartOutlined />,
  nodeIndex: <NodeIndexOutlined />,
  partition: <PartitionOutlined />,
  project: <ProjectOutlined />,
  robot: <RobotOutlined />,
  safetyCertificate: <SafetyCertificateOutlined />,
  send: <SendOutlined />,
  solution: <SolutionOutlined />,
  team: <TeamOutlined />,
  unorderedList: <UnorderedListOutlined />,
} as const satisfies Record<string, ReactNode>;
