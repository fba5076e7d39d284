/** The files of the portal package, at the top of a bureau run's output folder. */
export const PORTAL_INDEX = 'index.html';
export const PORTAL_SUMMARY = '汇总表.xlsx';
export const PORTAL_COMBINED = '全部单位项目支出绩效目标表.pdf';
export const PORTAL_REVIEW = '审核意见.xlsx';
export const OPEN_DATA_CSV = '绩效指标.csv';
export const OPEN_DATA_JSONL = '绩效指标.jsonl';

export const PORTAL_FILES = [PORTAL_INDEX, PORTAL_SUMMARY, PORTAL_COMBINED, PORTAL_REVIEW, OPEN_DATA_CSV, OPEN_DATA_JSONL];
