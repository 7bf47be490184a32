import { MCP_TOOL_NAMES, SCOPES } from '@gantry/contracts';
import { describe, expect, it } from 'vitest';
import { ALL_TOOLS } from './index';

describe('the registered tools', () => {
  it('are exactly the tools the shared contract names', () => {
    expect(ALL_TOOLS.map((tool) => tool.name)).toEqual([...MCP_TOOL_NAMES]);
  });

  it('each need one known scope and describe themselves for an LLM reader', () => {
    for (const tool of ALL_TOOLS) {
      expect(SCOPES).toContain(tool.scope);
      expect(tool.description.length, tool.name).toBeGreaterThan(30);
      expect(tool.annotations.readOnlyHint !== undefined || tool.annotations.destructiveHint !== undefined, tool.name).toBe(true);
    }
  });
});
