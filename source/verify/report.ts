import {
	emptyCounts,
	failureList,
	failures,
	outcomes,
	type ListenSeen,
	routesOf,
	type OutcomeCounts,
	type VerifyMeasurement,
	type VerifyStage,
} from '../engine/index.js';
import {ms, percent} from '../shared/format.js';
import {unreachable} from '../shared/unreachable.js';
import {cleanOf, findingsOf, zeroDowntime, type Finding} from './findings.js';

/** The result of a verify run, as the JSON document gives it. */
export type VerifyReport = {
	node: string;
	command: string;
	/** The exit-0 condition: no finding is a failure (with settings.strict, none at all). */
	clean: boolean;
	/** No request failed. */
	zeroDowntime: boolean;
	sent: number;
	outcomes: Record<(typeof outcomes)[number], number>;
	/** The answers the clients saw, by status code, the balancer's 502s included. */
	statuses: Record<string, number>;
	gapMs: number | null;
	latency: {p50: number; p99: number; max: number};
	/** The load fell behind its schedule: the machine, not the deploy, explains its timeouts. */
	fellBehind: boolean;
	old: {
		signal: string;
		exitCode: number | null;
		exitSignal: string | null;
		/** ms after the signal; null when it was killed, or had crashed before it. */
		exitedAfterMs: number | null;
		killed: boolean;
		crashed: boolean;
	};
	/** The app's server, of the listens the old instance made: what its code asked for, and how it was told apart. */
	measured: ListenSeen & {
		by: VerifyMeasurement['measured']['by'];
		/** Its answer to the load's path before the load began (0: not asked). */
		status: number;
	};
	/** The app's other listens, left out of the measurement. */
	otherListens: ListenSeen[];
	/** One idle keep-alive connection to the new instance (null: not checked, --balancer-idle 0, or the request failed). */
	idleKeepAlive: {announcedMs: number | null; closedAfterMs: number | null; keptAlive: boolean} | null;
	findings: Finding[];
	/**
	 * The deploy stage by stage: when each began (ms from the load's start) and what became of its requests
	 * (those sent in it; a refusal, reset, 5xx or other error counts in the stage it happened in, whenever its request
	 * was sent, so a stage can fail more than it sent). They add up to sent and outcomes.
	 */
	steps: Array<{stage: VerifyStage; title: string; atMs: number; sent: number; failed: number; outcomes: VerifyReport['outcomes']}>;
	settings: {
		rate: number;
		keepAlive: boolean;
		signal: string;
		lagMs: number;
		graceMs: number;
		readyPath: string | null;
		balancerIdleMs: number | null;
		appPort: number | null;
		strict: boolean;
		/** The routes the load asked, drawn by weight. */
		paths: Array<{path: string; weight: number}>;
		method: string;
		/** The names of the headers every request carried (their values are not repeated here: they may be secrets). */
		headers: string[];
		/** The size of every request's body, bytes (null: none). */
		bodyBytes: number | null;
	};
	/** Each path's requests and what became of them (wherever in the deploy they ended); they add up to sent and outcomes. */
	byPath: Record<string, {sent: number; outcomes: VerifyReport['outcomes']}>;
	/** The app's output; the file is kept only when the deploy was not clean. */
	log: string;
};

/** The outcomes of some requests, as the report names them. */
export function outcomesOf(counts: OutcomeCounts = emptyCounts()): VerifyReport['outcomes'] {
	return Object.fromEntries(outcomes.map(outcome => [outcome, counts[outcome]])) as VerifyReport['outcomes'];
}

/** Whether the load asked anything but GET / with nothing more: then the report says what, and each path's outcomes. */
export function ownRequests(r: VerifyReport): boolean {
	const [first] = r.settings.paths;
	return (
		r.settings.paths.length > 1 ||
		first?.path !== '/' ||
		r.settings.method !== 'GET' ||
		r.settings.headers.length > 0 ||
		r.settings.bodyBytes !== null
	);
}

/** What the load asked (its own routes, method, headers, body) and each path's outcomes, when it was not GET / alone. */
function requestLines(r: VerifyReport): string[] {
	if (!ownRequests(r)) return [];
	const s = r.settings;
	const routes = s.paths.map(route => (s.paths.length > 1 ? `${route.path} ×${route.weight}` : route.path)).join(', ');
	const extra = [
		...(s.headers.length > 0 ? [`headers ${s.headers.join(', ')}`] : []),
		...(s.bodyBytes === null ? [] : [`a body of ${count(s.bodyBytes)} bytes`]),
	];
	const width = Math.max(...s.paths.map(route => route.path.length));
	return [
		`  requests: ${s.method} ${routes}${extra.length > 0 ? ` · ${extra.join(' · ')}` : ''}`,
		...s.paths.map(({path}) => {
			return pathLine(path, r.byPath[path] ?? {sent: 0, outcomes: outcomesOf()}, width);
		}),
	];
}

/** One path's requests in a line, its path padded to width: sent, and failed with how. */
export function pathLine(path: string, of: VerifyReport['byPath'][string], width: number): string {
	const failed = of.sent - of.outcomes.old - of.outcomes.new;
	const how = failed === 0 ? 'none failed' : `failed ${count(failed)} (${failureList({...of.outcomes, sent: of.sent})})`;
	return `    ${path.padEnd(width)}  sent ${count(of.sent)} · ${how}`;
}

/** Requests that were not answered, however they failed. */
export function failedOf(r: VerifyReport): number {
	return r.sent - r.outcomes.old - r.outcomes.new;
}

export function reportOf(m: VerifyMeasurement, {strict = false}: {strict?: boolean} = {}): VerifyReport {
	const {times, settings} = m;
	const findings = findingsOf(m);
	const exitedAfter = times.oldExited === undefined || m.crashes.old ? null : Math.round(times.oldExited - times.signalled!);
	return {
		node: m.node,
		command: settings.command,
		clean: cleanOf(findings, m.counts.sent, strict),
		zeroDowntime: zeroDowntime(m),
		sent: m.counts.sent,
		outcomes: outcomesOf(m.counts),
		statuses: m.statuses,
		gapMs: m.gapMs === undefined ? null : Math.round(m.gapMs),
		latency: {p50: Math.round(m.latency.p50), p99: Math.round(m.latency.p99), max: Math.round(m.latency.max)},
		fellBehind: m.schedule.behind,
		old: {
			signal: settings.signal,
			exitCode: m.old.exitCode,
			exitSignal: m.old.exitSignal,
			exitedAfterMs: exitedAfter,
			killed: m.old.killed,
			crashed: m.crashes.old !== undefined,
		},
		measured: m.measured,
		otherListens: m.otherListens,
		idleKeepAlive: m.idleKeepAlive
			? {
					announcedMs: m.idleKeepAlive.announcedMs ?? null,
					closedAfterMs: m.idleKeepAlive.closedAfterMs === undefined ? null : Math.round(m.idleKeepAlive.closedAfterMs),
					keptAlive: !m.idleKeepAlive.refused,
				}
			: null,
		findings,
		steps: m.steps.map(step => ({
			stage: step.stage,
			title: stageTitle(step.stage, settings.signal),
			atMs: Math.round(step.startedAt - (m.steps[0]?.startedAt ?? 0)),
			sent: step.counts.sent,
			failed: failures(step.counts),
			outcomes: outcomesOf(step.counts),
		})),
		settings: {
			rate: settings.rate,
			keepAlive: settings.keepAlive,
			signal: settings.signal,
			lagMs: settings.lagMs,
			graceMs: settings.graceMs,
			readyPath: settings.readyPath ?? null,
			balancerIdleMs: settings.balancerIdleMs || null,
			appPort: settings.appPort ?? null,
			strict,
			paths: routesOf(settings),
			method: settings.method ?? 'GET',
			headers: Object.keys(settings.headers ?? {}),
			bodyBytes: settings.body === undefined ? null : Buffer.byteLength(settings.body),
		},
		byPath: Object.fromEntries(Object.entries(m.byPath).map(([path, counts]) => [path, {sent: counts.sent, outcomes: outcomesOf(counts)}])),
		log: settings.logFile,
	};
}

/** What a stage of the deploy is, in the words of the deploy. */
export function stageTitle(stage: VerifyStage, signal: string): string {
	switch (stage) {
		case 'old-serving': {
			return 'the old instance serves alone';
		}

		case 'new-listening': {
			return 'the new instance listens, not yet in the balancer';
		}

		case 'new-ready': {
			return 'the new instance answers its readiness path';
		}

		case 'new-added': {
			return 'the new instance added: both in the balancer';
		}

		case 'signalled': {
			return `${signal} sent to the old instance`;
		}

		case 'removed': {
			return 'the old instance removed from the balancer';
		}

		case 'old-exited': {
			return 'the old instance has exited';
		}

		case 'old-killed': {
			return 'the old instance killed at the end of its grace';
		}

		default: {
			return unreachable(stage, 'stage');
		}
	}
}

/** A stage in one line: when it began, what it is, and what became of its requests. */
function stageLine(step: VerifyReport['steps'][number]): string {
	const failed = step.failed === 0 ? 'none failed' : `failed ${step.failed} (${failureList({...step.outcomes, sent: step.sent})})`;
	return `${ms(step.atMs).padStart(7)}  ${step.title}: sent ${step.sent} · ${failed}`;
}

/** One line that says what the exit code says: clean or not, and the failure that decided it. */
export function headline(r: VerifyReport): string {
	const failed = failedOf(r);
	const failures = r.findings.filter(f => f.severity === 'failure');
	const warnings = r.findings.filter(f => f.severity === 'warning');
	const answered = failed === 0 ? `all ${count(r.sent)} requests were answered` : `${count(failed)} of ${count(r.sent)} requests failed`;
	if (r.clean) {
		const exit =
			r.old.exitedAfterMs === null ? '' : `, and the old instance exited by itself ${ms(r.old.exitedAfterMs)} after ${r.old.signal}`;
		return `✔ Clean deploy: ${answered}${exit}${warnings.length > 0 ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'} below)` : ''}.`;
	}

	const fate = failures.some(f => f.id === 'signal-not-passed-on')
		? `the app never got ${r.old.signal} and was killed after ${ms(r.settings.graceMs)}`
		: failures.some(f => f.id === 'killed-after-grace')
			? `the old instance was still running ${ms(r.settings.graceMs)} after ${r.old.signal} and was killed`
			: failures.some(f => f.id === 'crashed')
				? 'an instance crashed during the deploy'
				: undefined;
	if (failed > 0) return `✖ Not a clean deploy: ${answered}${fate ? `, and ${fate}` : ''}.`;
	if (fate) return `✖ Not a clean deploy: ${answered}, but ${fate}.`;
	return `✖ Not a clean deploy: ${answered}, but --strict counts the ${warnings.length === 1 ? 'warning' : `${warnings.length} warnings`} below.`;
}

export const count = (n: number) => n.toLocaleString('en-US');

/** A finding as one line: ✖ for a failure, ⚠ for a warning, and its lesson. */
export function findingLine(f: Finding, lesson: (id: string) => string): string {
	return `${f.severity === 'failure' ? '✖' : '⚠'} ${f.text}${f.lesson ? ` (${lesson(f.lesson)})` : ''}`;
}

/** Which listen was measured, when the app made more than one or none answered the path well. */
export function measuredText(r: VerifyReport): string | undefined {
	const m = r.measured;
	const first = r.settings.paths[0]?.path ?? '/';
	const asked = `the listen that asked for ${m.askedPort === null ? 'no port' : `port ${String(m.askedPort)}`}${m.askedHost ? ` on ${m.askedHost}` : ''}`;
	if (m.by === 'accepted') return `measured ${asked}: no listen answered ${first} with 2xx or 3xx (it answered ${m.status})`;
	if (m.by === 'app-port') return `measured ${asked} (--app-port)`;
	if (r.otherListens.length > 0) return `measured ${asked}, the first to answer ${first} with 2xx or 3xx`;
	return undefined;
}

export function statusText(r: VerifyReport): string {
	const entries = Object.entries(r.statuses).sort(([a], [b]) => Number(a) - Number(b));
	return entries.length === 0 ? 'none' : entries.map(([status, n]) => `${status} × ${count(n)}`).join(', ');
}

/** The report in plain lines, for a terminal or a log. */
/** counts: false leaves out the counts' two lines (a screen that shows them live); stages: false, the stages (a stepped run shows its steps). */
export function plainReport(r: VerifyReport, {counts = true, stages = true}: {counts?: boolean; stages?: boolean} = {}): string[] {
	const o = r.outcomes;
	const failed = failedOf(r);
	const old = r.old.crashed
		? 'crashed before its signal'
		: r.findings.some(f => f.id === 'signal-not-passed-on')
			? `the command's first process exited on ${r.old.signal}; the app's own process ran on until it was killed ${ms(r.settings.graceMs)} later`
			: r.old.killed
				? `still running ${ms(r.settings.graceMs)} after ${r.old.signal}: killed`
				: r.old.exitedAfterMs === null
					? 'did not exit'
					: `exited ${ms(r.old.exitedAfterMs)} after ${r.old.signal}${r.old.exitSignal ? ` (by ${r.old.exitSignal})` : `, code ${r.old.exitCode}`}`;
	const measured = measuredText(r);
	return [
		`zdd-learn verify: ${r.command} (Node ${r.node})`,
		`  settings: ${r.settings.rate} req/s · keep-alive ${r.settings.keepAlive ? 'on' : 'off'} · ${r.settings.signal}, removed from the balancer ${r.settings.lagMs} ms after it · grace ${ms(r.settings.graceMs)}${r.settings.readyPath ? ` · ready on ${r.settings.readyPath}` : ''}`,
		...(measured ? [`  ${measured}`] : []),
		...(counts
			? [
					`  sent ${r.sent} · served by old ${o.old} · served by new ${o.new}`,
					`  refused ${o.refused} · reset ${o.reset} · 5xx ${o.status5xx} · timed out ${o.timeout} · other ${o.other} (${percent(failed, r.sent)} failed)`,
				]
			: []),
		...requestLines(r),
		`  answers by status: ${statusText(r)}`,
		`  gap, first to last failure: ${r.gapMs === null ? 'none' : ms(r.gapMs)} · p50 ${ms(r.latency.p50)} · p99 ${ms(r.latency.p99)} · max ${ms(r.latency.max)}`,
		`  the old instance: ${old}`,
		...(r.idleKeepAlive
			? [`  an idle keep-alive connection to the new instance: ${idleText(r.idleKeepAlive, r.settings.balancerIdleMs!)}`]
			: []),
		...(r.fellBehind ? ['  ⚠ the load fell behind its schedule: this machine, not the deploy, may explain timeouts'] : []),
		'',
		headline(r),
		...r.findings.map(f => `  ${findingLine(f, id => `lesson: ${id}`)}`),
		...(stages
			? [
					'',
					"Stage by stage, from the load's start (sent: the requests sent in it; failed: the refusals, resets and errors that happened in it, whenever sent, and the timeouts of those sent in it):",
					...r.steps.map(step => `  ${stageLine(step)}`),
				]
			: []),
		...(r.clean ? [] : ['', `The app's own output: ${r.log}`]),
	];
}

function idleText(idle: NonNullable<VerifyReport['idleKeepAlive']>, balancerIdleMs: number): string {
	if (!idle.keptAlive) return 'not kept (it answered Connection: close)';
	const closed =
		idle.closedAfterMs === null ? 'still open when the check ended' : `closed by the app ${ms(idle.closedAfterMs)} after its answer`;
	return `${closed}${idle.announcedMs === null ? '' : ` (it announced ${ms(idle.announcedMs)})`}; the balancer keeps one ${ms(balancerIdleMs)}`;
}
