import {useEffect, useState} from 'react';
import type {DeployRun} from '../../engine/index.js';
import {raceOne, settleClaims, type RaceOptions, type RaceResult, type RunOwner, type Strategy} from '../../race/race.js';

/**
 * Runs the strategies one after another on fresh servers (see raceOne), each
 * result settled against the others as it comes; `again` runs them anew. The
 * run under way is ended when the screen goes.
 */
export function useRace(strategies: readonly Strategy[], options: RaceOptions, owner?: RunOwner) {
	const [round, setRound] = useState(0);
	const [results, setResults] = useState<RaceResult[]>([]);
	const [current, setCurrent] = useState<{run: DeployRun; strategy: Strategy} | undefined>();
	const [ends] = useState(() => owner);

	useEffect(() => {
		const end = (run: DeployRun) => {
			if (ends) ends.end(run);
			else run.dispose();
		};

		let cancelled = false;
		setResults([]);
		void (async () => {
			for (const strategy of strategies) {
				if (cancelled) return;
				const result = await raceOne(
					strategy,
					options,
					run => {
						if (cancelled) end(run);
						else setCurrent({run, strategy});
					},
					ends,
				);
				if (cancelled) return;
				setResults(previous => settleClaims([...previous, result]));
			}

			setCurrent(undefined);
		})();
		return () => {
			cancelled = true;
			setCurrent(previous => {
				if (previous) end(previous.run);
				return undefined;
			});
		};
	}, [round, strategies, options, ends]);

	return {
		results,
		current,
		done: results.length === strategies.length,
		again: () => {
			setRound(n => n + 1);
		},
	};
}
