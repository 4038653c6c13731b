import { parentPort, workerData } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { asOwner, openPostgres } from '@renda/db';
import { insertCorpus, type CorpusDoc, type CorpusTarget } from '../data/suggestion-corpus.ts';

/**
 * One part of the suggestions bench's load (suggestions-data.ts), in a thread of its own so that
 * jieba runs on another core: insertCorpus over its congresses in one transaction of the owner,
 * without per-row triggers and key checks (`session_replication_role = replica`).
 */
interface Part { url: string; docs: CorpusDoc[]; targets: CorpusTarget[]; seed: number; now: Date }

const part = workerData as Part;
const owner = await openPostgres(part.url, { max: 1 });
try {
  await asOwner(owner, async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await insertCorpus(tx, part.docs, { targets: part.targets, seed: part.seed, now: part.now });
  });
  parentPort!.postMessage({ ok: true });
} finally {
  await owner.close();
}
