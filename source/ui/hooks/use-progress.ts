import {useState} from 'react';
import {emptyProgress, type Progress, type ProgressStore} from '../../progress/store.js';

/**
 * The learner's progress, saved on every change, and the one warning line
 * about it (a file that could not be read or written).
 */
export function useProgress(
	store: ProgressStore | undefined,
	initial: Progress | undefined,
	initialWarning: string | undefined,
): {
	progress: Progress;
	update: (change: (draft: Progress) => void) => void;
	warning: string | undefined;
	setWarning: (warning: string) => void;
} {
	const [progress, setProgress] = useState<Progress>(initial ?? emptyProgress());
	const [warning, setWarning] = useState(initialWarning);
	const update = (change: (draft: Progress) => void) => {
		setProgress(previous => {
			const next = structuredClone(previous);
			change(next);
			const problem = store?.save(next);
			if (problem) setWarning(problem);
			return next;
		});
	};

	return {progress, update, warning, setWarning};
}
