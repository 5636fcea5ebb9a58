import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { projectRoot } from '../../settings/paths.js';

/** The lock file of a PGlite data folder: beside it (PGlite refuses to create its files in a non-empty folder). */
export const lockFileOf = (folder: string): string => `${folder.replace(/[\\/]+$/, '')}.lock`;

/** True when a process with this id runs (EPERM: it runs, as another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the PGlite folder for this process. PGlite is PostgreSQL in one process and does not guard its files:
 * a second process on the same folder (`npm run seed` while `npm run serve` runs) corrupts them. A lock left by
 * a process that no longer runs is taken over. Returns the release function (also called at exit).
 * @throws Error naming the process that holds the folder.
 */
export function lockPgliteFolder(folder: string): () => void {
  const file = lockFileOf(folder);
  const mine = String(process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (readFileSync(file, 'utf8') === mine) unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: number;
    try {
      holder = Number(readFileSync(file, 'utf8').trim());
    } catch {
      continue; // released meanwhile
    }
    // Our own pid in the file is a stale lock of an earlier process that had it (pid 1 in a restarted container).
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && running(holder)) {
      const inProject = relative(projectRoot, folder);
      const shown = inProject && !inProject.startsWith('..') ? inProject : folder;
      throw new Error(
        `The embedded database in ${shown} is in use by process ${holder} (PGlite allows one process): stop it, or set DATABASE_URL. ` +
          `If no such process runs, delete ${lockFileOf(shown)}.`,
      );
    }
    try {
      unlinkSync(file);
    } catch {
      // another process took it over first: try again
    }
  }
  throw new Error(`Could not lock the embedded database folder ${folder}.`);
}
