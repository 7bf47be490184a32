import { Inject, Injectable } from '@nestjs/common';
import { GitCredentialValidation } from '@gantry/contracts';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { gitFailure, GitAuth, runGit } from './git-runner';
import { assertUrlAllowed } from './repo-url-guard';

type Provider = 'github' | 'gitlab' | 'bitbucket';

const PROVIDERS: Record<string, { provider: Provider; api: string }> = {
  'github.com': { provider: 'github', api: 'https://api.github.com' },
  'gitlab.com': { provider: 'gitlab', api: 'https://gitlab.com' },
  'bitbucket.org': { provider: 'bitbucket', api: 'https://api.bitbucket.org' },
};

/**
 * Checks a token where it will be used: the provider's "who am I" API for GitHub, GitLab and
 * Bitbucket (API base overridable per host with WORKSPACE_GIT_PROVIDER_APIS, e.g. for GitHub
 * Enterprise), otherwise `git ls-remote` against a repository of that host.
 */
@Injectable()
export class GitCredentialValidator {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async validate(host: string, auth: GitAuth, repoUrl: string | null): Promise<GitCredentialValidation> {
    const known = PROVIDERS[host];
    const override = this.config.WORKSPACE_GIT_PROVIDER_APIS[host];
    if (known) return this.viaApi(known.provider, override ?? known.api, auth);
    if (!repoUrl) throw new DomainError('VALIDATION_FAILED', `No provider API is known for ${host}; give a repoUrl on that host to validate against`);
    return this.viaLsRemote(host, auth, repoUrl);
  }

  private async viaApi(provider: Provider, api: string, auth: GitAuth): Promise<GitCredentialValidation> {
    const base = api.replace(/\/+$/, '');
    const request =
      provider === 'github'
        ? { url: `${base}/user`, headers: { authorization: `Bearer ${auth.token}`, accept: 'application/vnd.github+json', 'user-agent': 'gantry' } }
        : provider === 'gitlab'
          ? { url: `${base}/api/v4/user`, headers: { authorization: `Bearer ${auth.token}` } }
          : { url: `${base}/2.0/user`, headers: { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.token}`).toString('base64')}` } };
    let status: number;
    try {
      const response = await fetch(request.url, { headers: request.headers, redirect: 'error', signal: AbortSignal.timeout(10_000) });
      status = response.status;
      await response.body?.cancel();
    } catch {
      return { ok: false, method: `${provider}-api`, message: `The ${provider} API could not be reached` };
    }
    if (status === 200) return { ok: true, method: `${provider}-api`, message: `${provider} accepted the token` };
    if (status === 401 || status === 403) return { ok: false, method: `${provider}-api`, message: `${provider} refused the token (HTTP ${status})` };
    return { ok: false, method: `${provider}-api`, message: `${provider} answered HTTP ${status}` };
  }

  private async viaLsRemote(host: string, auth: GitAuth, repoUrl: string): Promise<GitCredentialValidation> {
    const allowed = await assertUrlAllowed(repoUrl, this.config.WORKSPACE_GIT_ALLOWED_HOSTS);
    if (allowed.url.host.toLowerCase() !== host) throw new DomainError('VALIDATION_FAILED', `The repository is not on ${host}`);
    const result = await runGit(['ls-remote', '--heads', '--', allowed.url.toString()], { auth, pin: allowed, timeoutMs: 30_000 });
    if (result.code === 0) return { ok: true, method: 'git-ls-remote', message: 'git ls-remote succeeded with this credential' };
    return { ok: false, method: 'git-ls-remote', message: gitFailure(result) };
  }
}
