import {Box, Text} from 'ink';
import type {Snapshot} from '../engine/index.js';

type Props = {title: string; snapshot: Snapshot; width: number};

export default function Header({title, snapshot, width}: Props) {
	const where = snapshot.port === 0 ? 'port: not bound yet' : `${snapshot.host}:${snapshot.port}`;
	return (
		<Box width={width} justifyContent="space-between">
			<Box flexShrink={1}>
				<Text wrap="truncate" bold>
					{title}
				</Text>
			</Box>
			<Box flexShrink={0} marginLeft={1}>
				<Text dimColor>
					{where} · {snapshot.targetRate}/s · keep-alive {snapshot.keepAlive ? 'on' : 'off'}
				</Text>
			</Box>
		</Box>
	);
}
