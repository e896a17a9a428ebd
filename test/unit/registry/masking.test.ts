import { describe, expect, it } from 'vitest';
import { BASE_RESOURCES } from '../../../packages/domain/src/catalogue/base-resources.ts';
import {
  maskAddress,
  maskCitizenId,
  maskName,
  projectRecord,
} from '../../../packages/domain/src/registry/masking.ts';

describe('masking of sensitive items', () => {
  it.each([
    ['张三', '张*'],
    ['张小三', '张*三'],
    ['欧阳小明', '欧**明'],
    ['王', '*'],
  ])('masks the name %s as %s', (name, masked) => expect(maskName(name)).toBe(masked));

  it('keeps the region and the last four characters of a citizen ID', () => {
    expect(maskCitizenId('11010519491231002X')).toBe('110105********002X');
  });

  it.each([
    ['陕西省商洛市商州区北街街道人民路12号', '陕西省商洛市商州区'],
    ['陕西省商洛市洛南县城关街道西街3号', '陕西省商洛市洛南县'],
    ['北京市朝阳区建设路5号', '北京市朝阳区'],
    ['新疆维吾尔自治区伊犁哈萨克自治州伊宁市解放路1号', '新疆维吾尔自治区伊犁哈萨克自治州伊宁市'],
  ])('cuts %s to district level', (address, masked) => expect(maskAddress(address)).toBe(masked));

  it('hides an address it cannot read rather than showing it', () => {
    expect(maskAddress('某处')).toBe('***');
  });

  const person = {
    citizenId: '11010519491231002X',
    name: '张小三',
    sex: '男',
    householdAddress: '北京市朝阳区建设路5号',
  };
  const items = BASE_RESOURCES.population.items;

  it('returns only the granted items, masking sensitive ones', () => {
    expect(projectRecord(person, items, ['name', 'sex'], [])).toEqual({ name: '张*三', sex: '男' });
  });

  it('shows a sensitive item in clear when the grant unmasks it', () => {
    expect(projectRecord(person, items, ['citizenId', 'householdAddress'], ['citizenId'])).toEqual({
      citizenId: '11010519491231002X',
      householdAddress: '北京市朝阳区',
    });
  });
});
