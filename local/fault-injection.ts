/**
 * Test seam of the local tools: named points where a test can make a run fail as a kill, a full
 * disk or a refused write would, to check what such a failure leaves behind.
 *
 * `KIRO_LOCAL_FAULT` holds comma-separated rules `<point>[@<path ending>]=<action>`; the action
 * is `kill` (the process SIGKILLs itself: no `finally`, no exit handler runs) or an errno code
 * (`ENOSPC`, `EACCES`, `EROFS`, …) thrown as the system error Node would throw. Unset (always,
 * outside tests) a fault point does nothing.
 */

/** The points the local run passes; the README of a test names the one it uses. */
export type FaultPoint =
  /** Every whole-file write of the run (`writeFileAtomically`, the lock and marker files); the path is the target. */
  | 'write'
  /** Reading one folder of `--reports`; the path is the folder. */
  | 'readdir'
  /** The new generation is complete in `.runs/`, nothing switched yet. */
  | 'publish:generation-written'
  /** The new `current` link exists under a temporary name, not yet renamed over the old one. */
  | 'publish:link-made'
  /** `current` names the new generation; the old one is not removed yet. */
  | 'publish:switched'
  /** Migrating a pre-generation `--out`: a real `views/` (or `datasets/`, `dashboard.html`) moved aside, its link not yet placed. */
  | 'migrate:moved';

const ENV = 'KIRO_LOCAL_FAULT';

/** Fails here when `KIRO_LOCAL_FAULT` asks for it (see the module comment). */
export function faultPoint(point: FaultPoint, path?: string): void {
  const rules = process.env[ENV];
  if (!rules) return;
  for (const rule of rules.split(',')) {
    const [target = '', action = ''] = rule.split('=');
    const [name, ending] = target.split('@');
    if (name !== point || (ending !== undefined && !(path ?? '').endsWith(ending))) continue;
    if (action === 'kill') process.kill(process.pid, 'SIGKILL');
    const error = new Error(`${action}: injected fault at ${point}${path ? `, '${path}'` : ''}`) as NodeJS.ErrnoException;
    error.code = action;
    error.path = path;
    throw error;
  }
}
