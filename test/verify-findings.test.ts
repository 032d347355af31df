import {describe, expect, it} from 'vitest';
import type {FailedRequest, VerifyMeasurement} from '../source/engine/index.js';
import {findingsOf} from '../source/verify/findings.js';
import {headline, plainReport, reportOf} from '../source/verify/report.js';
import {markdownReport} from '../source/verify/markdown.js';
import {errorDocument} from '../source/verify/failure.js';
import {runsMarkdown, runsPlain, summaryOf} from '../source/verify/runs.js';

/** A measured deploy: signal at 2000 ms, removal at 3000 ms, the old instance gone at 2500 ms; every count is given by the test. */
function measured(change: (m: VerifyMeasurement) => void = () => {}): VerifyMeasurement {
	const m: VerifyMeasurement = {
		settings: {
			rate: 100,
			keepAlive: false,
			signal: 'SIGTERM',
			lagMs: 1000,
			graceMs: 10_000,
			startTimeoutMs: 10_000,
			settleMs: 1000,
			logFile: '/tmp/x.log',
			command: 'node server.js',
		},
		node: 'v22.0.0',
		counts: {sent: 400, old: 200, new: 200, refused: 0, reset: 0, timeout: 0, status5xx: 0, other: 0},
		latency: {p50: 2, p99: 9, max: 20},
		schedule: {lateP99Ms: 1, lateMaxMs: 2, loopDelayP99Ms: 1, loopDelayMaxMs: 2, slowConnects: 0, behind: false},
		times: {oldListening: 100, newListening: 1400, newAdded: 1400, signalled: 2000, removed: 3000, oldExited: 2500, end: 4000},
		steps: [],
		failures: [],
		statuses: {'200': 400},
		crashes: {},
		measured: {port: 40_000, askedPort: 3000, askedHost: null, by: 'answered-well', status: 200},
		otherListens: [],
		timeline: {sliceMs: 50, cells: []} as unknown as VerifyMeasurement['timeline'],
		byPath: {},
		endpoints: {old: {answered: 200, inFlight: 0, status5xx: [], errors: []}, new: {answered: 200, inFlight: 0, status5xx: [], errors: []}},
		old: {
			pid: 1,
			exitCode: 0,
			exitSignal: null,
			killed: false,
			appAliveAfterExit: false,
			openAtKill: 0,
			keptAliveAtKill: 0,
			calledClose: true,
			preloaded: true,
			lastAnsweredAt: 2400,
		},
	};
	change(m);
	// The client's counts follow the failures the test gives.
	for (const f of m.failures) {
		m.counts[f.outcome]++;
		m.counts.sent++;
		if (f.status !== undefined) m.statuses[String(f.status)] = (m.statuses[String(f.status)] ?? 0) + 1;
	}

	return m;
}

let next = 0;
/** A request the client saw fail with a 502 (or the app's own status), behind which the balancer saw this. */
function failed(version: 'old' | 'new', how: string | number, sentAt: number, at = sentAt, reused = false): FailedRequest {
	const status = typeof how === 'number' ? how : 502;
	return {
		id: next++,
		outcome: 'status5xx',
		status,
		sentAt,
		at,
		upstream: {version, sentAt, at, ...(typeof how === 'number' ? {status: how} : {code: how, reused})},
	};
}

const requestsOf = (m: VerifyMeasurement) => findingsOf(m).reduce((sum, f) => sum + f.requests, 0);

const ids = (m: VerifyMeasurement) => findingsOf(m).map(f => f.id);

describe('verify findings: each from a measurement, none without one', () => {
	it('a clean deploy has no finding, and its report says zero downtime', () => {
		expect(findingsOf(measured())).toEqual([]);
		const report = reportOf(measured());
		expect(report.zeroDowntime).toBe(true);
		expect(plainReport(report).join('\n')).toContain('✔ Clean deploy: all 400 requests were answered');
		expect(markdownReport(report)).toContain('| 400 | 200 | 200 | 0 | 0 | 0 | 0 | 0 | – |');
	});

	it("the stages: each in one line of the plain report and one row of the Markdown, its failures by kind, times from the load's start", () => {
		const counts = (sent: number, old: number, fresh: number, failed: Partial<Record<'refused' | 'status5xx', number>> = {}) => ({
			sent,
			old,
			new: fresh,
			refused: failed.refused ?? 0,
			reset: 0,
			timeout: 0,
			status5xx: failed.status5xx ?? 0,
			other: 0,
		});
		const report = reportOf(
			measured(m => {
				m.steps = [
					{stage: 'old-serving', startedAt: 200, endedAt: 1400, counts: counts(120, 120, 0)},
					{stage: 'new-added', startedAt: 1400, endedAt: 2000, counts: counts(60, 30, 30)},
					{stage: 'signalled', startedAt: 2000, endedAt: 3000, counts: counts(100, 40, 50, {status5xx: 7, refused: 3})},
				];
			}),
		);
		expect(report.steps.map(step => [step.stage, step.atMs, step.sent, step.failed])).toEqual([
			['old-serving', 0, 120, 0],
			['new-added', 1200, 60, 0],
			['signalled', 1800, 100, 10],
		]);
		const plain = plainReport(report);
		expect(plain).toContain('     0 ms  the old instance serves alone: sent 120 · none failed');
		expect(plain).toContain('   1.80 s  SIGTERM sent to the old instance: sent 100 · failed 10 (7 5xx, 3 refused)');
		expect(markdownReport(report)).toContain('| 1.20 s | the new instance added: both in the balancer | 60 | 0 |');
	});

	it("an idle keep-alive timeout below the balancer's is a finding only when the app was seen to close the connection sooner", () => {
		const idle = (idleKeepAlive: VerifyMeasurement['idleKeepAlive'], balancerIdleMs = 60_000) =>
			ids(
				measured(m => {
					m.settings.balancerIdleMs = balancerIdleMs;
					m.idleKeepAlive = idleKeepAlive;
				}),
			);
		expect(idle({announcedMs: 5000, refused: false, closedAfterMs: 5003, idleMs: 5003})).toEqual(['idle-timeout-below-balancer']);
		// Still open when the check ended, whatever it announced: nothing measured, nothing said.
		expect(idle({announcedMs: 5000, refused: false, idleMs: 2000})).toEqual([]);
		expect(idle({announcedMs: 65_000, refused: false, idleMs: 3000})).toEqual([]);
		// Closed, but after the balancer's own timeout; or not kept alive at all; or not checked.
		expect(idle({refused: false, closedAfterMs: 61_000, idleMs: 61_000})).toEqual([]);
		expect(idle({refused: true, closedAfterMs: 0, idleMs: 0})).toEqual([]);
		expect(idle({announcedMs: 5000, refused: false, closedAfterMs: 5003, idleMs: 5003}, 0)).toEqual([]);
		const report = reportOf(
			measured(m => {
				m.settings.balancerIdleMs = 60_000;
				m.idleKeepAlive = {announcedMs: 5000, refused: false, closedAfterMs: 5003, idleMs: 5003};
			}),
		);
		expect(report.idleKeepAlive).toEqual({announcedMs: 5000, closedAfterMs: 5003, keptAlive: true});
		expect(report.findings[0]?.text).toBe(
			"closed an idle keep-alive connection 5,003 ms after its last answer, while the balancer keeps idle connections 60,000 ms: a request the balancer sends as that close crosses the network gets a 502, with no deploy at all → set server.keepAliveTimeout above the balancer's idle timeout",
		);
		expect(plainReport(report).join('\n')).toContain(
			'an idle keep-alive connection to the new instance: closed by the app 5.00 s after its answer (it announced 5.00 s); the balancer keeps one 60.0 s',
		);
	});

	it('a naive app (a 100 ms handler, no shutdown code): the 502s after its exit and the requests its exit cut, each counted once, adding up', () => {
		const m = measured(m => {
			m.old.calledClose = false;
			m.old.lastAnsweredAt = 2010;
			m.times.oldExited = 2020;
			m.failures = [
				// Taken before the signal, cut by the exit: not a readiness problem.
				...[1930, 1950, 1970, 1990, 2000].map(sentAt => failed('old', 'ECONNRESET', sentAt, 2015)),
				// Refused once its port went with the process (one a moment before the exit was seen).
				failed('old', 'ECONNREFUSED', 2018),
				...Array.from({length: 49}, (_, i) => failed('old', 'ECONNREFUSED', 2030 + i * 20)),
			];
		});
		const found = findingsOf(m);
		expect(found.map(f => [f.id, f.requests])).toEqual([
			['exited-while-routed', 50],
			['cut-in-flight', 5],
		]);
		expect(requestsOf(m)).toBe(55);
		expect(found[0]!.text).toBe(
			"50 requests got 502: the balancer's connections were refused (the old instance exited 20 ms after SIGTERM, while the balancer still sent to it for 980 ms) → keep serving until the balancer has let go (a pause before closing)",
		);
		expect(found[1]!.text).toMatch(
			/^5 requests got 502: the balancer's connections were reset \(the old instance exited with them under way; the longest had waited 85 ms\)/,
		);
		expect(found.every(f => f.severity === 'failure')).toBe(true);
	});

	it('an app that stalls after the signal, then exits: every request it took and never answered is cut in flight, with how long the oldest waited', () => {
		const m = measured(m => {
			m.old.lastAnsweredAt = 2010;
			m.old.closeCalledAt = 2660;
			m.times.oldExited = 2700;
			m.failures = Array.from({length: 49}, (_, i) => failed('old', 'ECONNRESET', 2020 + i * 13, 2700));
		});
		const found = findingsOf(m);
		expect(found.map(f => [f.id, f.requests])).toEqual([['cut-in-flight', 49]]);
		expect(found[0]!.text).toContain('the longest had waited 680 ms');
	});

	it('refusals after the app called close(), while it still ran and was still routed to: it closed its port too early', () => {
		const m = measured(m => {
			m.times.oldExited = 3500;
			m.old.closeCalledAt = 2050;
			m.failures = [failed('old', 'ECONNREFUSED', 2100), failed('old', 'ECONNREFUSED', 2200)];
		});
		expect(findingsOf(m).map(f => [f.id, f.requests])).toEqual([['closed-while-routed', 2]]);
		expect(findingsOf(m)[0]!.text).toMatch(
			/^2 requests got 502: the balancer's connections were refused \(the old instance stopped accepting 50 ms after SIGTERM/,
		);
	});

	it('a server the preload cannot see that stops accepting, then exits later: its refusals before the exit are a closed port, said from the first refusal', () => {
		const m = measured(m => {
			m.old.preloaded = false;
			m.old.calledClose = false;
			m.times.oldExited = 2800;
			m.failures = [failed('old', 'ECONNREFUSED', 2010), failed('old', 'ECONNREFUSED', 2400), failed('old', 'ECONNREFUSED', 2900)];
		});
		const found = findingsOf(m);
		expect(found.map(f => [f.id, f.requests])).toEqual([
			['exited-while-routed', 1],
			['closed-while-routed', 2],
		]);
		expect(found[1]!.text).toMatch(
			/\(the old instance stopped accepting 10 ms after SIGTERM, while the balancer still sent to it until 800 ms after it\)/,
		);
	});

	it('killed while the balancer still sent to it (a lag longer than the grace): said as a kill, with the fix of the grace', () => {
		const m = measured(m => {
			m.settings.graceMs = 500;
			m.times.oldExited = undefined;
			m.times.oldKilled = 2500;
			m.old.killed = true;
			m.old.calledClose = false;
			m.failures = [failed('old', 'ECONNRESET', 2300, 2500), failed('old', 'ECONNREFUSED', 2600), failed('old', 'ECONNREFUSED', 2700)];
		});
		const found = findingsOf(m);
		expect(found.map(f => [f.id, f.requests])).toEqual([
			['exited-while-routed', 2],
			['cut-in-flight', 1],
			['killed-after-grace', 0],
		]);
		expect(found[0]!.text).toMatch(
			/the old instance was killed 500 ms after SIGTERM, at the end of its grace period, while the balancer still sent to it for 500 ms\) → give it a grace period longer/,
		);
	});

	it('error answers from the old instance once its shutdown began are its own, not unexplained', () => {
		const m = measured(m => {
			m.failures = [failed('old', 503, 2100), failed('old', 503, 2200)];
		});
		expect(findingsOf(m).map(f => [f.id, f.requests])).toEqual([['errors-after-signal', 2]]);
	});

	it('an app whose / fails before any deploy is told so, not to add a readiness path', () => {
		const m = measured(m => {
			m.measured = {port: 40_000, askedPort: 3000, askedHost: null, by: 'accepted', status: 500};
			m.failures = [failed('old', 500, 1000), failed('new', 500, 1500)];
		});
		const found = findingsOf(m);
		expect(found.map(f => f.id)).toEqual(['new-not-ready', 'old-not-ready']);
		expect(found[0]!.text).toMatch(/it answered \/ with 500 before the deploy began too/);
	});

	it('resets on kept-alive connections after the signal, while it still answered, are the keep-alive race', () => {
		const m = measured(m => {
			m.failures = [failed('old', 'ECONNRESET', 2200, 2200, true)];
		});
		expect(findingsOf(m).map(f => f.id)).toEqual(['keep-alive-reset']);
	});

	it('killed after the grace: the advice depends on whether the app called close(); a wrapper that kept the app alive is said instead', () => {
		const killed = (change: (m: VerifyMeasurement) => void) =>
			findingsOf(
				measured(m => {
					m.times.oldExited = undefined;
					m.times.oldKilled = 12_000;
					m.old.killed = true;
					change(m);
				}),
			);
		const never = killed(m => {
			m.old.calledClose = false;
			m.old.openAtKill = 3;
		});
		expect(never.map(f => [f.id, f.severity])).toEqual([['killed-after-grace', 'failure']]);
		expect(never[0]!.text).toBe(
			'still running 10,000 ms after SIGTERM: SIGKILL, with 3 requests under way → it never called close() on its server: handle SIGTERM (stop accepting once the balancer has let go, let requests finish, then exit)',
		);
		expect(killed(m => (m.old.keptAliveAtKill = 2))[0]!.text).toMatch(
			/^still running 10,000 ms after SIGTERM: SIGKILL, with 2 idle connections the balancer kept alive still open → it called close\(\), which waits/,
		);
		expect(killed(() => {})[0]!.text).toMatch(/it called close\(\), but something else keeps the process alive/);
		expect(killed(m => (m.old.preloaded = false))[0]!.text).toMatch(/it does not exit on SIGTERM/);
		expect(killed(m => (m.settings.command = 'npx json-server db.json'))[0]!.text).toMatch(/a Kubernetes preStop sleep/);
		expect(killed(m => (m.old.appAliveAfterExit = true)).map(f => f.id)).toEqual(['signal-not-passed-on']);
	});

	it('the new instance failing after it was counted ready is said; a second port is a warning', () => {
		const m = measured(m => {
			m.failures = [failed('new', 503, 1500), failed('new', 503, 1600)];
			m.otherListens = [{port: 41_000, askedPort: 9000, askedHost: null}];
		});
		const found = findingsOf(m);
		expect(found.map(f => [f.id, f.severity, f.requests])).toEqual([
			['new-not-ready', 'failure', 2],
			['more-than-one-port', 'warning', 0],
		]);
		expect(found[0]!.text).toMatch(
			/^2 requests got 503 from the app \(the new instance failed them after it was counted ready \(it listened\)\)/,
		);
	});

	it('the old instance failing before its signal (it was not ready either) is said apart', () => {
		const m = measured(m => {
			m.failures = [failed('old', 503, 100), failed('old', 503, 200), failed('old', 'ECONNREFUSED', 300)];
		});
		expect(findingsOf(m).map(f => [f.id, f.requests])).toEqual([['old-not-ready', 3]]);
	});

	it('an instance that crashed while routed to: its failures are the crash, not a readiness problem', () => {
		const m = measured(m => {
			m.crashes = {new: {at: 2100, exitCode: 1, exitSignal: null}};
			m.newLastAnsweredAt = 2090;
			m.failures = [failed('new', 'ECONNRESET', 2080, 2100), failed('new', 'ECONNREFUSED', 2200)];
		});
		const found = findingsOf(m);
		expect(found.map(f => [f.id, f.requests])).toEqual([['crashed', 2]]);
		expect(found[0]!.text).toContain('the new instance crashed: it exited on its own (code 1) 700 ms after it listened');
		const report = reportOf(m);
		expect(report.clean).toBe(false);
	});

	it('what no measured event explains is said as unexplained, in what the client saw, never left out', () => {
		const m = measured(m => {
			m.failures = [{id: 1, outcome: 'timeout', sentAt: 500, at: 5500}, failed('new', 'ECONNRESET', 900)];
		});
		const found = findingsOf(m);
		expect(found.map(f => [f.id, f.requests])).toEqual([['unexplained', 2]]);
		expect(found[0]!.text).toMatch(/^1 request timed out, 1 got 502: the balancer's connection was reset: no measured event/);
	});

	it('any mix of failures: the findings explain each exactly once', () => {
		const codes = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'socket hang up', 'ETIMEDOUT', 500, 502, 503];
		for (let round = 0; round < 50; round++) {
			const m = measured(m => {
				let seed = round + 1;
				const random = () => ((seed = (seed * 16_807) % 2_147_483_647) - 1) / 2_147_483_646;
				m.old.closeCalledAt = random() < 0.5 ? 2100 : undefined;
				if (random() < 0.3) m.crashes = {new: {at: 3000, exitCode: 1, exitSignal: null}};
				m.failures = Array.from({length: 40}, () => {
					if (random() < 0.1) return {id: next++, outcome: 'timeout' as const, sentAt: random() * 4000, at: 5000};
					const sentAt = random() * 4000;
					return failed(
						random() < 0.5 ? 'old' : 'new',
						codes[Math.floor(random() * codes.length)]!,
						sentAt,
						sentAt + random() * 50,
						random() < 0.5,
					);
				});
			});
			expect(requestsOf(m)).toBe(m.failures.length);
		}
	});

	it('the headline says what the exit code says', () => {
		expect(headline(reportOf(measured()))).toBe(
			'✔ Clean deploy: all 400 requests were answered, and the old instance exited by itself 500 ms after SIGTERM.',
		);
		const killed = reportOf(
			measured(m => {
				m.times.oldExited = undefined;
				m.old.killed = true;
				m.old.appAliveAfterExit = true;
			}),
		);
		expect(killed.clean).toBe(false);
		expect(headline(killed)).toBe(
			'✖ Not a clean deploy: all 400 requests were answered, but the app never got SIGTERM and was killed after 10.0 s.',
		);
		const warned = measured(m => (m.otherListens = [{port: 41_000, askedPort: 9000, askedHost: null}]));
		expect(reportOf(warned).clean).toBe(true);
		expect(headline(reportOf(warned))).toMatch(/^✔ Clean deploy: .*\(1 warning below\)\.$/);
		expect(reportOf(warned, {strict: true}).clean).toBe(false);
		expect(headline(reportOf(warned, {strict: true}))).toBe(
			'✖ Not a clean deploy: all 400 requests were answered, but --strict counts the warning below.',
		);
		const dropped = reportOf(measured(m => (m.failures = [failed('old', 'ECONNREFUSED', 2600)])));
		expect(headline(dropped)).toBe('✖ Not a clean deploy: 1 of 401 requests failed.');
		expect(plainReport(dropped).join('\n')).toContain('answers by status: 200 × 400, 502 × 1');
		expect(markdownReport(dropped)).toContain('### zdd-learn verify: ✖ Not a clean deploy: 1 of 401 requests failed.');
	});
});

describe('the routes the load asked', () => {
	it("are named, with each path's outcomes, in the plain report, the Markdown and the JSON; GET / alone names none", () => {
		const plain = reportOf(measured(m => (m.byPath = {'/': m.counts})));
		expect(plain.settings).toMatchObject({paths: [{path: '/', weight: 1}], method: 'GET', headers: [], bodyBytes: null});
		expect(plainReport(plain).join('\n')).not.toContain('requests:');
		expect(markdownReport(plain)).not.toContain('by path');

		const report = reportOf(
			measured(m => {
				m.settings.paths = [
					{path: '/', weight: 3},
					{path: '/reports', weight: 1},
				];
				m.settings.method = 'POST';
				m.settings.headers = {Authorization: 'Bearer secret'};
				m.settings.body = '{"a":1}';
				m.counts = {sent: 400, old: 200, new: 188, refused: 0, reset: 0, timeout: 0, status5xx: 12, other: 0};
				m.byPath = {
					'/': {sent: 300, old: 150, new: 150, refused: 0, reset: 0, timeout: 0, status5xx: 0, other: 0},
					'/reports': {sent: 100, old: 50, new: 38, refused: 0, reset: 0, timeout: 0, status5xx: 12, other: 0},
				};
			}),
		);
		expect(report.settings).toMatchObject({method: 'POST', headers: ['Authorization'], bodyBytes: 7});
		expect(report.byPath['/reports']).toEqual({
			sent: 100,
			outcomes: {old: 50, new: 38, refused: 0, reset: 0, timeout: 0, status5xx: 12, other: 0},
		});
		const lines = plainReport(report);
		expect(lines).toContain('  requests: POST / ×3, /reports ×1 · headers Authorization · a body of 7 bytes');
		expect(lines).toContain('    /         sent 300 · none failed');
		expect(lines).toContain('    /reports  sent 100 · failed 12 (12 5xx)');
		// A header's value may be a secret: it is never repeated.
		expect(JSON.stringify(report)).not.toContain('secret');
		expect(lines.join('\n')).not.toContain('secret');
		const markdown = markdownReport(report);
		expect(markdown).toContain('| `/reports` | 1 | 100 | 12 (12 5xx) |');
		expect(markdown).toContain('| `/` | 3 | 300 | 0 |');
	});
});

describe('the spread over repeated runs', () => {
	it('sums the counts, gives the failures per run from least to most, each finding in how many runs, and the worst exit code', () => {
		const byPath = (m: VerifyMeasurement) => {
			m.byPath = {'/': {...m.counts}};
		};
		const clean = reportOf(measured(byPath));
		const dropped = reportOf(measured(m => m.failures.push(failed('old', 'ECONNREFUSED', 2600), failed('old', 'ECONNREFUSED', 2700))));
		// Every request on one path: its counts are the run's.
		dropped.byPath = {'/': {sent: dropped.sent, outcomes: {...dropped.outcomes}}};
		const none = errorDocument('cannot verify: the old instance exited with code 1 before it listened');
		const summary = summaryOf([clean, dropped]);
		expect(summary).toMatchObject({runs: 2, measured: 2, clean: 1, sent: 802, failed: {min: 0, max: 2}, exitCode: 1});
		expect(summary.outcomes.status5xx).toBe(2);
		expect(summary.statuses).toEqual({'200': 800, '502': 2});
		expect(summary.byPath['/']).toEqual({
			sent: 802,
			outcomes: {old: 400, new: 400, refused: 0, reset: 0, status5xx: 2, timeout: 0, other: 0},
		});
		expect(summary.findings).toEqual(dropped.findings.map(f => ({id: f.id, severity: f.severity, runs: 1, requests: f.requests})));
		expect(summary.findings.reduce((sum, f) => sum + f.requests, 0)).toBe(2);
		expect(summaryOf([clean, dropped, none])).toMatchObject({runs: 3, measured: 2, exitCode: 2});
		expect(summaryOf([clean, clean]).exitCode).toBe(0);
		const lines = runsPlain([clean, dropped, none]);
		expect(lines[0]).toMatch(/^Run 1\/3: ✔ Clean deploy/);
		expect(lines[1]).toMatch(/^Run 2\/3: ✖ Not a clean deploy: 2 of 402 requests failed/);
		expect(lines[2]).toBe('Run 3/3: · cannot verify: the old instance exited with code 1 before it listened');
		expect(lines).toContain(
			'Over 3 runs: clean in 1 · failed requests per run 0–2 · sent 802 in all, 2 failed (2 5xx) · 1 could not be verified',
		);
		expect(lines.at(-1)).toBe('✖ Not clean in every run: the worst run decides the exit code (2).');
		expect(runsMarkdown([clean, dropped])).toContain('| 2 | 402 | 2 | ✖ not clean |');
		// More than one path: each path's requests over all runs, so a slow route cut in every run shows apart.
		const zero = {old: 0, new: 0, refused: 0, reset: 0, status5xx: 0, timeout: 0, other: 0};
		const split = {
			...dropped,
			byPath: {
				'/': {sent: 300, outcomes: {...zero, old: 150, new: 150}},
				'/reports': {sent: 102, outcomes: {...zero, old: 50, new: 50, status5xx: 2}},
			},
		};
		const both = runsPlain([split, split]);
		expect(both).toContain('    /         sent 600 · none failed');
		expect(both).toContain('    /reports  sent 204 · failed 4 (4 5xx)');
		expect(lines.some(line => line.startsWith('    /'))).toBe(false);
	});
});
