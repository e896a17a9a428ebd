import type { InformationQuotaTable, InformationScoringMethod } from './information.ts';

/**
 * The sample city's information configuration. The quotas are seed 004's 采用任务分配表 (巴中, 2008)
 * applied to the sample city (商洛, functions/src/identity/sample-directory.ts); the scoring method's
 * values are the sample's own: seed 004 names its 附件3 (2008年采用政务信息计分办法) but does not
 * reproduce it, so the points below are a plausible configuration, not the seed's.
 */

/** Seed 004's rows that the sample maps (name as the seed writes it → points). */
export const SEED_004_QUOTAS: Readonly<Record<string, number>> = {
  // 一、县（区）政府
  巴州区: 400,
  南江县: 400,
  通江县: 400,
  平昌县: 400,
  // 二、市政府部门 (the rows the sample city's departments descend from)
  发改委: 80,
  经委: 60,
  规划和建设局: 80,
  交通局: 80,
  水利局: 80,
  农业局: 80,
  教育局: 60,
  国土局: 80,
  公安局: 80,
  民政局: 60,
  司法局: 60,
  财政局: 40,
  人事局: 60,
  劳动和保障局: 70,
  科技局: 60,
  卫生局: 60,
  人口与计生委: 50,
  文体局: 50,
  旅游局: 60,
  审计局: 50,
  统计局: 80,
  工商局: 80,
  质监局: 80,
  药监局: 80,
  物价局: 60,
  商务局: 60,
  政务服务中心: 50,
};

/**
 * Which seed rows each sample unit descends from. Today's departments merged several of 2008's
 * (人力资源和社会保障局 = 人事局 + 劳动和保障局; 市场监督管理局 = 工商局 + 质监局 + 药监局 + 物价局'
 * pricing): a merged unit takes the largest of their quotas (one information desk, not four). Every
 * county government takes the seed's county figure (its four rows are all 400). Not given a quota: the city government and its
 * general office (the office adopts, it is not assessed on adoption), the e-government office
 * (seed 004's 电子政务中心 sits in that office), 医疗保障局 (founded 2018: no row), county
 * departments and townships (seed 004 is the city's table; counties allot their own).
 */
export const SAMPLE_QUOTA_MAPPING: readonly {
  unitCode: string;
  unit: string;
  seedRows: readonly string[];
}[] = [
  { unitCode: '611002000', unit: '商州区人民政府', seedRows: ['巴州区'] },
  { unitCode: '611021000', unit: '洛南县人民政府', seedRows: ['南江县'] },
  { unitCode: '611022000', unit: '丹凤县人民政府', seedRows: ['通江县'] },
  { unitCode: '611023000', unit: '商南县人民政府', seedRows: ['平昌县'] },
  { unitCode: '611024000', unit: '山阳县人民政府', seedRows: ['南江县'] },
  { unitCode: '611025000', unit: '镇安县人民政府', seedRows: ['通江县'] },
  { unitCode: '611026000', unit: '柞水县人民政府', seedRows: ['平昌县'] },
  { unitCode: '611000101', unit: '商洛市发展和改革委员会', seedRows: ['发改委'] },
  { unitCode: '611000102', unit: '商洛市教育局', seedRows: ['教育局'] },
  { unitCode: '611000103', unit: '商洛市科学技术局', seedRows: ['科技局'] },
  { unitCode: '611000104', unit: '商洛市工业和信息化局', seedRows: ['经委'] },
  { unitCode: '611000105', unit: '商洛市公安局', seedRows: ['公安局'] },
  { unitCode: '611000106', unit: '商洛市民政局', seedRows: ['民政局'] },
  { unitCode: '611000107', unit: '商洛市司法局', seedRows: ['司法局'] },
  { unitCode: '611000108', unit: '商洛市财政局', seedRows: ['财政局'] },
  { unitCode: '611000109', unit: '商洛市人力资源和社会保障局', seedRows: ['人事局', '劳动和保障局'] },
  { unitCode: '611000110', unit: '商洛市自然资源局', seedRows: ['国土局'] },
  { unitCode: '611000111', unit: '商洛市住房和城乡建设局', seedRows: ['规划和建设局'] },
  { unitCode: '611000112', unit: '商洛市交通运输局', seedRows: ['交通局'] },
  { unitCode: '611000113', unit: '商洛市农业农村局', seedRows: ['农业局'] },
  { unitCode: '611000114', unit: '商洛市水利局', seedRows: ['水利局'] },
  { unitCode: '611000115', unit: '商洛市商务局', seedRows: ['商务局'] },
  { unitCode: '611000116', unit: '商洛市文化和旅游局', seedRows: ['文体局', '旅游局'] },
  { unitCode: '611000117', unit: '商洛市卫生健康委员会', seedRows: ['卫生局', '人口与计生委'] },
  { unitCode: '611000118', unit: '商洛市审计局', seedRows: ['审计局'] },
  { unitCode: '611000201', unit: '商洛市市场监督管理局', seedRows: ['工商局', '质监局', '药监局', '物价局'] },
  { unitCode: '611000202', unit: '商洛市统计局', seedRows: ['统计局'] },
  { unitCode: '611000205', unit: '商洛市行政审批服务局', seedRows: ['政务服务中心'] },
];

/** The quota table of a year from the mapping: each unit the largest quota of its seed rows. */
export function sampleInformationQuotas(year: number): InformationQuotaTable {
  return {
    year,
    quotas: SAMPLE_QUOTA_MAPPING.map(({ unitCode, seedRows }) => {
      const figures = seedRows.map((row) => {
        const points = SEED_004_QUOTAS[row];
        if (points === undefined) throw new RangeError(`seed 004 has no row ${row}`);
        return points;
      });
      return {
        unitCode,
        points: Math.max(...figures),
        basis: `巴府办发[2008]13号 附件2: ${seedRows.map((r) => `${r} ${SEED_004_QUOTAS[r]}`).join('、')}`,
      };
    }),
  };
}

/** The sample 计分办法 (the sample's values; see above). */
export const sampleScoringMethod = (year: number): InformationScoringMethod => ({
  year,
  pointsPerLevel: { city: 2, province: 10, 'state-council': 30 },
  combinedShare: 0.5,
  instructionBonus: { city: 5, province: 10, national: 20 },
  commission: { latePoints: 1, missingPoints: 2 },
});
