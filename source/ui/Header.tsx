import {Box, Text} from 'ink';
import type {Snapshot} from '../engine/index.js';

type Props = {title: string; snapshot: Snapshot; width: number};

export default function Header({title, snapshot, width}: Props) {
	const where = snapshot.port === 0 ? 'port: not bound yet' : `${snapshot.host}:${snapshot.port}`;
	return (
		<Box width={width} justifyContent="space-between">
			<Text wrap="truncate">
				<Text bold color="cyan">zdd-learn</Text>
				<Text> · {title}</Text>
			</Text>
			<Text wrap="truncate" dimColor>
				{where} · {snapshot.targetRate} req/s · keep-alive {snapshot.keepAlive ? 'on' : 'off'}
			</Text>
		</Box>
	);
}
