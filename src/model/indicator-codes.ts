/**
 * The indicator classification (docs/official-format.md §3). A level-2 code's first digit
 * names its level 1. Codes outside these lists are reported, never rejected: schemes vary
 * between regions and years.
 */
export const LEVEL1: Record<string, string> = {
  '1': '产出指标',
  '2': '效益指标',
  '3': '满意度指标',
  '4': '成本指标',
};

export const LEVEL2: Record<string, string> = {
  '11': '数量指标',
  '12': '质量指标',
  '13': '时效指标',
  '14': '成本指标',
  '21': '经济效益',
  '22': '社会效益',
  '23': '生态效益',
  '24': '可持续影响',
  '31': '服务对象满意度',
  '41': '经济成本指标',
  '42': '社会成本指标',
  '43': '生态环境成本指标',
};

/** Every project is expected to have indicators of these level-1 kinds. */
export const REQUIRED_LEVEL1 = ['1', '2', '3'] as const;
