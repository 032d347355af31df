import {Box, Text} from 'ink';
import type {Keymap} from '../keymap.js';

/** Every key of the current screen. */
export default function Help({keymap}: {keymap: Keymap}) {
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1}>
			<Text bold>Keys · {keymap.title}</Text>
			{keymap.bindings.map(({keys, help}) => (
				<Text key={keys} wrap="truncate">
					<Text color="cyan">{keys.padEnd(16)}</Text>
					{help}
				</Text>
			))}
			<Text dimColor>? or Esc closes this help</Text>
		</Box>
	);
}
