// Sorts a failure's text into a reason class, so RESULTS.md can say *why* a test failed in a word
// (issue #7: "missing API behaviour, an image command the emulation lacks, a protocol such as SPDY").
// First matching rule wins; the rules are ordered from most to least specific.

export const REASON_CLASSES = [
  'suite-setup',
  'exec-protocol',
  'image-command',
  'dns',
  'proxy',
  'data-plane',
  'missing-api',
  'api-behaviour',
  'timeout',
  'other',
] as const;
export type ReasonClass = (typeof REASON_CLASSES)[number];

export const REASON_DESCRIPTIONS: Record<ReasonClass, string> = {
  'suite-setup': 'the e2e suite setup (nodes, kube-system, default Service) failed before the test ran',
  'exec-protocol': 'pods/exec or attach (SPDY/WebSocket streaming) did not work',
  'image-command': 'a test image, or an image command or agnhost subcommand, that the emulation lacks',
  dns: 'cluster DNS lookups failed',
  proxy: 'API-server pod/service proxy failed',
  'data-plane': 'traffic to pods, Services or NodePorts did not flow',
  'missing-api': 'an API resource, verb or subresource is not served',
  'api-behaviour': 'the API answered, but not as upstream does (validation, status, fields)',
  timeout: 'a condition the test waited for never came true',
  other: 'not classified',
};

interface Rule {
  readonly reason: ReasonClass;
  readonly pattern: RegExp;
}

const RULES: readonly Rule[] = [
  { reason: 'suite-setup', pattern: /SynchronizedBeforeSuite|BeforeSuite|getDefaultClusterIPFamily|Unexpected error:.*nodes? .*(not ready|schedulable)/i },
  { reason: 'exec-protocol', pattern: /unable to upgrade connection|SPDY|error dialing backend|upgrade request required|websocket|streaming connection|error executing remote command|exec .*(not supported|failed to)/i },
  { reason: 'image-command', pattern: /unknown (sub)?command|executable file not found|no such file or directory.*agnhost|command not found|unsupported (agnhost|image)|ImagePullBackOff|ErrImagePull|ErrImageNeverPull/i },
  { reason: 'dns', pattern: /nslookup|dig |DNS|lookup .* on .*: no such host|resolv\.conf/ },
  { reason: 'proxy', pattern: /\/proxy\/|proxy(ing)? (request|error)|ProxyWithPath|service proxy|pod proxy/i },
  { reason: 'data-plane', pattern: /connection refused|no route to host|i\/o timeout|nc -v|curl .*(failed|exit)|network is unreachable|reachability|NodePort .*not reachable/i },
  { reason: 'missing-api', pattern: /the server could not find the requested resource|404 page not found|NotFound.*(resource|kind)|MethodNotAllowed|method not allowed|the server does not allow this method|no matches for kind|is not (supported|implemented)/i },
  { reason: 'api-behaviour', pattern: /Invalid value|is invalid|Expected\s[\s\S]*to (equal|be|have|contain)|unexpected (status|value|field)|field is immutable|conflict/i },
  { reason: 'timeout', pattern: /timed out|timeout|deadline exceeded|context canceled|never (had|became|reached|got)/i },
];

export function classifyFailure(text: string): ReasonClass {
  for (const rule of RULES) if (rule.pattern.test(text)) return rule.reason;
  return 'other';
}

/** Details buried in a failure's object dump that say more than its first line ("Timed out after 900s"). */
const HINTS: readonly RegExp[] = [/Back-off pulling image "[^"]+"/, /unknown (sub)?command "?[^"\n]+"?/, /error dialing backend[^\n]*/];

/** The first meaningful line of a failure, plus a telling detail found further down, shortened for a table cell. */
export function failureSummary(text: string, max = 160): string {
  const hint = HINTS.map((re) => re.exec(text)?.[0]).find((h) => h !== undefined);
  const first = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !/^\[FAILED\]\s*$/.test(l) && !/^In \[It\] at:/.test(l)) ?? '';
  const line = hint && !first.includes(hint) ? `${first} (${hint})` : first;
  const clean = line.replace(/^\[FAILED\]\s*/, '').replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
