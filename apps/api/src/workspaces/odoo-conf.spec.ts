import { describe, expect, it } from 'vitest';
import { renderOdooConf } from './odoo-conf';

describe('renderOdooConf', () => {
  const input = { adminPassword: 'Zr3kq', dbHost: '10.89.0.2', dbPort: 5432, dbName: 'ws_x_dev', dbUser: 'ws_x_dev', dbPassword: 'p4ss' };

  it('sets the security defaults', () => {
    const conf = renderOdooConf(input);
    for (const line of [
      'admin_passwd = Zr3kq',
      'list_db = False',
      'without_demo = all',
      'max_cron_threads = 0',
      'dbfilter = ^ws_x_dev$',
      'addons_path = /mnt/extra-addons',
      'db_user = ws_x_dev',
    ]) {
      expect(conf.split('\n')).toContain(line);
    }
  });

  it('refuses values that would add lines to the file', () => {
    expect(() => renderOdooConf({ ...input, dbPassword: 'x\nadmin_passwd = known' })).toThrow();
    expect(() => renderOdooConf({ ...input, dbHost: 'h\rlist_db = True' })).toThrow();
  });
});
