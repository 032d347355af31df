import {Text} from 'ink';
import {failureColor, failureStyle, type FailureKind} from '../theme.js';

/**
 * One failure counter, the same everywhere (the counters, the summary, the race):
 * its mark, its word and the count, red once any happened. `pad` keeps a column
 * (and a space after it, whatever the count's width).
 */
export default function OutcomeCount({kind, n, pad = 0, word}: {kind: FailureKind; n: number; pad?: number; word?: string}) {
	const style = failureStyle[kind];
	return (
		<Text color={failureColor(n)}>
			{style.symbol} {word ?? style.word} {pad > 0 ? `${String(n).padEnd(pad)} ` : n}
		</Text>
	);
}
