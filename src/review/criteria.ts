/**
 * When an indicator value can be checked at the end of the year (rule 1,
 * REVIEW_VALUE_NOT_MEASURABLE). 财预〔2021〕101号 asks for indicators that are 量化易评:
 * a number where there can be one, otherwise a qualitative value an evaluator can answer
 * with yes or no. So a value is checkable when it holds
 *
 * - a number: any digit (`≥95%`, `3次`, `0起`, `≤30个工作日`, `2025年12月31日前`), a Chinese
 *   numeral with a measure word (`每季度一次`), 零, 百分之; or
 * - a criterion with a yes/no answer: 是/否/有/无, compliance (合规, 合格, 达标, 符合要求,
 *   通过验收), completion (完成, 办结, 到位), coverage (全额, 足额, 全覆盖, 应发尽发), timing
 *   (按时, 按期, 年底前), absence (不发生, 杜绝, 无…事故), a working state (正常运行); and no
 *   word of degree beside it (高效完成, 正常运行，提升服务质量: the degree cannot be checked).
 *
 * Everything else is reported: trends and degrees alone (提高, 持续提升, 有所降低, 显著加强,
 * 较好, 有效), slogans (实现阳光招聘, 规范公平), and values that repeat the indicator's name.
 * The lists err on the side of accepting: a finding here must be one a finance office would
 * send back. Offices add their own accepted words with the rule's `accept` option.
 */
import { squeeze } from './text.js';

const CN_NUMERAL = '[一二两三四五六七八九十百千万]';
/** Measure words after a Chinese numeral: 一次, 两场, 三个月. Not 步/定/般/流/体 (进一步, 一定…). */
const MEASURE = '(?:个|次|项|人|名|场|家|宗|份|台|辆|本|期|户|件|起|单|所|轮|篇|天|日|周|月|年|季度|小时|分钟|元|套|册|处|座|条|间|张|部|位|类|种|门|课时|学时|倍|成)';

const NUMBER = [/\d/, new RegExp(`${CN_NUMERAL}+${MEASURE}`), /零/, /百分之/];

/** The whole value is a yes/no answer. */
const ANSWER = /^(?:是|否|有|无|没有|完成|已完成)$/;

/** Criteria a value may contain: each has a yes/no answer at the end of the year. */
const CRITERIA: readonly RegExp[] = [
  // compliance
  // not 合法权益 (保障退休人员合法权益 names a right, not a check)
  /合规|合法(?!权)|合格|达标|无误|无差错/,
  /符合.*(?:要求|规定|标准|规范|条件|程序|政策)/,
  /通过.*(?:验收|考核|审核|评审|审计|检查|认证|审批|测评|备案)/,
  // completion and coverage
  /完成|办结|竣工|到位|全额|足额|全覆盖|全部|(应(.)尽\2)/,
  // timing: a date-free deadline still has an answer (was it done by then?)
  /按时|按期|如期|准时|年底|年末|年内|月底|月末|季末/,
  // absence of an event
  /不发生|未发生|不出现|未出现|杜绝|无.*(?:事故|投诉|违规|违纪|违法|差错|事件|纠纷|损失|上访|超支|拖欠)/,
  // a working state: it ran or it did not
  /正常(?:运行|运转|运作|使用|开展)|运行正常/,
];

/** Words of degree or trend: with them, a criterion asks for more than yes or no. */
const DEGREE =
  /提高|提升|增强|加强|改善|优化|促进|推动|推进|显著|明显|持续|不断|逐步|逐年|进一步|有效|较好|良好|较高|较大|较强|大幅|有所|稳步|高效|便捷|积极|努力|力争|尽量|尽快|基本|大部分|多数|一定|适当|更加|更好|充分/;

/**
 * How a value can be checked: by a number, by a criterion, not at all (empty; vague: neither;
 * degree: a criterion made uncheckable by a word of degree, which `word` names).
 */
export type Measurability =
  | { how: 'number' | 'criterion' | 'empty' | 'vague' }
  | { how: 'degree'; word: string };

/** How `value` can be checked; `accept` are an office's extra criteria (substrings), which win over degree words. */
export function measurability(value: string, accept: readonly string[] = []): Measurability {
  const v = squeeze(value).replace(/[。.;；,，]+$/u, '');
  if (v === '') return { how: 'empty' };
  if (NUMBER.some((r) => r.test(v))) return { how: 'number' };
  if (ANSWER.test(v)) return { how: 'criterion' };
  if (accept.some((w) => squeeze(w) !== '' && v.includes(squeeze(w)))) return { how: 'criterion' };
  if (!CRITERIA.some((r) => r.test(v))) return { how: 'vague' };
  const degree = DEGREE.exec(v);
  return degree ? { how: 'degree', word: degree[0] } : { how: 'criterion' };
}
