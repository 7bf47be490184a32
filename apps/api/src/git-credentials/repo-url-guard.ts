import { AllowedUrl, assertOutboundUrl } from '../common/outbound-url-guard';

export type { AllowedUrl } from '../common/outbound-url-guard';

/**
 * Repository URLs under the shared SSRF guard: https, or plain http to a host an administrator
 * lists in WORKSPACE_GIT_ALLOWED_HOSTS (which also allows it on loopback or private addresses).
 * `resolve: false` checks the URL alone (for storing it); every use resolves, and git is pinned
 * to the approved address (see runGit).
 */
export function assertUrlAllowed(raw: string, allowedHosts: readonly string[], options: { resolve?: boolean } = {}): Promise<AllowedUrl> {
  return assertOutboundUrl(raw, { setting: 'WORKSPACE_GIT_ALLOWED_HOSTS', allowedHosts, plainHttp: 'allowed-hosts' }, options);
}
