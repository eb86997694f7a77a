// Reads the junit_01.xml that upstream's e2e.test writes (--report-dir) into plain results.
// The format is small and fixed (Ginkgo v2's JUnit reporter as configured by test/e2e/e2e.go):
// <testcase name="[It] <codename>" status="passed|failed|skipped" time="…"> with an optional
// <failure type="…">text</failure> or <skipped message="…"/> child. A tiny scanner is enough.

export type E2eStatus = 'passed' | 'failed' | 'skipped';

export interface E2eCase {
  /** Full spec name without the "[It] " prefix: equal to the conformance codename. */
  readonly name: string;
  readonly status: E2eStatus;
  readonly seconds: number;
  /** Failure text (message and location), empty when the case did not fail. */
  readonly failure: string;
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#34;': '"', '&#39;': "'", '&apos;': "'", '&amp;': '&' };

export function unescapeXml(text: string): string {
  return text.replace(/&(?:lt|gt|quot|apos|amp|#34|#39);|&#x([0-9a-fA-F]+);|&#([0-9]+);/g, (m, hex, dec) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(parseInt(dec, 10));
    return ENTITIES[m] ?? m;
  });
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeXml(m[1]) : undefined;
}

/** Parses every <testcase>; suite bookkeeping cases ([SynchronizedBeforeSuite] …) are kept as they are. */
export function parseE2eJunit(xml: string): E2eCase[] {
  const cases: E2eCase[] = [];
  const re = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const open = m[1];
    const body = m[3] ?? '';
    const rawName = attribute(open, 'name') ?? '';
    const name = rawName.replace(/^\[It\] /, '');
    const failureMatch = /<failure\b([^>]*)>([\s\S]*?)<\/failure>|<failure\b([^>]*)\/>/.exec(body);
    const errorMatch = /<error\b([^>]*)>([\s\S]*?)<\/error>/.exec(body);
    let status = attribute(open, 'status') as E2eStatus | undefined;
    if (!status || !['passed', 'failed', 'skipped'].includes(status)) {
      status = failureMatch || errorMatch ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed';
    }
    const failureText = failureMatch
      ? [attribute(failureMatch[1] ?? failureMatch[3] ?? '', 'message') ?? '', unescapeXml(failureMatch[2] ?? '')]
      : errorMatch
        ? [attribute(errorMatch[1], 'message') ?? '', unescapeXml(errorMatch[2])]
        : [];
    cases.push({
      name,
      status: status === 'failed' || failureMatch || errorMatch ? 'failed' : status,
      seconds: Number(attribute(open, 'time') ?? 0) || 0,
      failure: failureText.filter(Boolean).join('\n').trim(),
    });
  }
  return cases;
}

/** True for Ginkgo's own bookkeeping entries ([SynchronizedBeforeSuite], [ReportAfterSuite] …). */
export function isSuiteNode(name: string): boolean {
  return /^\[(ReportBeforeSuite|ReportAfterSuite|SynchronizedBeforeSuite|SynchronizedAfterSuite|BeforeSuite|AfterSuite|DeferCleanup \(Suite\))\]/.test(name);
}
