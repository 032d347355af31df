import type {VerifySettings, VerifyStage} from './measurement.js';

/**
 * Who performs a step of the deploy: an operator (stepped through, the
 * learner's key), or the orchestrator on its own clock (the readiness wait,
 * the removal after the lag, the old instance's end within its grace), which
 * no key holds back, so that pausing never invents a failure.
 */
export type StepBy = 'operator' | 'orchestrator';

/** One step of the deploy as it is planned: the stage it begins, and who begins it. */
export type PlannedStep = {stage: VerifyStage; by: StepBy};

/**
 * The deploy's steps in order, as a deploy with these settings runs them
 * when nothing goes wrong. With no lag, the balancer lets go of the old
 * instance before its signal (a blue/green flip), a step of the operator's;
 * with one, the removal trails the signal on the orchestrator's clock. The
 * last step is the old instance's end ('old-exited'; a run in which it was
 * killed has 'old-killed' in its place).
 */
export function deployPlan({readyPath, lagMs}: Pick<VerifySettings, 'readyPath' | 'lagMs'>): PlannedStep[] {
	return [
		{stage: 'old-serving', by: 'operator'},
		{stage: 'new-listening', by: 'operator'},
		...(readyPath ? [{stage: 'new-ready', by: 'orchestrator'} as const] : []),
		{stage: 'new-added', by: 'operator'},
		...(lagMs <= 0 ? [{stage: 'removed', by: 'operator'} as const] : []),
		{stage: 'signalled', by: 'operator'},
		...(lagMs > 0 ? [{stage: 'removed', by: 'orchestrator'} as const] : []),
		{stage: 'old-exited', by: 'orchestrator'},
	];
}
