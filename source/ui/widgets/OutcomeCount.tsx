import {Text} from 'ink';
import type {Outcome} from '../../engine/index.js';
import {outcomeColor, outcomeStyle} from '../theme.js';

/**
 * One outcome counter, the same everywhere (the counters, the summary, the race):
 * its mark, its word and the count; green for answers, red for a failure once any
 * happened. A failure's glyph beside zero is dimmed: it names the counter, it marks
 * nothing. `pad` keeps a column (and a space after it, whatever the count's width).
 */
export default function OutcomeCount({kind, n, pad = 0, word}: {kind: Outcome; n: number; pad?: number; word?: string}) {
	const style = outcomeStyle[kind];
	return (
		<Text color={outcomeColor(kind, n)}>
			<Text dimColor={n === 0 && kind !== 'old' && kind !== 'new'}>{style.symbol}</Text> {word ?? style.word}{' '}
			{pad > 0 ? `${String(n).padEnd(pad)} ` : n}
		</Text>
	);
}
