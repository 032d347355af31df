import {Box, Text} from 'ink';

export type KeyHelp = ReadonlyArray<readonly [keys: string, what: string]>;

/** Every key of the current screen. */
export default function Help({title, keys}: {title: string; keys: KeyHelp}) {
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1}>
			<Text bold>Keys · {title}</Text>
			{keys.map(([key, what]) => (
				<Text key={key} wrap="truncate">
					<Text color="cyan">{key.padEnd(16)}</Text>
					{what}
				</Text>
			))}
			<Text dimColor>? or Esc closes this help</Text>
		</Box>
	);
}
