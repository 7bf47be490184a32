import { MCP_TOOL_NAMES, PERMISSIONS } from '@gantry/contracts';
import { describe, expect, it } from 'vitest';
import { ALL_TOOLS } from './index';

describe('the registered tools', () => {
  it('are exactly the tools the shared contract names', () => {
    expect(ALL_TOOLS.map((tool) => tool.name)).toEqual([...MCP_TOOL_NAMES]);
  });

  it('each declare a known permission that a key or token can carry, an effect that matches their annotations, and describe themselves for an LLM reader', () => {
    for (const tool of ALL_TOOLS) {
      expect(Object.keys(PERMISSIONS), tool.name).toContain(tool.permission);
      expect(PERMISSIONS[tool.permission].grantedBy, tool.name).not.toBe('session');
      // A tool that says it only reads must not be able to change anything, and one that changes things must say so.
      expect(tool.annotations.readOnlyHint === true, tool.name).toBe(tool.effect === 'read');
      expect(tool.description.length, tool.name).toBeGreaterThan(30);
      expect(tool.annotations.readOnlyHint !== undefined || tool.annotations.destructiveHint !== undefined, tool.name).toBe(true);
    }
  });
});
