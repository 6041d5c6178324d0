import { describe, expect, it } from 'vitest';
import { autoApplyPauseOf, rollbackEffects } from './rollback-effects.js';

const RULE = '11111111-1111-4111-8111-111111111111';

describe('what a rollback of a log does', () => {
  it('pauses auto-apply of the rule on the plugin when automation applied the patch for a rule', () => {
    expect(autoApplyPauseOf({ auto_applied: true, rule_id: RULE, plugin_id: 'shop-1' })).toEqual({ ruleId: RULE, pluginId: 'shop-1' });
  });

  it('pauses nothing for an auto-applied patch without a rule', () => {
    expect(autoApplyPauseOf({ auto_applied: true, rule_id: null, plugin_id: 'shop-1' })).toBeNull();
  });

  it('pauses nothing for a patch a human applied, rule or not', () => {
    expect(autoApplyPauseOf({ auto_applied: false, rule_id: RULE, plugin_id: 'shop-1' })).toBeNull();
    expect(autoApplyPauseOf({ auto_applied: false, rule_id: null, plugin_id: 'shop-1' })).toBeNull();
  });

  it('lists the newer applied patches as the cascade and the applying ones apart, keeping the server order', () => {
    const effects = rollbackEffects({ auto_applied: false, rule_id: null, plugin_id: 'shop-1' }, [
      { log_id: 'c', status: 'applied' },
      { log_id: 'x', status: 'applying' },
      { log_id: 'b', status: 'applied' },
    ]);
    expect(effects).toEqual({ pause: null, cascade: ['c', 'b'], applying: ['x'] });
  });
});
