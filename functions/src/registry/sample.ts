import {
  CREDIT_ALPHABET,
  citizenIdCheckChar,
  creditCodeCheckChar,
  organizationCodeCheckChar,
} from '@govshare/domain/kernel';
import type { Company, Division, Indicator, Person, SeriesPoint } from '@govshare/domain/registry';

/**
 * The synthetic sample data of the base databases: seeded, so every run (and every machine) makes
 * the same people and companies, with valid check digits and real region codes. No real person:
 * names are drawn from short surname and given-name lists, dates and sequence numbers at random.
 */

/** mulberry32: small, fast and good enough for sample data; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pad = (n: number, width: number) => String(n).padStart(width, '0');

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官'];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文红玉梅新志海峰波辉玲晶鹏飞亮宇浩凯燕琳婷雪慧佳欣怡子涵博文轩睿晨阳泽瑞航嘉俊豪雨萱思颖',
];
const ETHNICITIES = [
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '回族',
  '满族',
  '蒙古族',
  '土家族',
  '苗族',
];
const ROADS = [
  '人民路',
  '解放路',
  '建设路',
  '北新街',
  '东新街',
  '西街',
  '南大街',
  '工农路',
  '通江路',
  '朝阳路',
  '丹江路',
  '龙山路',
];
const COMPANY_WORDS = [
  ...'秦岭丹江商山金凤鹤城华鑫恒泰盛源汇丰永兴瑞达宏图长安天宇通达康宁安和福鑫荣昌中和兴业博远绿源',
];
const INDUSTRIES = [
  '农业科技',
  '建材',
  '商贸',
  '食品',
  '旅游开发',
  '矿业',
  '中药材',
  '物流',
  '建筑工程',
  '电子科技',
  '茶业',
  '新能源',
  '文化传媒',
  '餐饮管理',
];
const COMPANY_TYPES = [
  ['有限责任公司', '有限公司'],
  ['股份有限公司', '股份有限公司'],
  ['个人独资企业', '商行'],
  ['合伙企业', '合伙企业（有限合伙）'],
  ['农民专业合作社', '专业合作社'],
] as const;

/** What the generator needs to know of the divisions: counties, their names, and townships. */
export interface SampleGeography {
  /** Counties of the sample city, where most records live. */
  homeCounties: readonly Division[];
  /** Every county-level division, for the rest. */
  allCounties: readonly Division[];
  byCode: ReadonlyMap<string, Division>;
  townshipsOf: ReadonlyMap<string, readonly Division[]>;
}

export function sampleGeography(divisions: readonly Division[], homeCityCode: string): SampleGeography {
  const byCode = new Map(divisions.map((d) => [d.code, d]));
  const townshipsOf = new Map<string, Division[]>();
  for (const d of divisions) {
    if (d.level !== 'township' || !d.parentCode) continue;
    townshipsOf.set(d.parentCode, [...(townshipsOf.get(d.parentCode) ?? []), d]);
  }
  // Only real county-level codes (not the 市辖区 placeholders ending in 00).
  const allCounties = divisions.filter((d) => d.level === 'county' && !d.code.endsWith('00'));
  return {
    homeCounties: allCounties.filter((d) => d.parentCode === homeCityCode),
    allCounties,
    byCode,
    townshipsOf,
  };
}

function regionFor(random: Random, geo: SampleGeography): Division {
  const home = geo.homeCounties.length > 0 && random() < 0.85;
  return pick(random, home ? geo.homeCounties : geo.allCounties);
}

/** 陕西省商洛市商州区北街街道人民路12号: province, city, county, township if known, street. */
function addressIn(random: Random, geo: SampleGeography, county: Division): string {
  const city = county.parentCode ? geo.byCode.get(county.parentCode) : undefined;
  const province = city?.parentCode ? geo.byCode.get(city.parentCode) : undefined;
  const towns = geo.townshipsOf.get(county.code);
  const town = towns && towns.length > 0 ? pick(random, towns).name : '';
  // Municipalities: 北京市 + 市辖区 + 朝阳区 reads 北京市朝阳区.
  const cityName = city && city.name !== '市辖区' && city.name !== '县' ? city.name : '';
  return `${province?.name ?? ''}${cityName}${county.name}${town}${pick(random, ROADS)}${int(random, 1, 300)}号`;
}

export function personName(random: Random): string {
  const surname = random() < 0.01 ? pick(random, COMPOUND_SURNAMES) : pick(random, SURNAMES);
  const given = random() < 0.3 ? pick(random, GIVEN) : pick(random, GIVEN) + pick(random, GIVEN);
  return surname + given;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `count` distinct synthetic people with valid GB 11643 IDs; same seed, same people. */
export function* samplePeople(count: number, geo: SampleGeography, seed = 20251001): Generator<Person> {
  const random = seededRandom(seed);
  const seen = new Set<string>();
  const from = Date.UTC(1940, 0, 1);
  const to = Date.UTC(2020, 11, 31);
  while (seen.size < count) {
    const county = regionFor(random, geo);
    const birth = isoDate(from + Math.floor(random() * ((to - from) / 86_400_000)) * 86_400_000);
    const sequence = int(random, 0, 999);
    const first17 = `${county.code}${birth.replaceAll('-', '')}${pad(sequence, 3)}`;
    const citizenId = first17 + citizenIdCheckChar(first17);
    if (seen.has(citizenId)) continue;
    seen.add(citizenId);
    const roll = random();
    yield {
      citizenId,
      name: personName(random),
      // GB 11643: the sequence's last digit is odd for men, even for women.
      sex: sequence % 2 === 1 ? '男' : '女',
      birthDate: birth,
      ethnicity: pick(random, ETHNICITIES),
      householdAddress: addressIn(random, geo, county),
      regionCode: county.code,
      status: roll < 0.95 ? '正常' : roll < 0.98 ? '迁出' : '死亡',
    };
  }
}

/** A valid GB 32100 code: 9 (market regulation) + entity kind + region + organisation code + check. */
export function sampleCreditCode(random: Random, regionCode: string, kind: '1' | '2' | '3'): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += pick(random, [...CREDIT_ALPHABET]);
  const first17 = `9${kind}${regionCode}${body}${organizationCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}

/** `count` distinct synthetic companies with valid GB 32100 codes and distinct names. */
export function* sampleCompanies(count: number, geo: SampleGeography, seed = 20251002): Generator<Company> {
  const random = seededRandom(seed);
  const codes = new Set<string>();
  const names = new Set<string>();
  const from = Date.UTC(1992, 0, 1);
  const to = Date.UTC(2025, 8, 30);
  while (codes.size < count) {
    const county = regionFor(random, geo);
    const typeIndex = random() < 0.7 ? 0 : int(random, 1, COMPANY_TYPES.length - 1);
    const [type, suffix] = COMPANY_TYPES[typeIndex] ?? COMPANY_TYPES[0];
    const kind = type === '农民专业合作社' ? '3' : type === '个人独资企业' ? '2' : '1';
    const creditCode = sampleCreditCode(random, county.code, kind);
    const city = county.parentCode ? geo.byCode.get(county.parentCode)?.name : undefined;
    const place = (city && city !== '市辖区' ? city : county.name).replace(/(市|县|区)$/, '');
    const word = pick(random, COMPANY_WORDS) + pick(random, COMPANY_WORDS);
    let name = `${place}${word}${pick(random, INDUSTRIES)}${suffix}`;
    if (names.has(name)) name = `${place}${word}${pick(random, INDUSTRIES)}${county.name}分${suffix}`;
    if (codes.has(creditCode) || names.has(name)) continue;
    codes.add(creditCode);
    names.add(name);
    const roll = random();
    yield {
      creditCode,
      name,
      type,
      legalRepresentative: personName(random),
      registeredCapital: Math.round((10 + random() * random() * 9990) * 100) / 100,
      foundingDate: isoDate(from + Math.floor(random() * ((to - from) / 86_400_000)) * 86_400_000),
      address: addressIn(random, geo, county),
      status: roll < 0.85 ? '存续' : roll < 0.95 ? '注销' : '吊销',
    };
  }
}

export const SAMPLE_INDICATORS: readonly Indicator[] = [
  { code: 'gdp', name: '地区生产总值', unit: '亿元', kinds: ['year', 'quarter'] },
  { code: 'industry-growth', name: '规模以上工业增加值增速', unit: '%', kinds: ['year', 'quarter', 'month'] },
  { code: 'retail-sales', name: '社会消费品零售总额', unit: '亿元', kinds: ['year', 'month'] },
  { code: 'urban-income', name: '城镇居民人均可支配收入', unit: '元', kinds: ['year', 'quarter'] },
  { code: 'population', name: '常住人口', unit: '万人', kinds: ['year'] },
];

/** Years 2020–2025 (to date), quarters 2023Q1–2025Q3, months 2024-01–2025-09. */
export function samplePeriods(kind: 'year' | 'quarter' | 'month'): string[] {
  if (kind === 'year') return ['2020', '2021', '2022', '2023', '2024', '2025'];
  if (kind === 'quarter') {
    return ['2023', '2024', '2025']
      .flatMap((y) => [1, 2, 3, 4].map((q) => `${y}Q${q}`))
      .filter((p) => p <= '2025Q3');
  }
  return ['2024', '2025']
    .flatMap((y) => Array.from({ length: 12 }, (_, m) => `${y}-${pad(m + 1, 2)}`))
    .filter((p) => p <= '2025-09');
}

/** A plausible series per indicator × region × period: a base by region size, a trend, some noise. */
export function* sampleSeries(regionCodes: readonly string[], seed = 20251003): Generator<SeriesPoint> {
  const random = seededRandom(seed);
  for (const indicator of SAMPLE_INDICATORS) {
    for (const [r, regionCode] of regionCodes.entries()) {
      const scale = r === 0 ? 1 : 0.1 + random() * 0.15;
      for (const kind of indicator.kinds) {
        for (const [t, period] of samplePeriods(kind).entries()) {
          const share = kind === 'year' ? 1 : kind === 'quarter' ? 0.25 : 1 / 12;
          const trend = 1 + 0.05 * t * (kind === 'year' ? 1 : kind === 'quarter' ? 0.25 : 1 / 12);
          const noise = 0.95 + random() * 0.1;
          const base: Record<string, number> = {
            gdp: 850 * scale * share * trend,
            'industry-growth': 4 + random() * 6,
            'retail-sales': 300 * scale * share * trend,
            'urban-income': 32_000 * share * trend * (r === 0 ? 1 : 0.9),
            population: 200 * scale,
          };
          const value = (base[indicator.code] ?? 0) * (indicator.code === 'industry-growth' ? 1 : noise);
          yield {
            indicator: indicator.code,
            regionCode,
            period,
            value: Math.round(value * 100) / 100,
            unit: indicator.unit,
          };
        }
      }
    }
  }
}
