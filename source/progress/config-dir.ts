import envPaths from 'env-paths';

/** ZDD_LEARN_CONFIG_DIR, else the platform's config directory (XDG on Linux). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
	return env['ZDD_LEARN_CONFIG_DIR'] || envPaths('zdd-learn', {suffix: ''}).config;
}
