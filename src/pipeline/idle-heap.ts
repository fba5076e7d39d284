/**
 * A full garbage collection for a thread about to wait with a large heap.
 *
 * V8 collects garbage when a thread allocates. After the last layout of a build this thread
 * only waits for the render threads, so the garbage of laying out stays resident: ≈ 300 MB
 * after a 10,000-project table, held for the ≈ 15 s its PDF takes, while the PDF's thread
 * reaches its own peak. Node asks for a collection only with a start-up flag (--expose-gc);
 * the flag can be set at run time and the function taken from a new context, as
 * jest-leak-detector does. Where that fails, the garbage stays, as before.
 *
 * A heap still large gets a second collection: the layouts were just copied for the render
 * threads with v8.serialize, whose native serializer keeps every object it wrote reachable
 * until its JavaScript wrapper is collected. Unless a collection ran between the copy and
 * this one, the first only lets go of the serializer and the second frees the layout (≈ 110 MB
 * of a 10,000-project table that otherwise stayed for the rest of the build).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this the heap is left to V8: a collection would cost more than it gives back. */
const LARGE_HEAP = 128 * 2 ** 20;

let collect: (() => void) | null | undefined;

const heapInUse = () => process.memoryUsage().heapUsed;

/** Collects now if the heap in use is large; returns whether it did. */
export function collectIfLarge(heapUsed = heapInUse()): boolean {
  if (heapUsed < LARGE_HEAP) return false;
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  if (!collect) return false;
  collect();
  if (heapInUse() >= LARGE_HEAP) collect();
  return true;
}
