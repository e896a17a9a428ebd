import type { LayoutInput } from '@govshare/domain/exchange';

/** Sample documents of several types (synthetic text), shared by the layout tests and the README screenshot. */

const base: Omit<LayoutInput, 'type' | 'title' | 'body' | 'number' | 'issuerMarks'> = {
  signers: [],
  mainRecipients: [],
  copyRecipients: [],
  attachments: [],
  signatureUnits: ['商洛市人民政府'],
  writtenOn: '2026-12-02',
};

export const notice: LayoutInput = {
  ...base,
  type: '通知',
  copyNumber: '000123',
  urgency: '特急',
  issuerMarks: ['商洛市人民政府文件'],
  number: '商政发〔2026〕12号',
  title: '商洛市人民政府关于印发商洛市政务数据共享管理办法的通知',
  mainRecipients: ['各县区人民政府', '市政府各工作部门、直属机构'],
  body: [
    '为推进政务数据有序共享，提升政务服务效能，根据《政务信息资源共享管理暂行办法》和省有关规定，结合我市实际，市政府制定了《商洛市政务数据共享管理办法》，现印发给你们，请认真贯彻执行。',
    '一、总体要求',
    '坚持统筹规划、需求导向、安全可控的原则，以政务数据共享平台为枢纽，实现跨部门、跨层级数据按需共享，2026年底前完成首批目录编制工作。',
    '（一）明确责任分工。市大数据中心负责平台建设和运行维护，各部门负责本部门数据的归集、更新和质量管理。',
    '（二）加强安全管理。各部门应当建立数据安全责任制度，落实等级保护要求，防止数据泄露、篡改和滥用。',
    '二、工作措施',
    '1.编制共享目录。各部门按照“应编尽编”的要求，于3月31日前完成本部门数据资源目录编制。',
    '2.推进数据归集。',
    '（1）按照统一标准归集人口、法人、空间地理等基础数据；',
    '（2）建立数据更新机制，确保数据准确、完整、及时。',
  ].join('\n'),
  attachments: ['商洛市政务数据共享管理办法', '商洛市政务数据资源目录编制指南'],
  note: '联系人：王明，电话：0914-2311234',
  copyRecipients: ['市委各部门', '市人大常委会办公室', '市政协办公室', '商洛军分区', '市法院', '市检察院'],
  printedBy: '商洛市人民政府办公室',
  printedOn: '2026-12-02',
};

export const request: LayoutInput = {
  ...base,
  type: '请示',
  issuerMarks: ['商洛市人民政府文件'],
  number: '商政字〔2026〕8号',
  signers: ['李华'],
  title: '商洛市人民政府关于建设市级政务数据共享平台的请示',
  mainRecipients: ['陕西省人民政府'],
  body: '为落实全省一体化政务服务平台建设要求，我市拟建设市级政务数据共享平台，总投资约1200万元，资金由市级财政统筹解决。\n妥否，请批示。',
  note: '联系人：赵刚，电话：0914-2312345',
  printedBy: '商洛市人民政府办公室',
  printedOn: '2026-12-02',
};

export const jointNotice: LayoutInput = {
  ...base,
  type: '通知',
  issuerMarks: ['商洛市人民政府文件', '商洛市财政局文件'],
  number: '商政发〔2026〕13号',
  title: '商洛市人民政府 商洛市财政局关于规范政务信息化项目资金管理的通知',
  mainRecipients: ['各县区人民政府', '市政府各工作部门'],
  body: '为规范政务信息化项目资金管理，提高资金使用效益，现就有关事项通知如下。\n一、严格项目预审\n未经预审的项目不得安排资金。',
  signatureUnits: ['商洛市人民政府', '商洛市财政局'],
  printedBy: '商洛市人民政府办公室',
  printedOn: '2026-12-02',
};

export const letter: LayoutInput = {
  ...base,
  type: '函',
  issuerMarks: ['商洛市人民政府办公室'],
  number: '商政办函〔2026〕45号',
  title: '商洛市人民政府办公室关于商请提供人口基础数据的函',
  mainRecipients: ['陕西省公安厅'],
  body: '为做好全市政务数据共享工作，我市需使用全市户籍人口基础数据，请予支持为盼。',
  signatureUnits: ['商洛市人民政府办公室'],
  copyRecipients: ['市公安局'],
};

export const minutes: LayoutInput = {
  ...base,
  type: '纪要',
  issuerMarks: ['商洛市人民政府常务会议纪要'],
  number: '〔2026〕第12期',
  title: '第十二次常务会议纪要',
  body: '12月1日，市长主持召开市政府第十二次常务会议，研究政务数据共享工作。\n一、会议听取了市大数据中心关于政务数据共享平台建设情况的汇报\n会议指出，平台建设总体进展顺利。',
  signatureUnits: [],
  printedBy: '商洛市人民政府办公室',
  printedOn: '2026-12-02',
};

const paragraphs = [
  '全面推进政务数据共享，是深化“放管服”改革、优化营商环境的重要举措。各部门要切实提高认识，加强组织领导，明确工作责任，确保各项任务落到实处。',
  '各县区、各部门要按照本通知要求，结合实际制定具体实施方案，细化工作措施，明确时间节点，于每季度末将工作进展情况报送市大数据中心。',
];

/** A body of several pages with headings of every level, to test page breaking. */
export function longNotice(sections = 8): LayoutInput {
  const lines: string[] = [];
  const numerals = '一二三四五六七八九十';
  for (let section = 0; section < sections; section++) {
    lines.push(`${numerals[section % 10]}、第${section + 1}项重点工作`);
    lines.push(paragraphs[section % 2] as string);
    lines.push(`（一）${paragraphs[(section + 1) % 2]}`);
    lines.push(`1.细化措施。${paragraphs[section % 2]}`);
    lines.push(paragraphs[(section + 1) % 2] as string);
  }
  return { ...notice, body: lines.join('\n'), title: '商洛市人民政府关于全面推进政务数据共享工作的通知' };
}

export const order: LayoutInput = {
  ...base,
  type: '命令',
  issuerMarks: ['商洛市人民政府令'],
  number: '第5号',
  title: '商洛市政务数据共享管理办法',
  body: '《商洛市政务数据共享管理办法》已经2026年11月28日市政府第十二次常务会议通过，现予公布，自2027年1月1日起施行。',
  signatureUnits: ['市长　张伟'],
};
