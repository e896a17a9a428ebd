/**
 * The records of the base databases, as the registry stores and serves them (GB 11643 citizen IDs,
 * GB 32100 credit codes, GB/T 2260 region codes).
 */
/** 人口: one person of the population database. */
export interface Person {
  citizenId: string;
  name: string;
  sex: '男' | '女';
  birthDate: string;
  ethnicity: string;
  householdAddress: string;
  regionCode: string;
  status: '正常' | '迁出' | '死亡';
}

/** 法人: one legal entity. */
export interface Company {
  creditCode: string;
  name: string;
  type: string;
  legalRepresentative: string;
  registeredCapital: number;
  foundingDate: string;
  address: string;
  status: '存续' | '注销' | '吊销';
}

/** 宏观经济: an indicator of the macro-economic database. */
export interface Indicator {
  code: string;
  name: string;
  unit: string;
  kinds: readonly ('year' | 'quarter' | 'month')[];
}

export interface SeriesPoint {
  indicator: string;
  regionCode: string;
  period: string;
  value: number;
  unit: string;
}
