// The runbook format and `lint` positions: unknown fields, YAML syntax, missing fields, shell strings
// with templates, `when` errors and references, each reported at its file:line:column.
import { describe, expect, it } from 'vitest';
import { formatProblem, loadRunbookText } from '../../src/runbook/loader.js';

const lint = (text: string) => loadRunbookText(text, 'rb.yaml').problems.map(formatProblem);

describe('runbook schema', () => {
  it('needs only id, title and steps, and fills the defaults', () => {
    const { runbook, problems } = loadRunbookText('id: RB-MIN\ntitle: Minimal\nsteps:\n  - id: one\n    run: [true]\n', 'rb.yaml');
    expect(problems).toEqual([]);
    expect(runbook).toMatchObject({
      id: 'RB-MIN', params: [], capture: [], rollback: [], tags: [],
      steps: [{ id: 'one', action: { kind: 'run', shell: false, argv: ['true'], env: {} }, retries: 0, retry_delay: 1000, mutating: false, continue_on_error: false }],
    });
    expect(runbook?.verify).toBeUndefined();
  });

  it('reports unknown fields at their key, at any depth', () => {
    expect(lint('id: RB-1\ntitle: T\ncolour: red\nsteps:\n  - id: a\n    run: [true]\n    retires: 3\n')).toEqual([
      'rb.yaml:3:1: unknown field "colour"',
      'rb.yaml:7:5: unknown field "retires" in steps[0]',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const out = lint('id: RB-1\ntitle: T\nsteps:\n  - id: a\n    run: [true\n');
    expect(out.length).toBeGreaterThan(0);
    expect(out[0]).toMatch(/^rb\.yaml:\d+:\d+: YAML: /);
  });

  it('reports missing required fields at the parent', () => {
    expect(lint('title: T\nsteps:\n  - id: a\n    run: [true]\n')).toEqual(['rb.yaml:1:1: id is required']);
    expect(lint('id: RB-1\ntitle: T\nsteps:\n  - run: [true]\n')).toEqual(['rb.yaml:4:5: steps[0].id is required']);
  });

  it('rejects a string command without shell: true and templates inside shell strings', () => {
    expect(lint('id: RB-1\ntitle: T\nsteps:\n  - id: a\n    run: echo hi\n')).toEqual([
      'rb.yaml:5:10: steps[0].run: a string command runs only with shell: true; prefer an argv array ([program, arg, ...])',
    ]);
    expect(lint('id: RB-1\ntitle: T\nparams:\n  - name: svc\nsteps:\n  - id: b\n    shell: true\n    run: echo {{ params.svc }}\n')).toEqual([
      'rb.yaml:8:10: templates are never spliced into a shell string: use "$RB_<PARAM>" environment variables or an argv array',
    ]);
  });

  it('rejects a template inside the script argument of sh -c, bash -lc, python -c and ssh, but not after it', () => {
    const rb = (run: string) => `id: RB-1\ntitle: T\nparams:\n  - name: svc\nsteps:\n  - id: a\n    run: ${run}\n`;
    const refused = [
      "[sh, -c, 'echo {{ params.svc }}']",
      "[/bin/bash, -lc, 'systemctl restart {{ params.svc }}']",
      "[sudo, -n, sh, -ec, 'echo {{ params.svc }}']",
      "[kubectl, exec, pod, --, sh, -c, 'kill {{ params.svc }}']",
      "[busybox, sh, -c, 'echo {{ params.svc }}']",
      "[python3, -c, 'print(\"{{ params.svc }}\")']",
      "[ssh, -p, '22', host, systemctl, restart, '{{ params.svc }}']",
    ];
    for (const run of refused) {
      expect(lint(rb(run)), run).toEqual([expect.stringMatching(/^rb\.yaml:7:\d+: a template inside a script argument .* is spliced into code/)]);
    }
    const accepted = [
      "[sh, -c, 'echo \"$1\"', sh, '{{ params.svc }}']",
      "[systemctl, restart, '{{ params.svc }}']",
      "[ssh, '{{ params.svc }}', uptime]",
      "[grep, -c, '{{ params.svc }}', /etc/hosts]",
    ];
    for (const run of accepted) expect(lint(rb(run)), run).toEqual([]);
  });

  it('checks when conditions: syntax, unknown params and steps that have not run yet', () => {
    const out = lint(
      [
        'id: RB-1', 'title: T', 'params:', '  - name: svc', 'steps:',
        '  - id: a', '    when: steps.b.success', '    run: [true]',
        '  - id: b', '    when: params.nope == "x"', '    run: [true]',
        '  - id: c', '    when: params.svc ==', '    run: [true]',
        '  - id: d', '    run: [echo, "{{ params.other }}"]',
      ].join('\n'),
    );
    expect(out).toEqual([
      'rb.yaml:7:11: when: step "b" has not run at this point',
      'rb.yaml:10:11: when: unknown param "nope" (declare it under params)',
      'rb.yaml:13:11: when: unexpected end of condition at character 14',
      'rb.yaml:16:17: {{ params.other }}: unknown param "other" (declare it under params)',
    ]);
  });

  it('checks a param default against its pattern and a tool name shape', () => {
    expect(lint("id: RB-1\ntitle: T\nparams:\n  - name: n\n    default: abc\n    pattern: '^[0-9]+$'\nsteps:\n  - id: a\n    tool: x__y\n")).toEqual([
      'rb.yaml:5:14: default "abc" does not match the pattern ^[0-9]+$',
    ]);
    expect(lint('id: RB-1\ntitle: T\nsteps:\n  - id: a\n    tool: restart\n')).toEqual([
      'rb.yaml:5:11: steps[0].tool: a tool is named <server>__<tool>, e.g. docker__restart_container',
    ]);
    expect(lint('id: RB-1\ntitle: T\nsteps:\n  - id: a\n    run: [ls]\n    tool: x__y\n')).toEqual(['rb.yaml:4:5: steps[0]: use either run or tool, not both']);
  });
});
