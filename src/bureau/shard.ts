/**
 * Splitting a run across machines: a department's build is a pure function of its input,
 * so shard i of n builds the departments whose stable hash falls in it. The hash is of the
 * department's name and year (not of its file's name or place), so renaming or moving a
 * file does not move its department to another shard; an input that cannot be read has no
 * name and is placed by its file name.
 */
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export class ShardError extends Error {}

/** `2/5` → shard 2 of 5. */
export function parseShard(text: string): Shard {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  const shard = m ? { index: Number(m[1]), count: Number(m[2]) } : null;
  if (shard === null || shard.count < 1 || shard.index < 1 || shard.index > shard.count) {
    throw new ShardError(`--shard“${text}”无效：应为 i/n，1 ≤ i ≤ n，例如 1/4`);
  }
  return shard;
}

/**
 * A Kubernetes Indexed Job's shard: JOB_COMPLETION_INDEX is 0-based; the count is the
 * job's completions, which Kubernetes does not pass itself (docs/scale-out.md sets
 * PUBTABLE_SHARD_COUNT from the same manifest).
 */
export function shardFromEnv(env: NodeJS.ProcessEnv): Shard {
  const index = env.JOB_COMPLETION_INDEX;
  const count = env.PUBTABLE_SHARD_COUNT;
  if (index === undefined || count === undefined || !/^\d{1,6}$/.test(index) || !/^\d{1,6}$/.test(count)) {
    throw new ShardError(
      `--shard-from-env 需要环境变量 JOB_COMPLETION_INDEX（从 0 起）和 PUBTABLE_SHARD_COUNT（分片数），实为“${index ?? '未设置'}”和“${count ?? '未设置'}”`,
    );
  }
  return parseShard(`${Number(index) + 1}/${count}`);
}

/** The key a department is placed by: its name and year, or the input's name when unreadable. */
export function shardKey(department: { name: string; year: number | null } | null, input: string): string {
  return department === null ? `file\u0000${input}` : `department\u0000${department.name}\u0000${department.year ?? ''}`;
}

export function inShard(key: string, shard: Shard | null): boolean {
  if (shard === null) return true;
  const h = createHash('sha256').update(key).digest();
  return (h.readUInt32BE(0) % shard.count) + 1 === shard.index;
}
