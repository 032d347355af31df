import {Box, Text} from 'ink';
import type {Keymap} from '../keymap.js';

/** Every key of the current screen. */
export default function Help({keymap}: {keymap: Keymap}) {
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1}>
			<Text bold>Keys · {keymap.title}</Text>
			{/* What a key does is guidance: it wraps under itself, never cut. */}
			{keymap.bindings.map(({keys, help}) => (
				<Box key={keys}>
					<Box width={16} flexShrink={0}>
						<Text color="cyan">{keys}</Text>
					</Box>
					<Box flexShrink={1}>
						<Text>{help}</Text>
					</Box>
				</Box>
			))}
			<Text dimColor>? or Esc closes this help</Text>
		</Box>
	);
}
