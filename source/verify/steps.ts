import {
	deployPlan,
	failureList,
	failures,
	type OutcomeCounts,
	type PlannedStep,
	type VerifyStage,
	type VerifyStep,
} from '../engine/index.js';
import {ms} from '../shared/format.js';
import {unreachable} from '../shared/unreachable.js';
import type {VerifyReport} from './report.js';

/** What a stepped deploy needs to know of its settings to name its steps. */
export type StepSettings = {signal: string; lagMs: number; graceMs: number; readyPath?: string | null | undefined};

/** A stage as measured so far: when it began (ms from the load's start), the requests counted under it, and those still under way. */
export type MeasuredStage = {stage: VerifyStage; atMs: number; counts: OutcomeCounts; inFlight?: number};

/** One step of a stepped deploy: what it is, who does it, what a clean deploy shows in it, and what this run measured. */
export type StepRow = PlannedStep & {
	title: string;
	/** What the step shows when the app shuts down well. */
	expected: string;
	/** Its counts, once it has begun (the old instance's end: 'old-killed' when it was killed). */
	measured?: MeasuredStage;
	/**
	 * ✖ as soon as a request counted under it failed (counts only grow), or the old instance was killed;
	 * ✔ once its counts are final (it has ended, and nothing counted under it is under way) and none did;
	 * ▶ under way, or ended with requests still under way; · not begun (or never, if the run is over), or
	 * no request was sent in it (nothing measured).
	 */
	mark: '✔' | '✖' | '▶' | '·';
	/** The mark in words. */
	verdict: string;
};

function title(step: PlannedStep, s: StepSettings): string {
	switch (step.stage) {
		case 'old-serving': {
			return 'Start the old instance and send it the load';
		}

		case 'new-listening': {
			return 'Start the new instance';
		}

		case 'new-ready': {
			return `Wait until the new instance answers 2xx on ${s.readyPath ?? 'its readiness path'}`;
		}

		case 'new-added': {
			return 'Add the new instance to the balancer';
		}

		case 'removed': {
			return step.by === 'operator'
				? 'Take the old instance out of the balancer'
				: `The balancer lets go of the old instance, ${ms(s.lagMs)} after the signal`;
		}

		case 'signalled': {
			return `Send ${s.signal} to the old instance`;
		}

		case 'old-exited':
		case 'old-killed': {
			return `The old instance exits, or is killed after its ${ms(s.graceMs)} grace`;
		}

		default: {
			return unreachable(step.stage, 'stage');
		}
	}
}

/** What the step shows when the app shuts down well: who answers, and that nothing fails. */
function expected(step: PlannedStep, s: StepSettings): string {
	switch (step.stage) {
		case 'old-serving': {
			return 'the old instance answers every request';
		}

		case 'new-listening':
		case 'new-ready': {
			return 'the old instance answers every request; the new one gets none yet';
		}

		case 'new-added': {
			return 'both instances answer';
		}

		case 'signalled': {
			return s.lagMs > 0
				? 'both still answer: the old instance serves on until the balancer lets go of it'
				: 'the new instance answers; the old one finishes what it holds';
		}

		case 'removed': {
			return 'the new instance answers; the old one finishes what it holds';
		}

		case 'old-exited':
		case 'old-killed': {
			return 'it exits by itself within its grace; the new instance answers';
		}

		default: {
			return unreachable(step.stage, 'stage');
		}
	}
}

/**
 * The step's mark and its words, from its measured counts alone. `current`: it is under way (the last begun, the
 * run not over). Its counts are final once it has ended with nothing counted under it under way: a timeout counts
 * under the step its request was sent in, any other failure under the step current when it happens.
 */
function judged(measured: MeasuredStage | undefined, over: boolean, current: boolean): Pick<StepRow, 'mark' | 'verdict'> {
	if (!measured) return {mark: '·', verdict: over ? 'did not happen in this run' : 'not yet'};
	const failed = failures(measured.counts);
	if (failed > 0) return {mark: '✖', verdict: `${failed} failed, not as in a clean deploy (${failureList(measured.counts)})`};
	if (measured.stage === 'old-killed') return {mark: '✖', verdict: 'killed: in a clean deploy it exits by itself'};
	if (current) return {mark: '▶', verdict: 'under way: none failed so far'};
	const pending = over ? 0 : (measured.inFlight ?? 0);
	if (pending > 0) return {mark: '▶', verdict: `ended, ${pending} of its requests still under way: none failed so far`};
	if (measured.counts.sent === 0) return {mark: '·', verdict: 'nothing measured: no request was sent in it'};
	return {mark: '✔', verdict: 'as in a clean deploy: none failed'};
}

/**
 * The deploy's steps with what this run measured in each (the one place
 * that marks a step): those that happened in the order they happened (an
 * old instance that exits at once does so before its removal), then the
 * rest in the plan's order. A measured stage takes its planned step's row;
 * the old instance's kill takes its end's. `over`: the run has ended, and
 * its counts are final.
 */
export function stepRows(s: StepSettings, measured: readonly MeasuredStage[], over: boolean): StepRow[] {
	const plan = deployPlan({lagMs: s.lagMs, readyPath: s.readyPath ?? undefined});
	const own = (step: PlannedStep) =>
		measured.find(m => m.stage === step.stage || (step.stage === 'old-exited' && m.stage === 'old-killed'));
	const happened = (step: PlannedStep) => own(step)?.atMs ?? Number.POSITIVE_INFINITY;
	const latest = measured.at(-1)?.stage;
	return plan
		.map((step, index) => ({step, index}))
		.sort((a, b) => happened(a.step) - happened(b.step) || a.index - b.index)
		.map(({step}) => {
			const stage = own(step);
			const current = !over && stage !== undefined && stage.stage === latest;
			return {
				...step,
				title: title(step, s),
				expected: expected(step, s),
				...(stage ? {measured: stage} : {}),
				...judged(stage, over, current),
			};
		});
}

/** The report's stages, as stepRows takes them. */
function measuredStages(r: VerifyReport): MeasuredStage[] {
	return r.steps.map(step => ({stage: step.stage, atMs: step.atMs, counts: {...step.outcomes, sent: step.sent}}));
}

/** The run's stages so far, as stepRows takes them. */
export function liveStages(steps: readonly VerifyStep[]): MeasuredStage[] {
	const start = steps[0]?.startedAt ?? 0;
	return steps.map(step => ({
		stage: step.stage,
		atMs: step.startedAt - start,
		counts: step.counts,
		...(step.inFlight ? {inFlight: step.inFlight} : {}),
	}));
}

function measuredLine(counts: OutcomeCounts): string {
	const failed = failures(counts);
	return `sent ${counts.sent} · answered by old ${counts.old} · by new ${counts.new} · ${failed === 0 ? 'none failed' : `${failed} failed`}`;
}

/** A step in lines, as the plain account prints it and the screen shows it. */
export function stepLines(row: StepRow, index: number, count: number): string[] {
	return [
		`Step ${index + 1}/${count}  ${row.measured ? `${ms(row.measured.atMs)}  ` : ''}${row.title}  (${row.by === 'operator' ? 'operator' : "orchestrator's clock"})`,
		`  expected: ${row.expected} · none fail`,
		...(row.measured ? [`  measured: ${measuredLine(row.measured.counts)}`] : []),
		`  ${row.mark} ${row.verdict}`,
	];
}

/** The whole account, step by step, of a finished run. */
export function stepAccount(r: VerifyReport): string[] {
	const rows = stepRows(r.settings, measuredStages(r), true);
	return rows.flatMap((row, index) => stepLines(row, index, rows.length));
}
