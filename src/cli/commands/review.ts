// `runbook review`: the review queue in an Ink screen on a TTY (approve, reject, needs changes, edit,
// run, next, previous, quit); `--list [--json]` or no TTY prints the queue instead and never prompts.
import type { Command } from 'commander';
import type { Db } from '../../store/index.js';
import { action } from '../boundary.js';
import { writeJson } from '../output.js';
import { parseParamFlags } from '../../runbook/params.js';
import { collect, dbOption } from '../options.js';
import { openStoreFor } from './with-store.js';
import { reviewerIdentity, reviewerOption } from './review-common.js';
import { queueText, queueView } from './review-view.js';

interface ReviewFlags {
  list?: boolean;
  json?: boolean;
  reviewer?: string;
  param: string[];
  db?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('review')
    .description('review candidate runbook versions the learning loop proposed: approve, reject, ask for changes, edit, run')
    .option('--list', 'print the queue (high priority first, then oldest) instead of the interactive screen')
    .option('--json', 'with --list: print the queue items as a JSON array')
    .option('-p, --param <name=value>', 'params for running a candidate from the screen (repeatable)', collect, [])
    .addHelpText('after', '\nWithout a TTY the queue is printed as with --list. Decide without a TTY with `runbook approve|reject|changes <id>`.');
  reviewerOption(dbOption(cmd)).action(action((flags: ReviewFlags) => review(flags)));
}

async function review(flags: ReviewFlags): Promise<number> {
  const db = openStoreFor(flags);
  try {
    const tty = process.stdout.isTTY === true && process.stdin.isTTY === true;
    if (flags.list || flags.json || !tty) {
      const items = queueView(db);
      if (flags.json) writeJson(items);
      else process.stdout.write(queueText(items));
      if (!flags.list && !flags.json) process.stderr.write('not a terminal: printed the queue; decide with `runbook approve|reject|changes <id>`\n');
      return 0;
    }
    await interactive(db, reviewerIdentity(flags.reviewer), parseParamFlags(flags.param ?? []));
    return 0;
  } finally {
    db.close();
  }
}

async function interactive(db: Db, reviewer: string, params: Record<string, string>): Promise<void> {
  const [React, { render }, { ReviewApp, createReviewStore }, { createReviewController }, { editText }, { runCandidate }] = await Promise.all([
    // React is CommonJS: its module object is the default export (a split bundle's chunk exports only that).
    import('react').then((m) => m.default), import('ink'), import('../../tui/review/ReviewApp.js'), import('./review-controller.js'), import('./review-editor.js'), import('./review-run.js'),
  ]);
  const store = createReviewStore({ reviewer, items: queueView(db) });
  let quit!: () => void;
  const done = new Promise<void>((resolve) => (quit = resolve));
  let app: ReturnType<typeof render> | null = null;
  const handle = createReviewController({
    db, store, reviewer, quit: () => quit(),
    // The editor needs the terminal: the screen is taken down around it and drawn again after.
    edit: async (text, name) => {
      app?.unmount();
      await app?.waitUntilExit();
      try {
        return editText(text, name);
      } finally {
        // Raw mode before Ink mounts again, so keys typed meanwhile are not held by the line discipline;
        // a cleared screen so the old frame does not stay above the new one.
        if (process.stdin.isTTY) process.stdin.setRawMode(true);
        process.stdout.write('\u001b[2J\u001b[H');
        mount();
      }
    },
    run: (label) => runCandidate(db, label, params),
  });
  function mount() {
    app = render(React.createElement(ReviewApp, { store, onIntent: (i) => void handle(i) }), { exitOnCtrlC: false });
  }
  mount();
  await done;
  app!.unmount();
  await app!.waitUntilExit();
}
