import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import workspaceConfig from '../../eslint.config.mjs';

// The workspace rules (module boundaries, TypeScript) plus what React and Next need.
export default [
  ...workspaceConfig,
  reactHooks.configs.flat.recommended,
  nextPlugin.configs.recommended,
  nextPlugin.configs['core-web-vitals'],
  // This file is tooling, not app code: extending the workspace config is its job.
  { files: ['eslint.config.mjs'], rules: { '@nx/enforce-module-boundaries': 'off' } },
];
