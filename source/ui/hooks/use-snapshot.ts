import {useCallback, useSyncExternalStore} from 'react';
import type {DeployRun, RunSnapshot} from '../../engine/index.js';

/** The run's latest snapshot; re-renders at the engine's steady interval. */
export function useSnapshot(run: DeployRun): RunSnapshot {
	const subscribe = useCallback(
		(onChange: () => void) => {
			run.on('snapshot', onChange);
			return () => {
				run.off('snapshot', onChange);
			};
		},
		[run],
	);
	return useSyncExternalStore(subscribe, () => run.snapshot());
}
