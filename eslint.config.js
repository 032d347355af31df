import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
	{ignores: ['dist/', 'build/', 'node_modules/', 'scripts/', 'test/fixtures/verify/syntax-error.js']},
	{
		files: ['source/**/*.{ts,tsx,cts}', 'test/**/*.{ts,tsx}'],
		extends: [tseslint.configs.recommended],
		plugins: {'react-hooks': reactHooks},
		rules: {
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'error',
			'max-len': [
				'error',
				{code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreComments: false},
			],
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-non-null-assertion': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_'},
			],
		},
	},
	{
		// A source file says one thing: past this, split it by what its parts do.
		files: ['source/**/*.{ts,tsx,cts}'],
		rules: {'max-lines': ['error', {max: 350}]},
	},
);
