import { expect } from 'chai';
import { UPSTREAM_CODENAMES } from './conformance-codenames.js';
import { escapeRe2, focusRegex, isSlowConformanceTest, shardCodenames } from './e2e-focus.js';
import { isSuiteNode, parseE2eJunit, unescapeXml } from './e2e-junit.js';
import { classifyFailure, failureSummary } from './failure-reasons.js';

const SAMPLE_JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="3" disabled="0" errors="0" failures="1" time="12.5">
  <testsuite name="Kubernetes e2e suite" package="/x" tests="3" skipped="1" failures="1" time="12.5">
    <testcase name="[SynchronizedBeforeSuite]" classname="Kubernetes e2e suite" status="passed" time="0.2"></testcase>
    <testcase name="[It] [sig-node] Probing container should be restarted with a exec &#34;cat /tmp/health&#34; liveness probe [NodeConformance] [Conformance]" classname="Kubernetes e2e suite" status="failed" time="9.75">
      <failure type="failed">[FAILED] unable to upgrade connection: 404 page not found&#xA;In [It] at: probe.go:1</failure>
      <system-err>timeline</system-err>
    </testcase>
    <testcase name="[It] [sig-apps] Deployment deployment should support rollover [Conformance]" classname="Kubernetes e2e suite" status="passed" time="2.5"></testcase>
    <testcase name="[It] [sig-apps] Deployment iterative rollouts should eventually progress" classname="Kubernetes e2e suite" status="skipped" time="0"><skipped message="skipped"></skipped></testcase>
  </testsuite>
</testsuites>`;

describe('compat: e2e junit parsing', () => {
  it('reads name, status, time and failure text, unescaping entities', () => {
    const cases = parseE2eJunit(SAMPLE_JUNIT);
    expect(cases.map((c) => c.status)).to.deep.equal(['passed', 'failed', 'passed', 'skipped']);
    expect(cases[1].name).to.equal(UPSTREAM_CODENAMES.find((c) => c.codename.includes('exec "cat'))!.codename.replace('should *not* be', 'should be'));
    expect(cases[1].seconds).to.equal(9.75);
    expect(cases[1].failure).to.contain('unable to upgrade connection');
    expect(isSuiteNode(cases[0].name)).to.equal(true);
    expect(isSuiteNode(cases[2].name)).to.equal(false);
  });

  it('unescapes numeric and named entities', () => {
    expect(unescapeXml('a &gt; b &#39;c&#39; &amp;&#xA;')).to.equal("a > b 'c' &\n");
  });
});

describe('compat: failure classes', () => {
  const table: Array<[string, string]> = [
    ['unable to upgrade connection: 404 page not found', 'exec-protocol'],
    ['error running /usr/bin/kubectl exec: ... error: unknown command "porter" for "agnhost"', 'image-command'],
    ['Unable to read agnhost_udp@dns-test-service from pod: nslookup failed', 'dns'],
    ['the server could not find the requested resource (get deployments.apps scale)', 'missing-api'],
    ['Deployment.apps "x" is invalid: spec.template: Invalid value', 'api-behaviour'],
    ['timed out waiting for the condition', 'timeout'],
    ['pod dns-test-1 is not Running: container jessie-querier: ImagePullBackOff', 'image-command'],
    ['replicaset "web-68" never had desired number of .status.availableReplicas', 'timeout'],
    ['[SynchronizedBeforeSuite] failed: nodes not ready', 'suite-setup'],
    ['something unheard of', 'other'],
  ];
  for (const [text, reason] of table) {
    it(`${reason}: ${text.slice(0, 40)}`, () => expect(classifyFailure(text)).to.equal(reason));
  }

  it('summarises the first meaningful line', () => {
    expect(failureSummary('[FAILED] boom | bang\nIn [It] at: x.go:1')).to.equal('boom \\| bang');
    expect(failureSummary('x'.repeat(300), 20)).to.have.length(20);
    expect(failureSummary('[FAILED] Timed out after 900.001s.\n  waiting:\n    message: Back-off pulling image "registry.k8s.io/x:1"\n')).to.equal(
      'Timed out after 900.001s. (Back-off pulling image "registry.k8s.io/x:1")',
    );
  });
});

describe('compat: focus and shards', () => {
  it('has the 73 v1.36 codenames, unique, each ending in [Conformance]', () => {
    const names = UPSTREAM_CODENAMES.map((c) => c.codename);
    expect(names).to.have.length(73);
    expect(new Set(names).size).to.equal(73);
    for (const n of names) expect(n).to.match(/ \[Conformance\]$/);
    const perArea = UPSTREAM_CODENAMES.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.area]: (acc[c.area] ?? 0) + 1 }), {});
    expect(perArea).to.deep.equal({ deployment: 8, replicas: 12, networking: 42, health: 11 });
  });

  it('builds a regex that matches the given names whole, even behind a prefix Ginkgo adds', () => {
    const names = UPSTREAM_CODENAMES.map((c) => c.codename);
    const re = new RegExp(focusRegex(names));
    for (const n of names) expect(re.test(n), n).to.equal(true);
    expect(re.test(`deployment.go ${names[0]}`)).to.equal(true);
    expect(re.test(`x${names[0]}`)).to.equal(false);
    expect(re.test(names[0].replace(' [Conformance]', ''))).to.equal(false);
    expect(re.test(`${names[0]} [Slow]`)).to.equal(false);
    expect(escapeRe2('a.b*[c]')).to.equal('a\\.b\\*\\[c\\]');
  });

  it('deals slow tests across shards and keeps every name exactly once', () => {
    const names = UPSTREAM_CODENAMES.map((c) => c.codename);
    const shards = shardCodenames(names, 3, isSlowConformanceTest);
    expect(shards).to.have.length(3);
    expect(shards.flat().sort()).to.deep.equal([...names].sort());
    const slowPerShard = shards.map((s) => s.filter(isSlowConformanceTest).length);
    expect(Math.max(...slowPerShard) - Math.min(...slowPerShard)).to.be.at.most(1);
    expect(shardCodenames(names.slice(0, 2), 5, () => false)).to.have.length(2);
  });
});
