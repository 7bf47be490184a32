import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // src/proxy.ts forwards /api, /mcp, /oauth and /.well-known verbatim; a trailing-slash
  // redirect would change URLs that OAuth and MCP clients compare byte for byte.
  skipTrailingSlashRedirect: true,
  experimental: {
    // Forwarded MCP streams (SSE) may stay quiet for minutes; Next's default cuts them at 30 s.
    proxyTimeout: 10 * 60 * 1000,
  },
};

export default nextConfig;
