import { type ProjectInput, projectInputSchema } from '@govshare/domain/review';

/** A clean submission of the sample city: on the government cloud, every amount adding up. */
export const projectInput = (changes: Partial<ProjectInput> = {}): ProjectInput => ({
  name: '商洛市政务服务好差评系统',
  kind: 'new',
  description: '建设全市统一的政务服务好差评系统。\n对接各级政务服务大厅和网上办事平台。',
  functions: ['评价采集', '差评整改督办', '统计分析'],
  budgetLines: [
    {
      category: 'software',
      item: '软件开发',
      unit: '人月',
      quantity: 40,
      unitPrice: 2_500_000,
      amount: 100_000_000,
    },
    { category: 'cloud', item: '云主机', unit: '台·年', quantity: 6, unitPrice: 800_000, amount: 4_800_000 },
    { category: 'services', item: '等保测评', quantity: 1, unitPrice: 12_000_000, amount: 12_000_000 },
    {
      category: 'operations',
      item: '运维服务',
      unit: '人月',
      quantity: 6,
      unitPrice: 2_000_000,
      amount: 12_000_000,
    },
  ],
  deployment: { mode: 'government-cloud' },
  network: '政务外网',
  securityLevel: 2,
  schedule: { start: '2026-04-01', end: '2026-12-31' },
  planItem: 'GH-2026-015',
  produces: ['301/000101'],
  consumes: ['101/000001'],
  collects: ['评价内容'],
  attachments: [
    { name: '可行性研究报告.pdf', sha256: 'a'.repeat(64), size: 1024, kind: 'feasibility-study' },
  ],
  ...changes,
});

export const content = (changes: Partial<ProjectInput> = {}) =>
  projectInputSchema.parse(projectInput(changes));

/** The paths of the issues a parse reports, as a route names them. */
export function issuePaths(input: unknown): string[] {
  const result = projectInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ['body', ...issue.path].join('.'));
}
