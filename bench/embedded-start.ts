// Start-up of the embedded API, in a fresh process: startSandbox(), then one signed echo from the
// demo касса (or the health check while FES has no echo). Tells the parent the answer; the parent
// times it from spawning this process.
// what a user's test suite imports: the package's own entry (the start-up bundle, see scripts/bundle.mjs)
import { startSandbox } from 'poligon';
import { demoCashRegisterSigner, fesHasOperation, FES_ECHO_BODY, FES_ECHO_PATH } from './lib/fes.js';
import { httpRequest } from './lib/http.js';
import { tellParent } from './lib/proc.js';

const sandbox = await startSandbox();
const answer = fesHasOperation('echo')
  ? await httpRequest(`${sandbox.urls.fes}${FES_ECHO_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...demoCashRegisterSigner()('POST', FES_ECHO_PATH, FES_ECHO_BODY) },
      body: FES_ECHO_BODY,
    })
  : await httpRequest(`${sandbox.url}/__admin/health`);
tellParent({ status: answer.status, sinceProcessStartMs: Math.round(performance.now()) });
await sandbox.stop();
