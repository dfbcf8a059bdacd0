// The entry point of an analysis worker thread (engine/analysisPool.ts starts them): its own
// tree-sitter instance, text in, document models out. Models are plain data, so they cross the
// thread boundary by structured clone. The server's analysis thread also keeps its large open
// documents here between steps (engine/threadDocuments.ts).
import { parentPort } from 'node:worker_threads';
import { headerReaderFor } from '../workspace/headers';
import { Analyzer } from './analyzer';
import type { AnalysisReply, AnalysisRequest } from './analysisJob';
import { ThreadDocuments } from './threadDocuments';

const port = parentPort;
if (!port) throw new Error('analysisWorker.js runs as a worker thread (engine/analysisPool.ts)');
const analyzer = Analyzer.create();
const documents = analyzer.then((a) => new ThreadDocuments(a));

port.on('message', async (request: AnalysisRequest) => {
  let reply: AnalysisReply;
  try {
    const a = await analyzer;
    if ('step' in request) {
      const open = await documents;
      const key = request.step.key;
      // A closed document's tree is freed after the answer (a large tree takes milliseconds);
      // one reopened under the same key before the step that reopens it.
      open.forget(request.forget.filter((k) => k === key));
      await a.whenReady();
      port.postMessage({ id: request.id, step: open.step(request.step), restarts: a.restarts } satisfies AnalysisReply);
      open.forget(request.forget.filter((k) => k !== key));
      return;
    }
    if (!('jobs' in request)) {
      (await documents).forget(request.forget);
      port.postMessage({ id: request.id, models: [], restarts: a.restarts } satisfies AnalysisReply);
      return;
    }
    const models = [];
    for (const job of request.jobs) {
      await a.whenReady();
      const options = {
        externalHooks: new Set(job.externalHooks),
        hookRegistrars: job.hookRegistrars,
        readInclude: headerReaderFor(job.language, job.path),
      };
      models.push(a.analyzeText(job.language, job.text, options));
    }
    reply = { id: request.id, models, restarts: a.restarts };
  } catch (e) {
    reply = { id: request.id, error: (e as Error).stack ?? String(e) };
  }
  port.postMessage(reply);
});
