import {Text} from 'ink';

/** The main keys, always on screen, and a word on what is going on. */
export default function Footer({keys, status}: {keys: ReadonlyArray<readonly [string, string]>; status?: string}) {
	return (
		<Text wrap="truncate">
			{keys.map(([key, what], i) => (
				<Text key={key}>
					{i > 0 ? '  ' : ''}
					<Text color="cyan" bold>
						{key}
					</Text>
					<Text dimColor> {what}</Text>
				</Text>
			))}
			{status ? <Text color="yellow">  {status}</Text> : null}
		</Text>
	);
}
