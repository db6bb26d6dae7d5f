/**
 * Three demo chains worked out link by link (upstream → downstream). Firm names are illustrative
 * demo content marked （示例）, not claims about real companies.
 */
import type { ChainPosition } from '../../core/chains.js';

export interface DemoChain {
  name: string;
  cluster: string;
  description: string;
  links: {
    position: ChainPosition;
    name: string;
    products: string;
    local?: { name: string; leader?: boolean; org?: string }[];
    targets?: string[];
  }[];
}

export const DEMO_CHAINS: DemoChain[] = [
  {
    name: '新型储能产业链',
    cluster: '新型储能',
    description: '从正负极材料、电解液、隔膜到电芯、PACK 与储能系统集成，再到储能电站与回收利用。',
    links: [
      {
        position: 'upstream',
        name: '正负极材料',
        products: '磷酸铁锂正极、人造石墨负极、前驱体',
        local: [{ name: '江门某新材料（示例）', org: '新会区' }],
      },
      {
        position: 'upstream',
        name: '电解液与隔膜',
        products: '六氟磷酸锂电解液、湿法隔膜、涂覆隔膜',
        targets: ['某电解液龙头（示例）', '某隔膜龙头（示例）'],
      },
      {
        position: 'midstream',
        name: '储能电芯制造',
        products: '280Ah/314Ah 磷酸铁锂储能电芯',
        local: [{ name: '江门某储能电池（示例）', leader: true, org: '新会区' }],
      },
      {
        position: 'midstream',
        name: 'PACK 与系统集成',
        products: '电池簇、储能柜、集装箱式储能系统',
        local: [{ name: '江门某系统集成（示例）', org: '江海区' }],
      },
      {
        position: 'midstream',
        name: 'BMS 与 PCS',
        products: '电池管理系统、储能变流器、能量管理系统',
        targets: ['某变流器企业（示例）'],
      },
      { position: 'downstream', name: '储能电站建设运营', products: '电网侧、用户侧储能电站 EPC 与运维' },
      {
        position: 'downstream',
        name: '梯次利用与回收',
        products: '退役电池检测、梯次利用、再生材料',
        targets: ['某电池回收企业（示例）'],
      },
    ],
  },
  {
    name: '硅能源（光伏）产业链',
    cluster: '硅能源',
    description: '工业硅与多晶硅、硅片，电池片与组件，光伏玻璃、逆变器等配套，直至光伏电站。',
    links: [
      {
        position: 'upstream',
        name: '多晶硅与硅片',
        products: '颗粒硅、棒状硅、N 型单晶硅片',
        targets: ['某硅料企业（示例）', '某硅片企业（示例）'],
      },
      {
        position: 'upstream',
        name: '光伏玻璃与辅材',
        products: '光伏玻璃、EVA/POE 胶膜、边框、焊带',
        local: [{ name: '鹤山某光伏玻璃（示例）', org: '鹤山市' }],
      },
      { position: 'midstream', name: '电池片', products: 'TOPCon、HJT、BC 电池片' },
      {
        position: 'midstream',
        name: '光伏组件',
        products: '双面双玻组件、轻质柔性组件',
        local: [{ name: '鹤山某光伏科技（示例）', leader: true, org: '鹤山市' }],
      },
      {
        position: 'midstream',
        name: '逆变器与支架',
        products: '组串式逆变器、跟踪支架',
        targets: ['某逆变器企业（示例）'],
      },
      {
        position: 'downstream',
        name: '光伏电站与分布式应用',
        products: '集中式电站、工商业屋顶分布式、光储充一体化',
      },
    ],
  },
  {
    name: '低空经济产业链',
    cluster: '低空经济',
    description: '材料、芯片、动力与飞控，整机制造，低空物流、巡检、文旅等应用与起降运营服务。',
    links: [
      {
        position: 'upstream',
        name: '材料与核心部件',
        products: '碳纤维复合材料、电机、电调、航空电池',
        targets: ['某复合材料企业（示例）'],
      },
      { position: 'upstream', name: '飞控与导航', products: '飞控系统、导航定位、通信链路、传感器' },
      {
        position: 'midstream',
        name: '整机制造',
        products: '工业级无人机、物流无人机、eVTOL',
        local: [{ name: '江门某航空科技（示例）', org: '江海区' }],
      },
      { position: 'downstream', name: '低空物流与巡检', products: '末端配送、电力巡检、应急救援' },
      {
        position: 'downstream',
        name: '低空文旅与运营服务',
        products: '观光飞行、起降场建设运营、飞行服务站',
        targets: ['某通航运营企业（示例）'],
      },
    ],
  },
];
