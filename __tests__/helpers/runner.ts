/**
 * Runs the action's built entry points the way the GitHub runner does: each step is a child
 * process (`node dist/action/<step>.js`) with `INPUT_<NAME>` variables (upper case, spaces to `_`,
 * hyphens kept; defaults from the action.yml), fresh GITHUB_ENV / GITHUB_STATE / GITHUB_OUTPUT /
 * GITHUB_PATH / GITHUB_STEP_SUMMARY files per step, and between steps: the exported variables
 * (including the `name<<delimiter` heredoc form) and PATH additions go to every later step, and an
 * action's saved state comes back to its own later steps as `STATE_<name>`.
 * Used by the action tests and by scripts/demo.ts.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `name: default` of every input of an action.yml (the runner passes defaults as INPUT_ too). */
export async function actionDefaults(actionYml: string): Promise<Record<string, string>> {
  const text = await readFile(actionYml, 'utf8');
  const defaults: Record<string, string> = {};
  let inInputs = false;
  let current: string | undefined;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) {
      inInputs = line.startsWith('inputs:');
      current = undefined;
      continue;
    }
    if (!inInputs) continue;
    const name = /^ {2}([\w-]+):\s*$/.exec(line);
    if (name) {
      current = name[1]!;
      continue;
    }
    const def = /^ {4}default:\s*(.*)$/.exec(line);
    if (def && current) defaults[current] = unquote(def[1]!.trim());
  }
  return defaults;
}

function unquote(v: string): string {
  if (v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  if (v.startsWith('"') && v.endsWith('"')) return JSON.parse(v) as string;
  return v;
}

/** Parses a GITHUB_ENV / GITHUB_STATE / GITHUB_OUTPUT file: `name=value` lines and `name<<delim` heredocs. */
export function parseFileCommands(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delim) value.push(lines[i++]!);
      if (i >= lines.length) throw new Error(`unterminated ${name}<<${delim} in a runner file`);
      out.set(name!, value.join('\n'));
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`malformed runner file line: ${JSON.stringify(line)}`);
    out.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return out;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
}

export interface StepResult {
  step: string;
  code: number;
  stdout: string;
  stderr: string;
  outputs: Map<string, string>;
  /** Variables this step exported. */
  exported: Map<string, string>;
  /** Directories this step added to PATH. */
  paths: string[];
  state: Map<string, string>;
  summary: string;
  annotations: Annotation[];
  /** Every runner file of this step, as written, to check that no secret reached one. */
  files: Record<string, string>;
}

export interface JobOptions {
  /** The node binary that runs the steps (the action declares node24). */
  node: string;
  /** Extra environment for every step (e.g. AWS_* for the default credential chain). */
  env?: Record<string, string>;
  /** Directory of the built action (default: the repository's dist/). */
  dist?: string;
}

/** `::warning::text` style workflow commands on stdout (annotations), with %-escapes decoded. */
function parseAnnotations(stdout: string): Annotation[] {
  const out: Annotation[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)[^:]*::(.*)$/.exec(line);
    if (m) {
      out.push({
        level: m[1] as Annotation['level'],
        message: m[2]!.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
      });
    }
  }
  return out;
}

/**
 * One job on one runner: a workspace, a RUNNER_TEMP, the variables and PATH entries that earlier
 * steps exported, and each action instance's state.
 */
export class RunnerJob {
  readonly env: Record<string, string> = {};
  readonly paths: string[] = [];
  readonly summaries: string[] = [];
  private readonly states = new Map<string, Map<string, string>>();
  private stepCount = 0;

  private constructor(
    readonly root: string,
    readonly runnerTemp: string,
    readonly workspace: string,
    private readonly opts: JobOptions
  ) {}

  static async create(opts: JobOptions): Promise<RunnerJob> {
    const root = await mkdtemp(join(tmpdir(), 'compile-cache-job-'));
    const runnerTemp = join(root, 'runner-temp');
    const workspace = join(root, 'workspace');
    await mkdir(runnerTemp, { recursive: true });
    await mkdir(workspace, { recursive: true });
    return new RunnerJob(root, runnerTemp, workspace, opts);
  }

  /** The PATH later steps see: added directories first, newest first, as the runner does. */
  pathValue(base = process.env.PATH ?? ''): string {
    return [...this.paths].reverse().concat(base).join(delimiter);
  }

  /** Environment a plain `run:` step of this job would see. */
  stepEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      ...this.opts.env,
      ...this.env,
      RUNNER_TEMP: this.runnerTemp,
      PATH: this.pathValue()
    };
  }

  /**
   * Runs `<dist>/action/<script>.js` for the action instance `instance` (its state is kept apart),
   * with the inputs given plus the defaults of `actionYml` (path relative to the repository).
   */
  async run(
    script: 'pre' | 'main' | 'post' | 'restore' | 'save',
    inputs: Record<string, string>,
    opts: { instance?: string; actionYml?: string } = {}
  ): Promise<StepResult> {
    const instance = opts.instance ?? 'compile-cache';
    const actionYml = join(REPO_ROOT, opts.actionYml ?? 'action.yml');
    const defaults = await actionDefaults(actionYml);
    const n = ++this.stepCount;
    const fileDir = join(this.root, `step-${n}-${script}`);
    await mkdir(fileDir, { recursive: true });
    const files = {
      GITHUB_ENV: join(fileDir, 'env'),
      GITHUB_STATE: join(fileDir, 'state'),
      GITHUB_OUTPUT: join(fileDir, 'output'),
      GITHUB_PATH: join(fileDir, 'path'),
      GITHUB_STEP_SUMMARY: join(fileDir, 'summary')
    };
    for (const f of Object.values(files)) await writeFile(f, '');

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...this.opts.env,
      ...this.env,
      PATH: this.pathValue(),
      RUNNER_TEMP: this.runnerTemp,
      GITHUB_WORKSPACE: this.workspace,
      GITHUB_ACTIONS: 'true',
      // A test that runs pre without post leaves the compile server idle: it goes after 30 s.
      COMPILE_CACHE_SERVER_IDLE: '30',
      ...files
    };
    // Inputs of the jest process itself must not leak in.
    for (const k of Object.keys(env)) if (k.startsWith('INPUT_') || k.startsWith('STATE_')) delete env[k];
    for (const [name, value] of Object.entries({ ...defaults, ...inputs })) {
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    }
    for (const [name, value] of this.states.get(instance) ?? []) env[`STATE_${name}`] = value;

    const dist = this.opts.dist ?? join(REPO_ROOT, 'dist');
    const { code, stdout, stderr } = await runProcess(
      this.opts.node,
      [join(dist, 'action', `${script}.js`)],
      {
        cwd: this.workspace,
        env
      }
    );

    const text: Record<string, string> = {};
    for (const [k, f] of Object.entries(files)) text[k] = await readFile(f, 'utf8');
    const exported = parseFileCommands(text.GITHUB_ENV!);
    const state = parseFileCommands(text.GITHUB_STATE!);
    const outputs = parseFileCommands(text.GITHUB_OUTPUT!);
    const paths = text.GITHUB_PATH!.split('\n').filter(l => l !== '');
    for (const [k, v] of exported) this.env[k] = v;
    this.paths.push(...paths);
    const kept = this.states.get(instance) ?? new Map<string, string>();
    for (const [k, v] of state) kept.set(k, v);
    this.states.set(instance, kept);
    this.summaries.push(text.GITHUB_STEP_SUMMARY!);
    return {
      step: script,
      code,
      stdout,
      stderr,
      outputs,
      exported,
      paths,
      state,
      summary: text.GITHUB_STEP_SUMMARY!,
      annotations: parseAnnotations(stdout),
      files: text
    };
  }

  /** The post step's condition: `success() || env.COMPILE_CACHE_SAVE_ON_FAILURE == 'true'`. */
  postRuns(jobFailed: boolean): boolean {
    return !jobFailed || this.env.COMPILE_CACHE_SAVE_ON_FAILURE === 'true';
  }

  /** Runs a shell command as a `run:` step of this job (exported variables and PATH apply). */
  async shell(
    command: string,
    cwd = this.workspace
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return runProcess('/bin/sh', ['-c', command], { cwd, env: this.stepEnv() });
  }
}

export function runProcess(
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv }
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', code => resolvePromise({ code: code ?? 1, stdout, stderr }));
  });
}
