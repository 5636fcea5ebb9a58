/**
 * Sums the self time of a V8 CPU profile (`node --cpu-prof`, a `.cpuprofile` file) by package, by file or by
 * function, and prints the top entries as a share of the busy time (the samples that were not idle).
 *
 *   node dist/bench/profile-summary.js /tmp/prof/CPU.….cpuprofile [--by package|file|function] [--top 25]
 *
 * Groups: an npm package (`@mikro-orm/core`, `pg`, …), the kit's own files (`kit src/core/db`, by folder), Node's
 * internals (`node:internal/streams`), native code without a script (`(native) writev`), and V8's own entries
 * (`(garbage collector)`, `(program)`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** How self time is grouped. */
export type Grouping = 'package' | 'file' | 'function';

/** One line of the summary: a group, its self time in ms and its share of the busy time. */
export interface SummaryLine {
  group: string;
  ms: number;
  percent: number;
}

const V8_ENTRIES = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

/** The package a script belongs to: the last `node_modules/<name>` (or `@scope/name`) of its URL. */
function packageOf(url: string): string | undefined {
  const at = url.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const [first, second] = url.slice(at + '/node_modules/'.length).split('/');
  return first!.startsWith('@') ? `${first}/${second}` : first;
}

function groupOf(frame: ProfileNode['callFrame'], by: Grouping): string {
  const { url, functionName } = frame;
  if (!url) return V8_ENTRIES.has(functionName) ? functionName : `(native) ${functionName || '(anonymous)'}`;
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const pkg = packageOf(path);
  const where = pkg ?? (path.startsWith('node:') ? path : kitPath(path));
  if (by === 'function') return `${functionName || '(anonymous)'} ${pkg ? `${pkg} ${path.slice(path.lastIndexOf('/') + 1)}` : where}:${frame.lineNumber + 1}`;
  if (by === 'file') return pkg ? `${pkg} ${path.slice(path.lastIndexOf(`/node_modules/${pkg}/`) + `/node_modules/${pkg}/`.length)}` : where;
  if (pkg) return pkg;
  if (path.startsWith('node:')) return path.split('/').slice(0, 2).join('/');
  // The kit's own code, by folder (`kit src/core/db`).
  return `kit ${where.split('/').slice(0, -1).join('/') || where}`;
}

/** A path inside the project, from its `dist/` folder (`src/core/db/context.js`). */
function kitPath(path: string): string {
  const at = path.lastIndexOf('/dist/');
  return at < 0 ? path : path.slice(at + '/dist/'.length);
}

/** Nodes under a frame of bench/profile-hook.js: the profiler stopping and writing itself, not the server's work. */
function profilerNodes(nodes: Map<number, ProfileNode>): Set<number> {
  const excluded = new Set<number>();
  const mark = (id: number) => {
    if (excluded.has(id)) return;
    excluded.add(id);
    for (const child of nodes.get(id)?.children ?? []) mark(child);
  };
  for (const node of nodes.values()) if (node.callFrame.url.endsWith('/profile-hook.js')) mark(node.id);
  return excluded;
}

/** Self time per group, largest first, as shares of the time the process was not idle (the profiler's own left out). */
export function summarize(profile: CpuProfile, by: Grouping = 'package'): { busyMs: number; idleMs: number; lines: SummaryLine[] } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const excluded = profilerNodes(nodes);
  const totals = new Map<string, number>();
  let idle = 0;
  profile.samples.forEach((id, i) => {
    if (excluded.has(id)) return;
    const node = nodes.get(id)!;
    const micros = profile.timeDeltas[i] ?? 0;
    if (node.callFrame.functionName === '(idle)' && !node.callFrame.url) {
      idle += micros;
      return;
    }
    const group = groupOf(node.callFrame, by);
    totals.set(group, (totals.get(group) ?? 0) + micros);
  });
  const busy = [...totals.values()].reduce((a, b) => a + b, 0);
  const lines = [...totals]
    .map(([group, micros]) => ({ group, ms: micros / 1000, percent: busy > 0 ? (100 * micros) / busy : 0 }))
    .sort((a, b) => b.ms - a.ms);
  return { busyMs: busy / 1000, idleMs: idle / 1000, lines };
}

/** The summary as text: a header and the top `top` lines (of bytes allocated, for a heap profile read by readProfile). */
export function formatSummary(file: string, profile: CpuProfile, by: Grouping, top: number): string {
  const { busyMs, idleMs, lines } = summarize(profile, by);
  if (file.endsWith('.heapprofile')) {
    const out = [`${file}: ${(busyMs / 1000).toFixed(1)} MB allocated (sampled); by ${by}:`];
    for (const line of lines.slice(0, top)) out.push(`${line.percent.toFixed(1).padStart(6)}%  ${(line.ms / 1000).toFixed(1).padStart(7)} MB  ${line.group}`);
    return out.join('\n');
  }
  const out = [`${file}: busy ${(busyMs / 1000).toFixed(2)} s, idle ${(idleMs / 1000).toFixed(2)} s; self time by ${by}, share of busy time:`];
  for (const line of lines.slice(0, top)) out.push(`${line.percent.toFixed(1).padStart(6)}%  ${line.ms.toFixed(0).padStart(7)} ms  ${line.group}`);
  return out.join('\n');
}

interface HeapProfileNode {
  id: number;
  callFrame: ProfileNode['callFrame'];
  children: HeapProfileNode[];
}

/**
 * Reads a `.cpuprofile`, or a sampling heap profile (`.heapprofile`) as one whose samples are allocations and whose
 * "micro-seconds" are bytes, so that the same summary sums bytes allocated by package, file or function.
 */
export function readProfile(file: string): CpuProfile {
  const data = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile | { head: HeapProfileNode; samples: Array<{ size: number; nodeId: number }> };
  if (!('head' in data)) return data;
  const nodes: ProfileNode[] = [];
  const flatten = (node: HeapProfileNode) => {
    nodes.push({ id: node.id, callFrame: node.callFrame, children: node.children.map((child) => child.id) });
    node.children.forEach(flatten);
  };
  flatten(data.head);
  return { nodes, samples: data.samples.map((sample) => sample.nodeId), timeDeltas: data.samples.map((sample) => sample.size) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { by: { type: 'string', default: 'package' }, top: { type: 'string', default: '25' } } });
  const by = values.by as Grouping;
  if (!['package', 'file', 'function'].includes(by)) throw new Error(`--by: package, file or function, not ${by}`);
  if (positionals.length === 0) throw new Error('usage: profile-summary <file.cpuprofile>… [--by package|file|function] [--top N]');
  for (const file of positionals) console.log(formatSummary(file, readProfile(file), by, Number(values.top)));
}
