import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { GitCredentialsService } from '../git-credentials/git-credentials.service';
import { gitFailure, GitAuth, runGit } from '../git-credentials/git-runner';
import { assertUrlAllowed } from '../git-credentials/repo-url-guard';

export interface SourceSpec {
  teamId: string;
  workspaceId: string;
  repoUrl: string;
  branch: string;
  gitCredentialId: string | null;
}

export interface PullOutcome {
  from: string | null;
  to: string;
  changedFiles: string[];
  manifests: string[];
}

/**
 * The workspace's source, checked out on the Gantry server (under WORKSPACE_DATA_DIR) with the
 * team's credential and copied into the workspace's addons volume — so it works the same with a
 * remote engine, and no credential ever enters a container, label or image.
 */
@Injectable()
export class WorkspaceSource {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly credentials: GitCredentialsService,
  ) {}

  checkoutDir(workspaceId: string): string {
    return path.resolve(this.config.WORKSPACE_DATA_DIR, 'checkouts', workspaceId);
  }

  async checkAllowed(repoUrl: string): Promise<void> {
    await assertUrlAllowed(repoUrl, this.config.WORKSPACE_GIT_ALLOWED_HOSTS);
  }

  async clone(spec: SourceSpec): Promise<string> {
    const dir = this.checkoutDir(spec.workspaceId);
    await rm(dir, { recursive: true, force: true });
    await mkdir(path.dirname(dir), { recursive: true });
    const { pin, auth } = await this.access(spec);
    const result = await runGit(['clone', '--quiet', '--depth', '50', '--single-branch', '--branch', spec.branch, '--', spec.repoUrl, dir], { auth, pin });
    if (result.code !== 0) {
      await rm(dir, { recursive: true, force: true });
      throw new DomainError('GIT_FETCH_FAILED', `Cloning ${spec.repoUrl} (${spec.branch}) failed: ${gitFailure(result)}`);
    }
    return this.head(dir);
  }

  /** Fetches the branch, moves the checkout to it, and reports what changed. */
  async pull(spec: SourceSpec): Promise<PullOutcome> {
    const dir = this.checkoutDir(spec.workspaceId);
    const from = await this.head(dir).catch(() => null);
    if (!from) {
      const to = await this.clone(spec);
      return { from: null, to, changedFiles: await this.files(dir), manifests: await this.manifests(dir) };
    }
    const { pin, auth } = await this.access(spec);
    const fetched = await runGit(['fetch', '--quiet', '--depth', '50', '--', spec.repoUrl, `refs/heads/${spec.branch}`], { cwd: dir, auth, pin });
    if (fetched.code !== 0) throw new DomainError('GIT_FETCH_FAILED', `Fetching ${spec.branch} failed: ${gitFailure(fetched)}`);
    const to = (await runGit(['rev-parse', 'FETCH_HEAD'], { cwd: dir })).stdout.trim();
    const diff = await runGit(['diff', '--name-only', '--no-renames', from, to], { cwd: dir });
    const changedFiles = diff.code === 0 ? diff.stdout.split('\n').filter(Boolean) : await this.files(dir);
    const reset = await runGit(['reset', '--quiet', '--hard', to], { cwd: dir });
    if (reset.code !== 0) throw new DomainError('GIT_FETCH_FAILED', `Updating the checkout failed: ${gitFailure(reset)}`);
    return { from, to, changedFiles, manifests: await this.manifests(dir) };
  }

  async remove(workspaceId: string): Promise<void> {
    await rm(this.checkoutDir(workspaceId), { recursive: true, force: true });
  }

  private async access(spec: SourceSpec): Promise<{ pin: Awaited<ReturnType<typeof assertUrlAllowed>>; auth: GitAuth | null }> {
    const pin = await assertUrlAllowed(spec.repoUrl, this.config.WORKSPACE_GIT_ALLOWED_HOSTS);
    const credential = await this.credentials.authFor(spec.teamId, spec.repoUrl, spec.gitCredentialId);
    return { pin, auth: credential?.auth ?? null };
  }

  private async head(dir: string): Promise<string> {
    const result = await runGit(['rev-parse', 'HEAD'], { cwd: dir });
    if (result.code !== 0) throw new Error('no checkout');
    return result.stdout.trim();
  }

  private async files(dir: string): Promise<string[]> {
    return (await runGit(['ls-files'], { cwd: dir })).stdout.split('\n').filter(Boolean);
  }

  private async manifests(dir: string): Promise<string[]> {
    return (await this.files(dir)).filter((file) => file === '__manifest__.py' || file.endsWith('/__manifest__.py'));
  }
}
