export {DeployRun, type StepSpec, type RunEvents} from './run.js';
export {defaults, type RunOptions} from './options.js';
export {maxRate} from './limits.js';
export {actions, actionNames, type ActionName} from './actions/index.js';
export type {Backend} from './backends/backend.js';
export * from './types.js';
export type * from './snapshot.js';
export {portIsFree} from './port.js';
export {Lab} from './lab.js';
export {seededRandom} from './random.js';
export {VerifyRun} from './verify/verify-run.js';
export {deployPlan, type PlannedStep, type StepBy} from './verify/plan.js';
export {routesOf} from './verify/load.js';
export type {Route, LoadRequest} from './traffic/routes.js';
export {
	VerifyError,
	type VerifyLive,
	type VerifySettings,
	type VerifyMeasurement,
	type VerifyTimes,
	type VerifyStage,
	type VerifyStep,
	type FailedRequest,
	type Crash,
	type ListenSeen,
} from './verify/measurement.js';
export {describeCommand, portPlaceholder, type AppCommand} from './backends/app-process.js';
export {fitTimeline, emptyCell, Timeline, type Cell, type TimelineData} from './traffic/timeline.js';
