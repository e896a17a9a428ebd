import type { BaseResourceName } from '@govshare/domain/catalogue';

/**
 * Which unit of the sample directory (identity/sample-directory.ts) provides each base database in
 * the sample catalogue. A deployment registers its own providers in its catalogue; nothing at run
 * time reads this.
 */
export const SAMPLE_BASE_PROVIDERS: Readonly<Record<BaseResourceName, string>> = {
  population: '611000105', // 商洛市公安局
  legalEntities: '611000201', // 商洛市市场监督管理局
  macroEconomy: '611000202', // 商洛市统计局
  divisions: '611000106', // 商洛市民政局
};
