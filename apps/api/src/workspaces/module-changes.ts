import { posix } from 'node:path';

export type PullAction = 'install' | 'upgrade' | 'restart' | 'nothing';

export interface ModuleChangePlan {
  install: string[];
  upgrade: string[];
  action: PullAction;
}

/**
 * Maps changed files to Odoo modules by the nearest `__manifest__.py` above each file, and decides
 * what a pull needs: install (a module appears that is not installed) > upgrade (data, views,
 * models or the manifest of an installed module changed) > restart (only Python or static code
 * changed outside data files) > nothing (no module touched).
 *
 * `manifests` lists every `__manifest__.py` path in the new tree (POSIX, repository-relative);
 * `deletedModules` are module directories that disappeared (a restart is enough for them).
 */
export function planModuleChanges(changedFiles: string[], manifests: string[], installed: string[]): ModuleChangePlan {
  const moduleDirs = manifests.map((manifest) => posix.dirname(manifest)).sort((a, b) => b.length - a.length);
  const install = new Set<string>();
  const upgrade = new Set<string>();
  let codeChanged = false;
  for (const file of changedFiles) {
    const dir = moduleDirs.find((candidate) => candidate === '.' || file === candidate || file.startsWith(`${candidate}/`));
    if (!dir) continue;
    const module = posix.basename(dir === '.' ? '' : dir);
    if (!module) continue;
    if (!installed.includes(module)) {
      install.add(module);
      continue;
    }
    const inner = file.slice(dir.length + 1);
    if (
      inner === '__manifest__.py' ||
      /\.(xml|csv|po|pot)$/.test(inner) ||
      inner.startsWith('models/') ||
      inner.startsWith('security/') ||
      inner.startsWith('data/')
    ) {
      upgrade.add(module);
    } else {
      codeChanged = true;
    }
  }
  const action: PullAction = install.size > 0 ? 'install' : upgrade.size > 0 ? 'upgrade' : codeChanged ? 'restart' : 'nothing';
  return { install: [...install].sort(), upgrade: [...upgrade].sort(), action };
}
