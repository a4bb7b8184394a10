// The Docker image's HEALTHCHECK: asks /__admin/health at the URL the server wrote to POLIGON_URL_FILE
// (the port it actually bound, whether set by -p, POLIGON_PORT or a config file), else POLIGON_PORT or 8080.
import { readFileSync } from 'node:fs';

let url = `http://127.0.0.1:${process.env.POLIGON_PORT || 8080}`;
try {
  if (process.env.POLIGON_URL_FILE) url = readFileSync(process.env.POLIGON_URL_FILE, 'utf8').trim();
} catch {
  // not written (yet, or a read-only file system): the fallback above
}
fetch(`${url}/__admin/health`, { signal: AbortSignal.timeout(8000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
