import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // src/proxy.ts forwards /api, /mcp, /oauth and /.well-known verbatim; a trailing-slash
  // redirect would change URLs that OAuth and MCP clients compare byte for byte.
  skipTrailingSlashRedirect: true,
  // The dashboard (and the OAuth consent page above all) must never be framed by another site:
  // a framed consent page could be clickjacked into granting access.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
  experimental: {
    // Forwarded MCP streams (SSE) may stay quiet for minutes; Next's default cuts them at 30 s.
    proxyTimeout: 10 * 60 * 1000,
  },
};

export default nextConfig;
