export {Deployment, defaults} from './deployment.js';
export {maxRate} from './limits.js';
export {actionNames, type ActionName} from './actions.js';
export type {DeploymentOptions, StepSpec} from './deployment.js';
export * from './types.js';
export {portIsFree} from './port.js';
export {Lab} from './lab.js';
export {seededRandom} from './random.js';
