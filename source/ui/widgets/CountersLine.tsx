import {Box, Text} from 'ink';
import Failures from './Failures.js';
import OutcomeCount from './OutcomeCount.js';
import type {ServerSnapshot, RunSnapshot} from '../../engine/index.js';
import {stateLabel} from '../../lessons/compare.js';
import type {VersionNames} from '../../lessons/settings.js';
import {ms} from '../../shared/format.js';
import {stateStyle} from '../theme.js';

function Server({server, name}: {server: ServerSnapshot; name: string}) {
	const style = stateStyle[server.state];
	return (
		<Text>
			{name}{' '}
			<Text color={style.color}>
				{style.symbol} {stateLabel[server.state]}
				{server.state === 'error' && server.lastError ? ` ${server.lastError}` : ''}
			</Text>{' '}
			<Text dimColor>({server.served} served)</Text>
		</Text>
	);
}

/** The live counters in two lines, for modes whose body needs the room. */
export default function CountersLine({snapshot, names = {old: 'old', new: 'new'}}: {snapshot: RunSnapshot; names?: VersionNames}) {
	const t = snapshot.totals;
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Server server={snapshot.servers.old} name={names.old} />
				<Text> · </Text>
				<Server server={snapshot.servers.new} name={names.new} />
				<Text dimColor>
					{' '}
					· {snapshot.sendRate}/s · in flight {t.inFlight} · p99 {ms(snapshot.latency.p99)}
				</Text>
			</Text>
			<Text wrap="truncate">
				sent {t.sent} · <OutcomeCount kind="old" n={t.old} word={names.old} /> · <OutcomeCount kind="new" n={t.new} word={names.new} /> ·{' '}
				<Failures counts={t} />
			</Text>
		</Box>
	);
}
