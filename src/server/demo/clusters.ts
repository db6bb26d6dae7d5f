/**
 * Demo clusters: Guangdong's 20 strategic clusters, Jiangmen's thousand-亿 clusters and ten emerging
 * industries (as the seed names them), and county specialities — each mapped to GB/T 4754 codes.
 * Editable content, not rules: an installation for another city enters its own.
 */
import type { ClusterKind } from '../../core/clusters.js';

export interface DemoCluster {
  kind: ClusterKind;
  name: string;
  codes: string[];
  org?: string;
}

export const DEMO_CLUSTERS: DemoCluster[] = [
  // 广东省十大战略性支柱产业集群
  { kind: 'gd_pillar', name: '新一代电子信息', codes: ['39'] },
  { kind: 'gd_pillar', name: '绿色石化', codes: ['25', '26', '29'] },
  { kind: 'gd_pillar', name: '智能家电', codes: ['385'] },
  { kind: 'gd_pillar', name: '汽车', codes: ['36'] },
  { kind: 'gd_pillar', name: '先进材料', codes: ['30', '31', '32', '33'] },
  { kind: 'gd_pillar', name: '现代轻工纺织', codes: ['17', '18', '19', '20', '21', '22', '24'] },
  { kind: 'gd_pillar', name: '软件与信息服务', codes: ['64', '65'] },
  { kind: 'gd_pillar', name: '超高清视频显示', codes: ['3974', '395'] },
  { kind: 'gd_pillar', name: '生物医药与健康', codes: ['27', '358'] },
  { kind: 'gd_pillar', name: '现代农业与食品', codes: ['01', '02', '03', '04', '05', '13', '14', '15'] },
  // 广东省十大战略性新兴产业集群
  { kind: 'gd_emerging', name: '半导体与集成电路', codes: ['3973', '3972', '6520', '3562'] },
  { kind: 'gd_emerging', name: '高端装备制造', codes: ['34', '35', '37'] },
  { kind: 'gd_emerging', name: '智能机器人', codes: ['3491', '3492', '3964'] },
  { kind: 'gd_emerging', name: '区块链与量子信息', codes: ['6513', '6519'] },
  { kind: 'gd_emerging', name: '前沿新材料', codes: ['3985', '2659'] },
  { kind: 'gd_emerging', name: '新能源', codes: ['4415', '4416', '3825', '384'] },
  { kind: 'gd_emerging', name: '激光与增材制造', codes: ['3493', '3562'] },
  { kind: 'gd_emerging', name: '数字创意', codes: ['657'] },
  { kind: 'gd_emerging', name: '安全应急与环保', codes: ['3591', '3353', '77'] },
  { kind: 'gd_emerging', name: '精密仪器设备', codes: ['40'] },
  // 江门市千亿级产业集群（含培育中的）
  { kind: 'city_thousand', name: '现代农业与食品（江门）', codes: ['01', '04', '13', '14', '15'] },
  {
    kind: 'city_thousand',
    name: '现代轻工纺织（江门）',
    codes: ['17', '18', '19', '21', '24', '3072', '3352'],
  },
  { kind: 'city_thousand', name: '先进材料（江门）', codes: ['30', '31', '32', '33'] },
  { kind: 'city_thousand', name: '新能源（培育）', codes: ['3825', '384', '4415', '4416'] },
  { kind: 'city_thousand', name: '电子信息（培育）', codes: ['39'] },
  { kind: 'city_thousand', name: '装备制造（培育）', codes: ['34', '35', '36', '37'] },
  // 江门市十大新兴产业
  { kind: 'city_emerging', name: '硅能源', codes: ['3825'] },
  { kind: 'city_emerging', name: '新型储能', codes: ['3841', '3849'] },
  { kind: 'city_emerging', name: '低空经济', codes: ['3963', '3744', '3749', '5621'] },
  { kind: 'city_emerging', name: '传感器', codes: ['3983'] },
  { kind: 'city_emerging', name: '海洋牧场', codes: ['041'] },
  { kind: 'city_emerging', name: '安全应急', codes: ['3353', '3591'] },
  { kind: 'city_emerging', name: '数控机床', codes: ['3421', '3422', '3425'] },
  { kind: 'city_emerging', name: '盾构机', codes: ['3514'] },
  { kind: 'city_emerging', name: '智能农机装备', codes: ['357'] },
  { kind: 'city_emerging', name: '水经济', codes: ['46', '76'] },
  // 县（市、区）特色产业
  { kind: 'county_specialty', name: '鹤山硅能源', codes: ['3825'], org: '鹤山市' },
  { kind: 'county_specialty', name: '新会新能源电池', codes: ['384'], org: '新会区' },
  { kind: 'county_specialty', name: '蓬江大健康食品', codes: ['14', '1491'], org: '蓬江区' },
  { kind: 'county_specialty', name: '江海安全应急', codes: ['3353', '3591'], org: '江海区' },
  { kind: 'county_specialty', name: '台山汽车零部件', codes: ['367'], org: '台山市' },
  { kind: 'county_specialty', name: '开平水暖卫浴', codes: ['3072', '3352'], org: '开平市' },
  { kind: 'county_specialty', name: '恩平智能装备', codes: ['34', '35'], org: '恩平市' },
];
