// The template miner: masking, Drain grouping and the generic header detection.
import { describe, expect, it } from 'vitest';
import { contentOf, learnHeader } from '../../../src/core/logs/miner/header.js';
import { maskToken, tokenize } from '../../../src/core/logs/miner/mask.js';
import { TemplateMiner } from '../../../src/core/logs/miner/template-miner.js';

describe('masking', () => {
  it.each([
    ['12345', '<*>'],
    ['10.0.0.1:5432', '<*>'],
    ['0xdeadbeef,', '<*>,'],
    ['uid=0', 'uid=<*>'],
    ['(HWID=1973)', '(HWID=<*>)'],
    ['/var/lib/data/file.db', '<*>'],
    ['550e8400-e29b-41d4-a716-446655440000', '<*>'],
    ['"/etc/app.yaml"', '"<*>"'],
    ['user@example.com', '<*>'],
    ['checkout', 'checkout'],
    ['/api/checkout', '/api/checkout'],
    ['failed:', 'failed:'],
    ['proxy.example.com:5070', '<*>'],
    ['port:8080', 'port:<*>'],
  ])('masks %s as %s', (token, want) => {
    expect(maskToken(token)).toBe(want);
  });

  it('tokenizes on whitespace', () => {
    expect(tokenize('took  812ms on  10.1.2.3')).toEqual(['took', '<*>', 'on', '<*>']);
  });

  it('masks quoted field values whole and splits key=value lists', () => {
    expect(tokenize('acquire tag="View Lock", name=ui')).toEqual(['acquire', 'tag="<*>",', 'name=ui']);
    expect(tokenize('ready=true,policy=3,mode=false')).toEqual(['ready=true,', 'policy=<*>,', 'mode=false']);
  });
});

describe('TemplateMiner', () => {
  it('groups messages that differ only in variables and keeps different events apart', () => {
    const m = new TemplateMiner();
    const a = m.add('Connection to db-1 failed after 3 retries');
    const b = m.add('Connection to db-7 failed after 5 retries');
    const c = m.add('User alice logged in from 10.0.0.1');
    const d = m.add('Cache warmed in 120ms');
    expect(a).toBe(b);
    expect(new Set([a, c, d]).size).toBe(3);
    expect(m.template(a)).toBe('Connection to <*> failed after <*> retries');
  });

  it('turns a differing word into a wildcard once enough of the line agrees', () => {
    const m = new TemplateMiner();
    const a = m.add('Invalid user webmaster from 173.234.31.186 port 22');
    const b = m.add('Invalid user admin from 10.1.1.1 port 22');
    expect(a).toBe(b);
    expect(m.template(a)).toBe('Invalid user <*> from <*> port <*>');
  });

  it('groups an event logged with a variable number of masked tokens', () => {
    const m = new TemplateMiner();
    const a = m.add('retrying request 1 2 in 5 s');
    const b = m.add('retrying request 1 in 5 s');
    const groups = m.groups();
    expect(groups.get(a)).toBe(groups.get(b));
  });
});

describe('TemplateMiner final grouping', () => {
  it('treats a parenthesised size and a unit after a value as optional detail', () => {
    const m = new TemplateMiner();
    const a = m.add('close, 0 bytes sent, 0 bytes received, lifetime 00:01');
    const b = m.add('close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime 00:02');
    const c = m.add('close, 403 bytes sent, 426 bytes received, lifetime <1 sec');
    const g = m.groups();
    expect(new Set([g.get(a), g.get(b), g.get(c)]).size).toBe(1);
  });

  it('does not let a varying dotted name at the start split one event', () => {
    const m = new TemplateMiner();
    const a = m.add('com.apple.icloud.heartbeat: scheduler told me to run this job in 439034 seconds');
    const b = m.add('com.apple.Safari.Update: scheduler told me to run this job in 2450 seconds');
    expect(a).toBe(b);
  });
});

describe('header detection', () => {
  it('finds the message after a level and a component tag', () => {
    const lines = [
      '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_1 terminating',
      '081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_2 terminating',
      '081109 204005 35 WARN dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated',
    ];
    const model = learnHeader(lines);
    expect(contentOf(model, lines[2]!)).toBe('BLOCK* NameSystem.addStoredBlock: blockMap updated');
  });

  it('finds the message after a syslog tag', () => {
    const lines = [
      'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0',
      'Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass; user unknown',
      'Jun 15 02:04:59 combo cups: cupsd shutdown succeeded',
    ];
    const model = learnHeader(lines);
    expect(contentOf(model, lines[1]!)).toBe('check pass; user unknown');
    expect(contentOf(model, lines[2]!)).toBe('cupsd shutdown succeeded');
  });

  it('splits |-separated headers', () => {
    const lines = ['20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579', '20171223-22:15:29:615|Step_LSC|30002312|onExtend:1514038530000 14 0 4'];
    expect(contentOf(learnHeader(lines), lines[0]!)).toBe('onStandStepChanged 3579');
  });

  it('leaves lines without a header alone', () => {
    const lines = ['hello world', 'another line here'];
    expect(contentOf(learnHeader(lines), 'hello world')).toBe('hello world');
  });
});
