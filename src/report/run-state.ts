import {
  RESULTS_SCHEMA,
  emptyTotals,
  totalsOf,
  type RunEvent,
  type RunReport,
  type RunStatus,
  type TestIdentity,
  type TestResult,
} from './model.js';

/**
 * Folds run events into the RunReport that results.json, junit_01.xml and report.html are rendered
 * from. Pure data: the same events always give the same report, whichever reporter holds the state.
 */
export class RunState {
  private report: RunReport | undefined;
  private planned: TestIdentity[] = [];
  private readonly results = new Map<string, TestResult>();

  constructor(private readonly kcertVersion: string) {}

  apply(event: Readonly<RunEvent>): void {
    switch (event.type) {
      case 'run-started':
        this.planned = [...event.planned];
        this.report = {
          schemaVersion: RESULTS_SCHEMA,
          runId: event.runId,
          kcertVersion: this.kcertVersion,
          status: 'running',
          target: event.target,
          selection: event.selection,
          startedAt: event.at,
          durationMs: 0,
          totals: { ...emptyTotals(), total: event.planned.length, notRun: event.planned.length },
          tests: [],
          notRun: event.planned.map((test) => test.id),
          warnings: [],
        };
        return;
      case 'test-finished':
        this.results.set(event.result.id, event.result);
        this.refresh(event.at);
        return;
      case 'warning':
        this.report?.warnings.push(event.message);
        return;
      case 'run-finished':
        this.report = { ...event.report };
        return;
      default:
        return;
    }
  }

  /** The report as of the last event; undefined before run-started. */
  snapshot(): RunReport | undefined {
    return this.report;
  }

  finish(status: Exclude<RunStatus, 'running'>, at: string): RunReport {
    this.refresh(at);
    const report = this.required();
    this.report = { ...report, status, finishedAt: at };
    return this.report;
  }

  get plannedTests(): readonly TestIdentity[] {
    return this.planned;
  }

  private refresh(at: string): void {
    const report = this.required();
    // Catalog order, not finish order: reports of two runs of the same plan line up.
    const tests = this.planned.flatMap((test) => {
      const result = this.results.get(test.id);
      return result ? [result] : [];
    });
    report.tests = tests;
    report.totals = totalsOf(tests, this.planned.length);
    report.notRun = this.planned.filter((test) => !this.results.has(test.id)).map((test) => test.id);
    report.durationMs = Date.parse(at) - Date.parse(report.startedAt);
  }

  private required(): RunReport {
    if (!this.report) throw new Error('run-started was not applied yet');
    return this.report;
  }
}
