import {describe, expect, it} from 'vitest';
import type {VerifyMeasurement} from '../source/engine/index.js';
import {findingsOf} from '../source/verify/findings.js';
import {markdownReport, plainReport, reportOf} from '../source/verify/report.js';

/** A measured deploy: signal at 2000 ms, removal at 3000 ms; every count is given by the test. */
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
		times: {newListening: 1400, newAdded: 1400, signalled: 2000, removed: 3000, oldExited: 2500, end: 4000},
		failures: [],
		endpoints: {old: {answered: 200, inFlight: 0, status5xx: [], errors: []}, new: {answered: 200, inFlight: 0, status5xx: [], errors: []}},
		old: {pid: 1, exitCode: 0, exitSignal: null, killed: false, appAliveAfterExit: false, openAtKill: 0, keptAliveAtKill: 0},
		extraListens: 0,
	};
	change(m);
	return m;
}

const ids = (m: VerifyMeasurement) => findingsOf(m).map(f => f.id);

describe('verify findings: each from a measurement, none without one', () => {
	it('a clean deploy has no finding, and its report says zero downtime', () => {
		expect(findingsOf(measured())).toEqual([]);
		const report = reportOf(measured());
		expect(report.zeroDowntime).toBe(true);
		expect(plainReport(report).join('\n')).toContain('✔ Zero downtime, as measured');
		expect(markdownReport(report)).toContain('| 400 | 200 | 200 | 0 | 0 | 0 | 0 | 0 | – |');
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

	it('an exit before the removal is a finding only when requests were sent to it after it exited', () => {
		expect(ids(measured())).not.toContain('exited-while-routed');
		const m = measured(m => {
			m.endpoints.old.errors = [
				{at: 2600, code: 'ECONNREFUSED', reused: false, sentAt: 2600},
				{at: 2700, code: 'ECONNREFUSED', reused: false, sentAt: 2700},
			];
		});
		const finding = findingsOf(m).find(f => f.id === 'exited-while-routed');
		expect(finding?.text).toBe(
			'exited 500 ms after SIGTERM while the balancer still sent to it for 500 ms: 2 requests got 502 → keep serving until the balancer has let go (a pause before closing)',
		);
		expect(finding?.lesson).toBe('kubernetes-rolling-update');
	});

	it('refusals while it still ran and was still routed to: it closed its port too early', () => {
		const m = measured(m => {
			m.times.oldExited = 3500;
			m.endpoints.old.errors = [{at: 2100, code: 'ECONNREFUSED', reused: false, sentAt: 2100}];
		});
		expect(ids(m)).toEqual(['closed-while-routed']);
	});

	it('resets at the exit are requests cut in flight; resets on kept-alive connections before it are the keep-alive race', () => {
		const m = measured(m => {
			m.endpoints.old.errors = [
				{at: 2500, code: 'ECONNRESET', reused: false, sentAt: 2480},
				{at: 2200, code: 'ECONNRESET', reused: true, sentAt: 2200},
			];
		});
		expect(ids(m)).toEqual(['cut-in-flight', 'keep-alive-reset']);
	});

	it('killed after the grace; a wrapper that kept the app alive is said instead', () => {
		const killed = measured(m => {
			m.times.oldExited = undefined;
			m.times.oldKilled = 12_000;
			m.old.killed = true;
			m.old.openAtKill = 3;
		});
		expect(findingsOf(killed).map(f => f.text)).toEqual([
			'still running 10,000 ms after SIGTERM: SIGKILL, with 3 requests under way → it does not exit after SIGTERM; an orchestrator kills it at the end of the grace period, cutting whatever it still holds',
		]);
		const keptAlive = measured(m => {
			m.times.oldExited = undefined;
			m.old.killed = true;
			m.old.keptAliveAtKill = 2;
		});
		expect(findingsOf(keptAlive)[0]!.text).toMatch(
			/^still running 10,000 ms after SIGTERM: SIGKILL, with 2 idle connections the balancer kept alive still open → a close\(\) waits/,
		);
		const wrapped = measured(m => {
			m.times.oldExited = undefined;
			m.old.killed = true;
			m.old.appAliveAfterExit = true;
		});
		expect(ids(wrapped)).toEqual(['signal-not-passed-on']);
	});

	it('the new instance failing after it was counted ready, and a second port, are said; before it was added is not its fault', () => {
		const m = measured(m => {
			m.endpoints.new.status5xx = [1300, 1500, 1600];
			m.extraListens = 1;
		});
		const found = findingsOf(m);
		expect(found.map(f => f.id)).toEqual(['new-not-ready', 'more-than-one-port']);
		expect(found[0]!.text).toMatch(
			/^the new instance failed 2 requests \(5xx or a connection error\) after it was counted ready \(it listened\)/,
		);
	});

	it('the old instance failing before its signal (it was not ready either) is said apart; after the signal is another finding', () => {
		const m = measured(m => {
			m.endpoints.old.status5xx = [100, 200, 2100];
			m.endpoints.old.errors = [{at: 300, code: 'ECONNREFUSED', reused: false, sentAt: 300}];
		});
		const found = findingsOf(m);
		expect(found.map(f => f.id)).toEqual(['old-not-ready']);
		expect(found[0]!.text).toMatch(
			/^the old instance failed 3 requests \(5xx or a connection error\) before its SIGTERM, after it was counted ready/,
		);
	});
});
