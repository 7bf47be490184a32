import { Injectable, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Permission } from '@gantry/contracts';
import { IS_PUBLIC } from '../auth/route-metadata';
import { RoutePermission } from './route-permission';

export interface RouteEntry {
  method: string;
  /** Express path with the global prefix, e.g. /api/teams/:teamId/members/:userId. */
  path: string;
  /** The declared permission, or 'public'. */
  permission: Permission | 'public';
  handler: string;
}

/** Paths served at the root rather than under /api (see bootstrap's setGlobalPrefix exclusions). */
const UNPREFIXED = /^\/(mcp|\.well-known)(\/|$)/;

/**
 * Every route of the running app with what it declares, read from Nest's own metadata: the attack
 * matrix is generated from it, and the app refuses to boot when a route declares neither
 * @Public() nor a permission (so a new route cannot slip past the decision point).
 */
@Injectable()
export class RouteTable implements OnApplicationBootstrap {
  private entries: RouteEntry[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    this.entries = this.scan();
    const undeclared = this.entries.filter((entry) => entry.permission === undefined);
    if (undeclared.length > 0) {
      throw new Error(
        `These routes declare neither @Public() nor @Authorize(permission): ${undeclared.map((entry) => `${entry.method} ${entry.path}`).join(', ')}`,
      );
    }
  }

  get routes(): readonly RouteEntry[] {
    return this.entries;
  }

  private scan(): RouteEntry[] {
    const entries: RouteEntry[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype;
      const instance = wrapper.instance as object | undefined;
      if (!controller || !instance) continue;
      const base = paths(Reflect.getMetadata(PATH_METADATA, controller));
      for (const name of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const handler = (instance as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        const routePaths = Reflect.getMetadata(PATH_METADATA, handler);
        if (routePaths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] ?? 'GET';
        const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]);
        const permission = isPublic ? 'public' : this.reflector.getAllAndOverride(RoutePermission, [handler, controller]);
        for (const prefix of base) {
          for (const sub of paths(routePaths)) {
            const joined = `/${[prefix, sub].filter(Boolean).join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
            entries.push({
              method,
              path: UNPREFIXED.test(joined) ? joined : `/api${joined}`,
              permission: permission as Permission | 'public',
              handler: `${controller.name}.${name}`,
            });
          }
        }
      }
    }
    return entries;
  }
}

function paths(value: unknown): string[] {
  if (value === undefined) return [''];
  return (Array.isArray(value) ? value : [value]).map((path) => String(path).replace(/^\/|\/$/g, ''));
}
