/**
 * The environment variables pubtable reads, checked before any command runs: a setting
 * that cannot be right is a usage error (exit 2) with a message, never a silent default
 * or a failure deep inside a build.
 */

/** SOURCE_DATE_EPOCH beyond this (9999-12-31T23:59:59Z) has no four-digit year for document dates. */
const LAST_EPOCH_SECOND = 253402300799;
/** More render threads than this is a typing mistake, not a machine. */
const MAX_WORKERS = 256;

/** What is wrong with the environment, in Chinese, or null. */
export function environmentProblem(env: NodeJS.ProcessEnv): string | null {
  const workers = env.PUBTABLE_WORKERS;
  if (workers !== undefined && !(/^\d+$/.test(workers) && Number(workers) <= MAX_WORKERS)) {
    return `环境变量 PUBTABLE_WORKERS=“${workers}”无效：应为 0 到 ${MAX_WORKERS} 的整数（0 表示只用一个线程）`;
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && !(/^\d+$/.test(epoch) && Number(epoch) <= LAST_EPOCH_SECOND)) {
    return `环境变量 SOURCE_DATE_EPOCH=“${epoch}”无效：应为 1970 年以来的秒数（不晚于 9999 年）`;
  }
  return null;
}
