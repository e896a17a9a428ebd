import type { DataItemDefinition } from '@govshare/domain/catalogue';

/**
 * The items of a small synthetic dataset of people, as a resource declares them: the ingestion
 * tests, the sharing integration test and the ingestion bench upload rows of it
 * (citizenId,name,birthDate,score). The first two are sensitive and required.
 */
export const PEOPLE_ITEMS: readonly DataItemDefinition[] = [
  {
    name: 'citizenId',
    title: '公民身份号码',
    type: 'citizen-id',
    length: 18,
    required: true,
    sensitive: true,
    description: '',
  },
  {
    name: 'name',
    title: '姓名',
    type: 'string',
    length: 10,
    required: true,
    sensitive: true,
    description: '',
  },
  { name: 'birthDate', title: '出生日期', type: 'date', required: true, sensitive: false, description: '' },
  { name: 'score', title: '分值', type: 'integer', required: false, sensitive: false, description: '' },
];
