// oidc-provider ships no type declarations; the slice Gantry uses is typed in oauth/oidc-provider.types.ts.
declare module 'oidc-provider';
