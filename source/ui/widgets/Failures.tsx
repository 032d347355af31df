import {Text} from 'ink';
import type {Counts} from '../../engine/index.js';
import OutcomeCount from './OutcomeCount.js';

/**
 * The failure counts on one line, joined by " · ": refused, reset, 5xx
 * (always, or once there are any), other (once there are any), timeout.
 */
export default function Failures({counts: t, always5xx = false}: {counts: Counts; always5xx?: boolean}) {
	const shown = [
		<OutcomeCount key="refused" kind="refused" n={t.refused} />,
		<OutcomeCount key="reset" kind="reset" n={t.reset} />,
		...(always5xx || t.status5xx > 0 ? [<OutcomeCount key="status5xx" kind="status5xx" n={t.status5xx} />] : []),
		...(t.other > 0 ? [<OutcomeCount key="other" kind="other" n={t.other} />] : []),
		<OutcomeCount key="timeout" kind="timeout" n={t.timeout} />,
	];
	return (
		<Text>
			{shown.map((count, i) => (
				<Text key={count.key}>
					{i > 0 ? ' · ' : ''}
					{count}
				</Text>
			))}
		</Text>
	);
}
