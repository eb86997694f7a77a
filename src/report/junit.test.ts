import { expect } from 'chai';
import { junitCaseNames, renderJunit } from './junit.js';
import { sampleReport } from './report-fixtures.js';
import { validateJunit } from './validate-junit.js';

describe('junit_01.xml', () => {
  it('validates against junit-10.xsd, also for a run still in progress', async () => {
    expect(await validateJunit(renderJunit(sampleReport()))).to.deep.equal([]);
    expect(await validateJunit(renderJunit(sampleReport({ status: 'running', tests: [] })))).to.deep.equal([]);
  });

  it('the schema check itself rejects what junit-10.xsd forbids', async () => {
    const errors = await validateJunit('<testsuites skipped="1"><testsuite name="x" tests="0" failures="0" errors="0"/></testsuites>');
    expect(errors.join('\n')).to.match(/skipped/);
  });

  it('names cases like upstream where a test covers [Conformance] codenames, one case per codename', () => {
    const xml = renderJunit(sampleReport());
    expect(xml).to.include('name="[It] [sig-apps] Deployment RollingUpdateDeployment should delete old pods and create new ones [Conformance]"');
    expect(xml).to.include('name="[It] [sig-apps] Deployment deployment should support proportional scaling [Conformance]"');
    expect(xml).to.include('name="[It] [sig-apps] Deployment Deployment should have a working scale subresource [Conformance]"');
    expect(junitCaseNames({ id: 'cannot-check', area: 'networking', upstream: [] })).to.deep.equal(['[It] [kcert] [networking] cannot-check']);
    expect((xml.match(/<failure /g) ?? []).length).to.equal(2);
    expect((xml.match(/<error /g) ?? []).length).to.equal(1);
  });

  it('gives every skipped case its reason and lists tests that never ran', () => {
    const xml = renderJunit(sampleReport());
    expect(xml).to.include('<skipped message="skipped: no data plane &lt;here&gt;"/>');
    expect(xml).to.include('<skipped message="not supported: no HPA"/>');
    expect(xml).to.include('<skipped message="not run: the run ended early (interrupted)"/>');
    expect(xml).to.match(/<testsuites name="kcert" tests="7"[^>]* time="5"/);
    expect(xml).not.to.match(/<testsuites [^>]*skipped=/);
  });

  it('names the target in suite properties', () => {
    const xml = renderJunit(sampleReport());
    for (const property of ['server.version" value="v1.33.0', 'platform" value="linux/amd64', 'kcert.version" value="0.1.0', 'run.id" value="20261127-100000-abcd']) {
      expect(xml).to.include(`<property name="${property}"/>`);
    }
  });
});
