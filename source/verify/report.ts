import {readFileSync} from 'node:fs';
import {outcomes, type VerifyError, type VerifyMeasurement} from '../engine/index.js';
import {ms, percent} from '../lessons/format.js';
import {findingsOf, zeroDowntime, type Finding} from './findings.js';

/** The result of a verify run, as the JSON document gives it. */
export type VerifyReport = {
	node: string;
	command: string;
	zeroDowntime: boolean;
	sent: number;
	outcomes: Record<(typeof outcomes)[number], number>;
	gapMs: number | null;
	latency: {p50: number; p99: number; max: number};
	/** The load fell behind its schedule: the machine, not the deploy, explains its timeouts. */
	fellBehind: boolean;
	old: {signal: string; exitCode: number | null; exitSignal: string | null; exitedAfterMs: number | null; killed: boolean};
	/** One idle keep-alive connection to the new instance (null: not checked, --balancer-idle 0, or the request failed). */
	idleKeepAlive: {announcedMs: number | null; closedAfterMs: number | null; keptAlive: boolean} | null;
	findings: Finding[];
	settings: {
		rate: number;
		keepAlive: boolean;
		signal: string;
		lagMs: number;
		graceMs: number;
		readyPath: string | null;
		balancerIdleMs: number | null;
	};
	log: string;
};

/** Requests that were not answered, however they failed. */
export function failedOf(r: VerifyReport): number {
	return r.sent - r.outcomes.old - r.outcomes.new;
}

export function reportOf(m: VerifyMeasurement): VerifyReport {
	const {times, settings} = m;
	return {
		node: m.node,
		command: settings.command,
		zeroDowntime: zeroDowntime(m),
		sent: m.counts.sent,
		outcomes: Object.fromEntries(outcomes.map(outcome => [outcome, m.counts[outcome]])) as VerifyReport['outcomes'],
		gapMs: m.gapMs === undefined ? null : Math.round(m.gapMs),
		latency: {p50: Math.round(m.latency.p50), p99: Math.round(m.latency.p99), max: Math.round(m.latency.max)},
		fellBehind: m.schedule.behind,
		old: {
			signal: settings.signal,
			exitCode: m.old.exitCode,
			exitSignal: m.old.exitSignal,
			exitedAfterMs: times.oldExited === undefined ? null : Math.round(times.oldExited - times.signalled!),
			killed: m.old.killed,
		},
		idleKeepAlive: m.idleKeepAlive
			? {
					announcedMs: m.idleKeepAlive.announcedMs ?? null,
					closedAfterMs: m.idleKeepAlive.closedAfterMs === undefined ? null : Math.round(m.idleKeepAlive.closedAfterMs),
					keptAlive: !m.idleKeepAlive.refused,
				}
			: null,
		findings: findingsOf(m),
		settings: {
			rate: settings.rate,
			keepAlive: settings.keepAlive,
			signal: settings.signal,
			lagMs: settings.lagMs,
			graceMs: settings.graceMs,
			readyPath: settings.readyPath ?? null,
			balancerIdleMs: settings.balancerIdleMs || null,
		},
		log: settings.logFile,
	};
}

/** The report as short Markdown, for a pull request or a CI job's summary. */
export function markdownReport(r: VerifyReport): string {
	const o = r.outcomes;
	const failed = failedOf(r);
	return [
		`### zdd-learn verify: ${r.zeroDowntime ? '✔ zero downtime' : `✖ ${failed} of ${r.sent} requests failed`}`,
		'',
		`\`${r.command}\` on Node ${r.node}, deployed as Kubernetes would: ${r.settings.signal}, removed from the balancer ${r.settings.lagMs} ms later, ${r.settings.graceMs} ms grace${r.settings.readyPath ? `, ready on \`${r.settings.readyPath}\`` : ''}; ${r.settings.rate} req/s, keep-alive ${r.settings.keepAlive ? 'on' : 'off'}.`,
		'',
		'| sent | old | new | refused | reset | 5xx | timeout | other | gap |',
		'| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		`| ${r.sent} | ${o.old} | ${o.new} | ${o.refused} | ${o.reset} | ${o.status5xx} | ${o.timeout} | ${o.other} | ${r.gapMs === null ? '–' : ms(r.gapMs)} |`,
		'',
		...(r.findings.length > 0 ? r.findings.map(f => `- ${f.text}${f.lesson ? ` (lesson: \`${f.lesson}\`)` : ''}`) : ['No findings.']),
		...(r.fellBehind ? ['', '> The load fell behind its schedule: this machine, not the deploy, may explain timeouts.'] : []),
		'',
	].join('\n');
}

/** The report in plain lines, for a terminal or a log. */
/** counts: false leaves out the counts' two lines (a screen that shows them live). */
export function plainReport(r: VerifyReport, {counts = true}: {counts?: boolean} = {}): string[] {
	const o = r.outcomes;
	const failed = failedOf(r);
	const old = r.old.killed
		? `still running ${ms(r.settings.graceMs)} after ${r.old.signal}: killed`
		: r.old.exitedAfterMs === null
			? 'did not exit'
			: `exited ${ms(r.old.exitedAfterMs)} after ${r.old.signal}${r.old.exitSignal ? ` (by ${r.old.exitSignal})` : `, code ${r.old.exitCode}`}`;
	return [
		`zdd-learn verify: ${r.command} (Node ${r.node})`,
		`  settings: ${r.settings.rate} req/s · keep-alive ${r.settings.keepAlive ? 'on' : 'off'} · ${r.settings.signal}, removed from the balancer ${r.settings.lagMs} ms after it · grace ${ms(r.settings.graceMs)}${r.settings.readyPath ? ` · ready on ${r.settings.readyPath}` : ''}`,
		...(counts
			? [
					`  sent ${r.sent} · served by old ${o.old} · served by new ${o.new}`,
					`  refused ${o.refused} · reset ${o.reset} · 5xx ${o.status5xx} · timed out ${o.timeout} · other ${o.other} (${percent(failed, r.sent)} failed)`,
				]
			: []),
		`  gap, first to last failure: ${r.gapMs === null ? 'none' : ms(r.gapMs)} · p50 ${ms(r.latency.p50)} · p99 ${ms(r.latency.p99)} · max ${ms(r.latency.max)}`,
		`  the old instance: ${old}`,
		...(r.idleKeepAlive
			? [`  an idle keep-alive connection to the new instance: ${idleText(r.idleKeepAlive, r.settings.balancerIdleMs!)}`]
			: []),
		...(r.fellBehind ? ['  ⚠ the load fell behind its schedule: this machine, not the deploy, may explain timeouts'] : []),
		'',
		r.zeroDowntime
			? '✔ Zero downtime, as measured: every request was answered.'
			: `✖ Not zero-downtime: ${failed} of ${r.sent} requests failed.`,
		...r.findings.map(f => `  • ${f.text}${f.lesson ? ` (lesson: ${f.lesson})` : ''}`),
		'',
		`The app's own output: ${r.log}`,
	];
}

function idleText(idle: NonNullable<VerifyReport['idleKeepAlive']>, balancerIdleMs: number): string {
	if (!idle.keptAlive) return 'not kept (it answered Connection: close)';
	const closed =
		idle.closedAfterMs === null ? 'still open when the check ended' : `closed by the app ${ms(idle.closedAfterMs)} after its answer`;
	return `${closed}${idle.announcedMs === null ? '' : ` (it announced ${ms(idle.announcedMs)})`}; the balancer keeps one ${ms(balancerIdleMs)}`;
}

/** The app's last lines of output, without Node's own stack frames (node:internal), which say nothing of the app. */
function lastLines(file: string, count: number): string[] {
	try {
		const text = readFileSync(file, 'utf8').trimEnd();
		if (text === '') return [];
		return text
			.split('\n')
			.filter(line => !/^\s+at .*node:internal\//.test(line))
			.slice(-count);
	} catch {
		return [];
	}
}

/** Why the app could not be verified, in one line, then its own last lines of output. */
export function failureText(error: VerifyError): string {
	const tail = lastLines(error.log, 10);
	return `cannot verify: ${error.message}${tail.length > 0 ? `\nthe app's last output (${error.log}):\n${tail.map(line => `  ${line}`).join('\n')}` : ''}`;
}
