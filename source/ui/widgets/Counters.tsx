import {Box, Text} from 'ink';
import OutcomeCount from './OutcomeCount.js';
import type {ServerSnapshot, RunSnapshot} from '../../engine/index.js';
import {stateLabel} from '../../lessons/compare.js';
import type {VersionNames} from '../../lessons/settings.js';
import {ms, pad} from '../../shared/format.js';
import {stateStyle} from '../theme.js';

function ServerLine({server, name, nameWidth}: {server: ServerSnapshot; name: string; nameWidth: number}) {
	const style = stateStyle[server.state];
	const state = `${stateLabel[server.state]}${server.state === 'error' && server.lastError ? ` ${server.lastError}` : ''}`;
	return (
		<Text wrap="truncate">
			<Text>{pad(name, nameWidth)}</Text>
			<Text color={style.color}>
				{style.symbol} {pad(state, 17)}
			</Text>
			<Text>{String(server.served).padStart(6)}</Text>
			<Text dimColor>{String(server.connections).padStart(6)}</Text>
		</Text>
	);
}

const trafficWords: Record<RunSnapshot['traffic'], string> = {
	idle: 'load not started',
	running: 'load running',
	paused: 'load paused',
	stopped: 'load stopped',
	capped: 'load stopped: cap reached',
};

/**
 * Live panels: each server, and the client side's outcome counters. With
 * `recordedAt`, a recording: the servers as they were when that step ended,
 * and the requests counted up to it.
 */
export default function Counters({
	snapshot,
	width,
	recordedAt,
	names = {old: 'old', new: 'new'},
}: {
	snapshot: RunSnapshot;
	width: number;
	recordedAt?: number;
	names?: VersionNames;
}) {
	const t = snapshot.totals;
	const nameWidth = Math.max(4, names.old.length, names.new.length) + 1;
	const traffic = recordedAt === undefined ? trafficWords[snapshot.traffic] : undefined;
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate">
				<Text bold>Servers</Text>
				<Text dimColor>
					{' '.repeat(nameWidth + 12)}
					{'served  open'}
				</Text>
			</Text>
			<ServerLine server={snapshot.servers.old} name={names.old} nameWidth={nameWidth} />
			<ServerLine server={snapshot.servers.new} name={names.new} nameWidth={nameWidth} />
			<Text wrap="truncate">
				<Text bold>Requests</Text>
				<Text> sent {t.sent} · in flight </Text>
				<Text color={t.inFlight > 0 ? 'yellow' : undefined}>{t.inFlight}</Text>
			</Text>
			<Text wrap="truncate">
				<OutcomeCount kind="old" n={t.old} word={`by ${names.old}`} pad={6} />
				<OutcomeCount kind="new" n={t.new} word={`by ${names.new}`} />
			</Text>
			<Text wrap="truncate">
				<OutcomeCount kind="refused" n={t.refused} pad={3} />
				<OutcomeCount kind="reset" n={t.reset} pad={3} />
				<OutcomeCount kind="timeout" n={t.timeout} />
				{t.status5xx > 0 ? (
					<Text>
						{' '}
						<OutcomeCount kind="status5xx" n={t.status5xx} />
					</Text>
				) : null}
				{t.other > 0 ? (
					<Text>
						{' '}
						<OutcomeCount kind="other" n={t.other} />
					</Text>
				) : null}
			</Text>
			{recordedAt === undefined ? (
				<>
					<Text wrap="truncate">
						rate {snapshot.sendRate}/s{traffic ? <Text dimColor> · {traffic}</Text> : null}
					</Text>
					<Text wrap="truncate" dimColor>
						latency p50 {ms(snapshot.latency.p50)} · p99 {ms(snapshot.latency.p99)}
					</Text>
				</>
			) : (
				<>
					<Text wrap="truncate" color="yellow">
						recorded: servers at the end of step {recordedAt + 1}
					</Text>
					<Text wrap="truncate" dimColor>
						requests sent in steps 1–{recordedAt + 1}
					</Text>
				</>
			)}
		</Box>
	);
}
