import { describe, expect, it } from 'vitest';
import type { GoRecipe } from '../../src/cluster/images/catalog.js';
import { goLdflags, naturalBinaryName, stagingModulesOf, stagingVersion, wrapperGoMod, wrapperToolsGo } from '../../src/cluster/images/go-build.js';

const recipe = (over: Partial<GoRecipe> = {}): GoRecipe => ({
  module: 'k8s.io/kubernetes',
  version: 'v1.34.0',
  packages: ['cmd/kubeadm'],
  stagingModules: true,
  tags: [],
  ldflags: [],
  versionFlags: 'kubernetes',
  replace: {},
  rename: {},
  ...over,
});

describe('Go wrapper modules', () => {
  it('names binaries like go build, skipping a major version suffix', () => {
    expect(naturalBinaryName('k8s.io/kubernetes/cmd/kubeadm')).toBe('kubeadm');
    expect(naturalBinaryName('go.etcd.io/etcd/server/v3')).toBe('server');
    expect(naturalBinaryName('github.com/coredns/coredns')).toBe('coredns');
  });

  it('maps a Kubernetes version to its staging modules version', () => {
    expect(stagingVersion('v1.34.0')).toBe('v0.34.0');
    expect(stagingVersion('v1.37.2')).toBe('v0.37.2');
  });

  it('reads the staging replace lines of the Kubernetes go.mod', () => {
    const goMod = 'module k8s.io/kubernetes\nreplace (\n\tk8s.io/api => ./staging/src/k8s.io/api\n\tk8s.io/client-go => ./staging/src/k8s.io/client-go\n\tgithub.com/x/y => github.com/x/z v1.0.0\n)\n';
    expect(stagingModulesOf(goMod)).toEqual(['k8s.io/api', 'k8s.io/client-go']);
  });

  it('writes a go.mod that requires the module and replaces staging modules and forks', () => {
    const text = wrapperGoMod(recipe({ replace: { 'github.com/gorilla/mux': 'github.com/containous/mux v0.0.0-1' } }), ['k8s.io/api']);
    expect(text).toContain('require k8s.io/kubernetes v1.34.0');
    expect(text).toContain('\tk8s.io/api => k8s.io/api v0.34.0');
    expect(text).toContain('\tgithub.com/gorilla/mux => github.com/containous/mux v0.0.0-1');
  });

  it('imports the module root for package "."', () => {
    expect(wrapperToolsGo(recipe({ module: 'github.com/coredns/coredns', packages: ['.'] }))).toContain('_ "github.com/coredns/coredns"');
  });

  it('stamps Kubernetes version variables for both version packages', () => {
    const flags = goLdflags(recipe(), { time: '2025-08-27T10:09:04Z' });
    expect(flags).toContain('-X k8s.io/component-base/version.gitVersion=v1.34.0');
    expect(flags).toContain('-X k8s.io/client-go/pkg/version.gitMinor=34');
    expect(flags).toContain('-X k8s.io/component-base/version.buildDate=2025-08-27T10:09:04Z');
    expect(goLdflags(recipe({ versionFlags: undefined, ldflags: ['-X a.b=c'] }))).toBe('-s -w -X a.b=c');
  });
});
